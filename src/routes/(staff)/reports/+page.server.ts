import { requireStaff } from '$lib/guard.server';
import { getServices } from '$lib/server/services';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const user = requireStaff(locals, 'reports:view');
	const reports = getServices()
		.assessment.list(user)
		.map((r) => ({
			caseId: r.caseId,
			name: r.name,
			groupName: r.groupName,
			status: r.status,
			statusLabel: r.statusLabel,
			recommendation: r.recommendation,
			version: r.version,
			updatedAt: r.updatedAt,
			deadline: r.deadline
		}));
	return { reports };
};
