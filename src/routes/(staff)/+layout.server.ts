import { error, redirect } from '@sveltejs/kit';
import { navFor } from '$lib/navigation';
import { ROLE_LABELS } from '$lib/shared/roles';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, url }) => {
	const user = locals.user;
	if (!user) redirect(303, `/sign-in?redirectTo=${encodeURIComponent(url.pathname)}`);
	if (locals.accessDenied) error(403, 'This page is not available to your role.');
	return {
		staff: {
			displayName: user.displayName,
			role: user.role,
			roleLabel: ROLE_LABELS[user.role],
			isSafeguardingLead: user.isSafeguardingLead
		},
		nav: navFor(user.role).map(({ href, label }) => ({ href, label }))
	};
};
