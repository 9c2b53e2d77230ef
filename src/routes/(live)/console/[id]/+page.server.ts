import { error } from '@sveltejs/kit';
import { requireStaff } from '$lib/guard.server';
import { LiveError } from '$lib/server/live/errors';
import { getServices } from '$lib/server/services';
import { ASSESSMENT_DOMAINS } from '$lib/shared/assessment';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) => {
	const user = requireStaff(locals, 'live:run');
	if (locals.accessDenied) error(403, 'This page is not available to your role.');
	try {
		const session = getServices().live.consoleAccess(user, params.id);
		return {
			session,
			domains: ASSESSMENT_DOMAINS.map((d) => ({ id: d.id, title: d.title })),
			staffName: user.displayName,
			oneToOne: getServices().oneToOne.isOneToOne(session.id)
		};
	} catch (err) {
		if (err instanceof LiveError) error(err.code === 'not-found' ? 404 : 403, err.message);
		throw err;
	}
};
