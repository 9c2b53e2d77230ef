import { requireStaff } from '$lib/guard.server';
import { getServices } from '$lib/server/services';
import { ROLE_LABELS } from '$lib/shared/roles';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const user = requireStaff(locals, 'accounts:manage');
	const accounts = getServices()
		.staffAdmin.list(user)
		.map((account) => ({
			id: account.id,
			username: account.username,
			displayName: account.displayName,
			roleLabel: ROLE_LABELS[account.role],
			isSafeguardingLead: account.isSafeguardingLead,
			active: account.active,
			isDemo: account.isDemo,
			createdAt: account.createdAt,
			twoFactorEnabled: account.twoFactorEnabled,
			mustChangePassword: account.mustChangePassword,
			lockedUntil: account.lockedUntil,
			isYou: account.id === user.id
		}));
	return { accounts };
};
