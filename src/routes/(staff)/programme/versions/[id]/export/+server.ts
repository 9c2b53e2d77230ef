import { error } from '@sveltejs/kit';
import { requireStaff } from '$lib/guard.server';
import { programmeService, versionParam } from '../../../service.server';
import type { RequestHandler } from './$types';

/** Downloads a version as a JSON file with a discreet name, e.g. programme-v3.json. */
export const GET: RequestHandler = ({ locals, params }) => {
	requireStaff(locals, 'programme:view');
	const service = programmeService();
	const id = versionParam(params.id);
	if (id === null || !service.version(id))
		error(404, 'There is no programme version with that number.');
	const file = service.exportFile(id);
	return new Response(file.body, {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="${file.fileName}"`,
			'cache-control': 'no-store'
		}
	});
};
