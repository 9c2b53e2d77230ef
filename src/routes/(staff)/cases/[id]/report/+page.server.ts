import { error } from '@sveltejs/kit';
import { requireStaff } from '$lib/guard.server';
import { LiveError } from '$lib/server/live/errors';
import { getServices } from '$lib/server/services';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) => {
	const user = requireStaff(locals, 'reports:view');
	try {
		const model = getServices().assessment.model(user, params.id, 'view');
		return { caseId: params.id, model };
	} catch (err) {
		if (err instanceof LiveError) error(err.code === 'not-found' ? 404 : 403, err.message);
		throw err;
	}
};
