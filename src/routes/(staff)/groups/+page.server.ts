import { requireStaff } from '$lib/guard.server';
import { getServices } from '$lib/server/services';
import { can } from '$lib/shared/permissions';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const user = requireStaff(locals, 'groups:view');
	return {
		groups: getServices().cases.listGroups(user),
		canCreate: can(user.role, 'groups:manage')
	};
};
