import { error } from '@sveltejs/kit';
import { requireStaff } from '$lib/guard.server';
import { LiveError } from '$lib/server/live/errors';
import { getServices } from '$lib/server/services';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) => {
	const user = requireStaff(locals, 'groups:view');
	try {
		return getServices().cases.viewGroup(user, params.id);
	} catch (err) {
		if (err instanceof LiveError) error(err.code === 'not-found' ? 404 : 403, err.message);
		throw err;
	}
};
