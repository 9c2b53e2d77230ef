import { getServices } from '$lib/server/services';
import { createProgrammeVersionStore } from '$lib/server/db/programme-versions';
import {
	createMemoryDraftStore,
	createProgrammeService,
	type DraftStore,
	type ProgrammeService
} from '$lib/server/programme/programme-service';

// Coordinators' drafts live for the life of the process (kept across dev reloads).
const DRAFTS_KEY = Symbol.for('circlework.programme-drafts');
type GlobalWithDrafts = typeof globalThis & { [DRAFTS_KEY]?: DraftStore };

const byDatabase = new WeakMap<object, ProgrammeService>();

/** The programme service for the process's database. */
export function programmeService(): ProgrammeService {
	const services = getServices();
	const existing = byDatabase.get(services.db);
	if (existing) return existing;
	const g = globalThis as GlobalWithDrafts;
	const drafts = (g[DRAFTS_KEY] ??= createMemoryDraftStore());
	const service = createProgrammeService({
		versions: createProgrammeVersionStore(services.db),
		drafts,
		nameOf: (id) => services.users.findById(id)?.displayName ?? null
	});
	byDatabase.set(services.db, service);
	return service;
}

/** A version id from the URL, or null when it is not a whole number. */
export function versionParam(value: string | null): number | null {
	if (value === null || !/^\d{1,9}$/.test(value)) return null;
	return Number(value);
}
