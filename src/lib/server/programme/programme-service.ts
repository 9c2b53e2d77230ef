import type { ProgrammeVersionStore } from '../db/programme-versions';
import { diffProgrammes, type ProgrammeDiff } from './diff';
import { programmeProblems, type FieldProblem } from './issues';
import {
	ensureProgrammeSeeded,
	programmeSchema,
	programmeVersion,
	type Programme
} from './programme';

/**
 * Programme versions for staff pages, and the coordinators' editor: each coordinator edits
 * her own draft; publishing validates the whole programme and inserts a new version. Published
 * versions never change, so a group or a live session keeps the version it started with.
 */

export interface ProgrammeDraft {
	baseVersionId: number;
	programme: Programme;
	updatedAt: number;
}

/** Where drafts are kept between requests, one per coordinator. */
export interface DraftStore {
	get(userId: string): ProgrammeDraft | undefined;
	set(userId: string, draft: ProgrammeDraft): void;
	delete(userId: string): void;
}

/** Drafts in memory: they last until the server restarts. */
export function createMemoryDraftStore(): DraftStore {
	const drafts = new Map<string, ProgrammeDraft>();
	return {
		get: (userId) => drafts.get(userId),
		set: (userId, draft) => void drafts.set(userId, draft),
		delete: (userId) => void drafts.delete(userId)
	};
}

export interface VersionSummary {
	id: number;
	title: string;
	note: string;
	createdAt: number;
	publishedBy: string | null;
}

export type PublishResult =
	{ ok: true; versionId: number } | { ok: false; problems: FieldProblem[] };

/** The file a version exports to, and what import reads back. */
export const EXPORT_FORMAT = 'circlework-programme';

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

export function createProgrammeService(deps: {
	versions: ProgrammeVersionStore;
	drafts: DraftStore;
	/** A staff member's display name, for "published by". */
	nameOf: (userId: string) => string | null;
	now?: () => number;
}) {
	const now = deps.now ?? Date.now;

	function summary(record: {
		id: number;
		title: string;
		note: string;
		createdBy: string | null;
		createdAt: number;
	}): VersionSummary {
		return {
			id: record.id,
			title: record.title,
			note: record.note,
			createdAt: record.createdAt,
			publishedBy: record.createdBy ? deps.nameOf(record.createdBy) : null
		};
	}

	function insert(programme: Programme, note: string, userId: string): number {
		return deps.versions.insert({
			title: programme.title,
			content: JSON.stringify(programme),
			note,
			createdBy: userId,
			createdAt: now()
		});
	}

	function validate(
		input: unknown
	): { ok: true; programme: Programme } | { ok: false; problems: FieldProblem[] } {
		const result = programmeSchema.safeParse(input);
		if (result.success) return { ok: true, programme: result.data };
		return { ok: false, problems: programmeProblems(result.error.issues, input) };
	}

	return {
		/** The version new groups and sessions use (seeding version 1 on a new database). */
		latestId(): number {
			return ensureProgrammeSeeded(deps.versions, now());
		},

		programme(versionId: number): Programme {
			return programmeVersion(deps.versions, versionId);
		},

		version(versionId: number): VersionSummary | undefined {
			const record = deps.versions.findById(versionId);
			return record ? summary(record) : undefined;
		},

		versions(): VersionSummary[] {
			this.latestId();
			return deps.versions.list().map(summary);
		},

		diff(fromId: number, toId: number): ProgrammeDiff {
			return diffProgrammes(this.programme(fromId), this.programme(toId));
		},

		/** Her draft, if she has one. */
		draft(userId: string): ProgrammeDraft | undefined {
			return deps.drafts.get(userId);
		},

		/** What she edits: her draft, or the latest version when she has none yet. */
		editable(userId: string): { programme: Programme; baseVersionId: number; isDraft: boolean } {
			const draft = deps.drafts.get(userId);
			if (draft)
				return { programme: draft.programme, baseVersionId: draft.baseVersionId, isDraft: true };
			const latest = this.latestId();
			return { programme: this.programme(latest), baseVersionId: latest, isDraft: false };
		},

		/** Applies one change to her draft, starting the draft from the latest version. */
		edit(userId: string, change: (programme: Programme) => Programme): Programme {
			const { programme, baseVersionId } = this.editable(userId);
			const next = change(programme);
			deps.drafts.set(userId, { baseVersionId, programme: next, updatedAt: now() });
			return next;
		},

		discard(userId: string): void {
			deps.drafts.delete(userId);
		},

		/** Problems that would stop her draft being published. */
		draftProblems(userId: string): FieldProblem[] {
			const draft = deps.drafts.get(userId);
			if (!draft) return [];
			const result = validate(draft.programme);
			return result.ok ? [] : result.problems;
		},

		/** What her draft changes, compared with the version it started from. */
		draftDiff(userId: string): ProgrammeDiff | null {
			const draft = deps.drafts.get(userId);
			if (!draft) return null;
			return diffProgrammes(this.programme(draft.baseVersionId), draft.programme);
		},

		/** Validates her whole draft and publishes it as a new version. */
		publish(userId: string, note: string): PublishResult {
			const draft = deps.drafts.get(userId);
			if (!draft) {
				return {
					ok: false,
					problems: [{ path: '', where: '', message: 'There are no changes to publish.' }]
				};
			}
			const result = validate(draft.programme);
			if (!result.ok) return result;
			const versionId = insert(result.programme, note, userId);
			deps.drafts.delete(userId);
			return { ok: true, versionId };
		},

		/** A version as a downloadable file, with a discreet name. */
		exportFile(versionId: number): { fileName: string; body: string } {
			const record = deps.versions.findById(versionId);
			if (!record) throw new Error(`Programme version ${versionId} does not exist.`);
			const file = {
				format: EXPORT_FORMAT,
				formatVersion: 1,
				version: record.id,
				publishedAt: new Date(record.createdAt).toISOString(),
				note: record.note,
				programme: this.programme(versionId)
			};
			return {
				fileName: `programme-v${record.id}.json`,
				body: `${JSON.stringify(file, null, '\t')}\n`
			};
		},

		/**
		 * Reads an exported file (or a bare programme), validates it and publishes it as a new
		 * version. Problems name the module, the exercise and the field.
		 */
		importFile(userId: string, text: string, note: string): PublishResult {
			if (text.length > MAX_IMPORT_BYTES) {
				return {
					ok: false,
					problems: [
						{ path: '', where: 'The file', message: 'The file is too large: the limit is 5 MB.' }
					]
				};
			}
			let data: unknown;
			try {
				data = JSON.parse(text);
			} catch (err) {
				const detail = err instanceof Error ? err.message : '';
				return {
					ok: false,
					problems: [
						{
							path: '',
							where: 'The file',
							message: `This is not a programme file: it is not valid JSON (${detail}).`
						}
					]
				};
			}
			const wrapped =
				data && typeof data === 'object' && 'programme' in data
					? (data as { format?: unknown; programme: unknown })
					: null;
			if (wrapped && wrapped.format !== undefined && wrapped.format !== EXPORT_FORMAT) {
				return {
					ok: false,
					problems: [
						{
							path: 'format',
							where: 'The file',
							message: 'This is not a Circlework programme file.'
						}
					]
				};
			}
			const input = wrapped ? wrapped.programme : data;
			const result = validate(input);
			if (!result.ok) return result;
			return { ok: true, versionId: insert(result.programme, note, userId) };
		}
	};
}

export type ProgrammeService = ReturnType<typeof createProgrammeService>;
