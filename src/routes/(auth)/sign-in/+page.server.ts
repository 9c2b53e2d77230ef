import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { getServices } from '$lib/server/services';
import { setPendingCookie, setSessionCookie } from '$lib/session-cookie.server';
import { formErrors, lockedMessage, safeRedirect, withRedirect } from '$lib/sign-in.server';
import type { Actions, PageServerLoad } from './$types';

const signInSchema = z.object({
	username: z.string().trim().min(1, 'Enter your username.').max(80, 'That username is too long.'),
	password: z.string().min(1, 'Enter your password.').max(256, 'That password is too long.')
});

const REASONS = {
	idle: 'You were signed out because Circlework was not used for a while on this device. This protects the records. Sign in again to carry on.',
	ended:
		'Your sign-in reached its time limit, so you were signed out to protect the records. Sign in again to carry on.',
	deactivated: 'You were signed out. Ask a coordinator if you think this is a mistake.'
} as const;

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeRedirect(url.searchParams.get('redirectTo')));
	const reason = url.searchParams.get('reason');
	const config = getServices().config;
	return {
		demo: config.demo,
		signedOut: url.searchParams.has('signedOut'),
		reason: reason && reason in REASONS ? REASONS[reason as keyof typeof REASONS] : null
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
		if (!parsed.success) return fail(400, { username, errors: formErrors(parsed.error.issues) });

		const services = getServices();
		const result = await services.signIn.signIn(
			parsed.data.username,
			parsed.data.password,
			getClientAddress()
		);
		if (!result.ok) {
			if (result.reason === 'locked') {
				return fail(429, { username, errors: { form: lockedMessage(result.lockedUntil) } });
			}
			if (result.reason === 'throttled') {
				const minutes = Math.max(1, Math.ceil(result.retryAfterMs / 60_000));
				return fail(429, {
					username,
					errors: {
						form: `Too many failed attempts from this device. For your security, wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again, or ask a coordinator to help.`
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

		const target = url.searchParams.get('redirectTo');
		if (result.secondFactor) {
			const pending = services.pendingSignIns.create(result.userId);
			setPendingCookie(cookies, pending.token, pending.expiresAt);
			redirect(303, withRedirect('/sign-in/code', target));
		}
		const session = services.sessions.create(result.userId);
		setSessionCookie(cookies, session.token, session.expiresAt);
		redirect(303, safeRedirect(target));
	}
};
