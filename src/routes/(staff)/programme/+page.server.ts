import { requireStaff } from '$lib/guard.server';
import { programmeOutline } from '$lib/server/programme/outline';
import { can } from '$lib/shared/permissions';
import { programmeService } from './service.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const user = requireStaff(locals, 'programme:view');
	const service = programmeService();
	const id = service.latestId();
	const canEdit = can(user.role, 'programme:edit');
	return {
		version: service.version(id)!,
		outline: programmeOutline(service.programme(id)),
		canEdit,
		hasDraft: canEdit && service.draft(user.id) !== undefined
	};
};
