import { requireStaff } from '$lib/guard.server';
import { can } from '$lib/shared/permissions';
import { programmeService } from '../service.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const user = requireStaff(locals, 'programme:view');
	return {
		versions: programmeService().versions(),
		canEdit: can(user.role, 'programme:edit')
	};
};
