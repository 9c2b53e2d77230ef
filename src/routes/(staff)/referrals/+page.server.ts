import { requireStaff } from '$lib/guard.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	requireStaff(locals, 'referrals:view');
	return {};
};
