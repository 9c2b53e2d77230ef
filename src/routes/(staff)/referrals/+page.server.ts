import { requireStaff } from '$lib/guard.server';
import { CASE_STATUSES, CASE_STATUS_LABELS, type CaseStatus } from '$lib/server/cases/case-status';
import { getServices } from '$lib/server/services';
import { SUITABILITY_LABELS } from '$lib/shared/cases';
import type { PageServerLoad } from './$types';

const PLACED: CaseStatus[] = ['allocated', 'in-programme', 'completed'];
const SORTS = ['updated', 'name'] as const;

export const load: PageServerLoad = ({ locals, url }) => {
	const user = requireStaff(locals, 'referrals:view');
	const all = getServices().cases.list(user);

	const statusParam = url.searchParams.get('status');
	const status = CASE_STATUSES.find((s) => s === statusParam) ?? null;
	const view = url.searchParams.get('view') === 'board' ? 'board' : 'list';
	const sortParam = url.searchParams.get('sort');
	const sort = SORTS.find((s) => s === sortParam) ?? 'updated';

	const rows = all.map((c) => ({
		id: c.id,
		name: c.name,
		status: c.status,
		statusLabel: CASE_STATUS_LABELS[c.status],
		localAuthority: c.localAuthority,
		referrer: c.referrer,
		groupName:
			c.groupName ||
			(c.suitability && c.suitability !== 'group' && PLACED.includes(c.status)
				? SUITABILITY_LABELS[c.suitability]
				: ''),
		updatedAt: c.updatedAt
	}));
	const shown = rows
		.filter((r) => status === null || r.status === status)
		.sort((a, b) => (sort === 'name' ? a.name.localeCompare(b.name) : b.updatedAt - a.updatedAt));

	return {
		view,
		status,
		sort,
		total: rows.length,
		statuses: CASE_STATUSES.map((s: CaseStatus) => ({
			id: s,
			label: CASE_STATUS_LABELS[s],
			count: rows.filter((r) => r.status === s).length
		})),
		rows: shown,
		board: CASE_STATUSES.map((s) => ({
			id: s,
			label: CASE_STATUS_LABELS[s],
			cards: rows.filter((r) => r.status === s)
		}))
	};
};
