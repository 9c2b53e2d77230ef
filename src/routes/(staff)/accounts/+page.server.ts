import { requireStaff } from '$lib/guard.server';
import { getServices } from '$lib/server/services';
import { ROLE_LABELS } from '$lib/shared/roles';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	requireStaff(locals, 'accounts:manage');
	const accounts = getServices()
		.users.list()
		.map((user) => ({
			id: user.id,
			username: user.username,
			displayName: user.displayName,
			roleLabel: ROLE_LABELS[user.role],
			isSafeguardingLead: user.isSafeguardingLead,
			active: user.active,
			isDemo: user.isDemo,
			createdAt: user.createdAt
		}));
	return { accounts };
};
