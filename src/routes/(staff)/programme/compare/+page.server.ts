import { error } from '@sveltejs/kit';
import { requireStaff } from '$lib/guard.server';
import { programmeService, versionParam } from '../service.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	requireStaff(locals, 'programme:view');
	const service = programmeService();
	const latest = service.latestId();
	const to = versionParam(url.searchParams.get('to')) ?? latest;
	const from = versionParam(url.searchParams.get('from')) ?? Math.max(1, to - 1);
	const fromVersion = service.version(from);
	const toVersion = service.version(to);
	if (!fromVersion || !toVersion) error(404, 'There is no programme version with that number.');
	return {
		from: fromVersion,
		to: toVersion,
		diff: from === to ? null : service.diff(from, to),
		versions: service.versions().map((v) => v.id)
	};
};
