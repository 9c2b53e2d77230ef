import { error } from '@sveltejs/kit';
import { requireStaff } from '$lib/guard.server';
import { programmeOutline } from '$lib/server/programme/outline';
import { programmeService, versionParam } from '../../service.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) => {
	requireStaff(locals, 'programme:view');
	const service = programmeService();
	const id = versionParam(params.id);
	const version = id === null ? undefined : service.version(id);
	if (id === null || !version) error(404, 'There is no programme version with that number.');
	return {
		version,
		latestId: service.latestId(),
		outline: programmeOutline(service.programme(id))
	};
};
