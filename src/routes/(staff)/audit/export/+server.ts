import { error } from '@sveltejs/kit';
import { requireStaff } from '$lib/guard.server';
import { getServices } from '$lib/server/services';
import { auditFilterSchema } from '$lib/shared/audit';
import type { RequestHandler } from './$types';

/** The filtered audit log as CSV. A POST, because each export is itself audited. */
export const POST: RequestHandler = async ({ locals, request }) => {
	const user = requireStaff(locals, 'audit:view');
	const form = await request.formData();
	const field = (name: string) => {
		const value = form.get(name);
		return typeof value === 'string' ? value.slice(0, 200) : undefined;
	};
	const parsed = auditFilterSchema.safeParse({
		from: field('from'),
		to: field('to'),
		staff: field('staff'),
		action: field('action'),
		record: field('record')
	});
	if (!parsed.success) error(400, parsed.error.issues[0]?.message ?? 'The filter was not valid.');
	const { csv } = getServices().auditLog.exportCsv(user, parsed.data);
	const day = new Date().toISOString().slice(0, 10);
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="audit-log-${day}.csv"`,
			'cache-control': 'no-store'
		}
	});
};
