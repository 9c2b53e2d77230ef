import { requireStaff } from '$lib/guard.server';
import { noticePeriods } from '$lib/server/privacy/retention';
import { getServices } from '$lib/server/services';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	requireStaff(locals, 'privacy:view');
	return noticePeriods(getServices().config.retention);
};
