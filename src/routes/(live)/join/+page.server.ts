import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { LiveError } from '$lib/server/live/errors';
import { getServices } from '$lib/server/services';
import { setTabletCookie } from '$lib/tablet-cookie.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
	const code = (url.searchParams.get('code') ?? '')
		.toUpperCase()
		.replace(/[^A-Z0-9]/g, '')
		.slice(0, 6);
	return { code, ended: url.searchParams.has('ended'), left: url.searchParams.has('left') };
};

const joinSchema = z.object({
	code: z
		.string()
		.transform((v) => v.toUpperCase().replace(/[\s-]/g, ''))
		.pipe(
			z
				.string()
				.min(1, 'Enter the session code. It is on the big screen.')
				.regex(/^[A-Z0-9]{6}$/, 'The session code has 6 letters and numbers.')
		),
	pin: z
		.string()
		.trim()
		.min(1, 'Enter your PIN. It is on your card.')
		.regex(/^\d{4}$/, 'Your PIN has 4 numbers.')
});

export const actions: Actions = {
	default: async ({ request, cookies, getClientAddress }) => {
		const form = await request.formData();
		const code = String(form.get('code') ?? '').slice(0, 20);
		const parsed = joinSchema.safeParse({ code, pin: String(form.get('pin') ?? '').slice(0, 20) });
		if (!parsed.success) {
			const errors: Record<string, string> = {};
			for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
			return fail(400, { code, errors });
		}
		try {
			const joined = getServices().live.join(parsed.data.code, parsed.data.pin, getClientAddress());
			setTabletCookie(cookies, joined.token);
		} catch (err) {
			if (err instanceof LiveError) {
				return fail(err.code === 'rate-limited' ? 429 : 400, {
					code,
					errors: { form: err.message }
				});
			}
			throw err;
		}
		redirect(303, '/tablet');
	}
};
