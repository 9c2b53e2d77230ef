import { requireStaff } from '$lib/guard.server';
import { getServices } from '$lib/server/services';
import { auditFilterFromParams } from '$lib/shared/audit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const user = requireStaff(locals, 'audit:view');
	const parsed = auditFilterFromParams(url.searchParams);
	const raw = {
		from: url.searchParams.get('from') ?? '',
		to: url.searchParams.get('to') ?? '',
		staff: url.searchParams.get('staff') ?? '',
		action: url.searchParams.get('action') ?? '',
		record: url.searchParams.get('record') ?? ''
	};
	if (!parsed.success) {
		const errors: Record<string, string> = {};
		for (const issue of parsed.error.issues)
			errors[String(issue.path[0] ?? 'form')] ??= issue.message;
		const choices = getServices().auditLog.list(user, {});
		return {
			filter: raw,
			errors,
			rows: [],
			total: 0,
			page: 1,
			pages: 1,
			staff: choices.staff,
			actions: choices.actions
		};
	}
	const result = getServices().auditLog.list(user, parsed.data);
	return {
		filter: raw,
		errors: {} as Record<string, string>,
		rows: result.rows.map((r) => ({
			id: r.id,
			at: r.at,
			staff: r.staff,
			actionLabel: r.actionLabel,
			subjectType: r.subjectType,
			subjectId: r.subjectId,
			detail: r.detail
		})),
		total: result.total,
		page: result.page,
		pages: result.pages,
		staff: result.staff,
		actions: result.actions
	};
};
