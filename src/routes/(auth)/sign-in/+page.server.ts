import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { getServices } from '$lib/server/services';
import { setSessionCookie } from '$lib/session-cookie.server';
import type { Actions, PageServerLoad } from './$types';

const signInSchema = z.object({
	username: z.string().trim().min(1, 'Enter your username.').max(80, 'That username is too long.'),
	password: z.string().min(1, 'Enter your password.').max(256, 'That password is too long.')
});

/** Only same-site paths are followed after sign-in. */
function safeRedirect(target: string | null): string {
	if (!target || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) {
		return '/dashboard';
	}
	return target;
}

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeRedirect(url.searchParams.get('redirectTo')));
	return {
		demo: getServices().config.demo,
		signedOut: url.searchParams.has('signedOut')
	};
};

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const form = await request.formData();
		const raw = { username: form.get('username'), password: form.get('password') };
		const parsed = signInSchema.safeParse({
			username: typeof raw.username === 'string' ? raw.username : '',
			password: typeof raw.password === 'string' ? raw.password : ''
		});
		const username = typeof raw.username === 'string' ? raw.username.slice(0, 80) : '';
		if (!parsed.success) {
			const errors: Record<string, string> = {};
			for (const issue of parsed.error.issues) {
				const key = String(issue.path[0]);
				errors[key] ??= issue.message;
			}
			return fail(400, { username, errors });
		}

		const services = getServices();
		const result = await services.signIn.signIn(
			parsed.data.username,
			parsed.data.password,
			getClientAddress()
		);
		if (!result.ok) {
			if (result.reason === 'throttled') {
				const minutes = Math.max(1, Math.ceil(result.retryAfterMs / 60_000));
				return fail(429, {
					username,
					errors: {
						form: `Too many failed attempts. For your security, wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again, or ask a coordinator to help.`
					}
				});
			}
			return fail(400, {
				username,
				errors: {
					form: 'The username or password is not right. Check them and try again.'
				}
			});
		}

		const session = services.sessions.create(result.userId);
		setSessionCookie(cookies, session.token, session.expiresAt);
		redirect(303, safeRedirect(url.searchParams.get('redirectTo')));
	}
};
