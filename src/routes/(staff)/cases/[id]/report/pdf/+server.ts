import { error } from '@sveltejs/kit';
import { requireStaff } from '$lib/guard.server';
import { renderReportPdf } from '$lib/server/assessment/report-pdf';
import { LiveError } from '$lib/server/live/errors';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** The report as a PDF, made on the server; a discreet file name with no names in it. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const user = requireStaff(locals, 'reports:view');
	let model;
	try {
		model = getServices().assessment.model(user, params.id, 'download');
	} catch (err) {
		if (err instanceof LiveError) error(err.code === 'not-found' ? 404 : 403, err.message);
		throw err;
	}
	const pdf = await renderReportPdf(model);
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="${model.fileName}"`,
			'cache-control': 'no-store'
		}
	});
};
