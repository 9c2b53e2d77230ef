import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { requireStaff } from '$lib/guard.server';
import { LiveError } from '$lib/server/live/errors';
import { subjectAccessPdf } from '$lib/server/privacy/subject-access-pdf';
import { getServices } from '$lib/server/services';
import type { RequestHandler } from './$types';

const formatSchema = z.enum(['json', 'pdf'], { message: 'Choose JSON or PDF.' });

/**
 * Her subject-access export as a download (coordinators only). A POST, because each export
 * is audited; the file name says nothing about her or the programme.
 */
export const POST: RequestHandler = async ({ locals, params, request }) => {
	const user = requireStaff(locals, 'cases:subject-access');
	const form = await request.formData();
	const format = formatSchema.safeParse(form.get('format'));
	if (!format.success) error(400, format.error.issues[0]?.message ?? 'Choose JSON or PDF.');
	const service = getServices().subjectAccess;
	let data;
	try {
		data = service.export(user, params.id, format.data);
	} catch (err) {
		if (err instanceof LiveError) error(err.code === 'not-found' ? 404 : 403, err.message);
		throw err;
	}
	const headers = {
		'content-disposition': `attachment; filename="${service.fileName(params.id, format.data)}"`,
		'cache-control': 'no-store'
	};
	if (format.data === 'json') {
		return new Response(JSON.stringify(data, null, 2), {
			headers: { ...headers, 'content-type': 'application/json; charset=utf-8' }
		});
	}
	const pdf = await subjectAccessPdf(data);
	return new Response(new Uint8Array(pdf), {
		headers: { ...headers, 'content-type': 'application/pdf' }
	});
};
