import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { codeSchema } from '$lib/server/auth/two-factor';
import { getServices } from '$lib/server/services';
import {
	clearPendingCookie,
	readPendingCookie,
	setSessionCookie
} from '$lib/session-cookie.server';
import { formErrors, lockedMessage, safeRedirect, withRedirect } from '$lib/sign-in.server';
import type { Actions, PageServerLoad } from './$types';

const schema = z.object({ code: codeSchema });

function pendingOf(cookies: Parameters<PageServerLoad>[0]['cookies']) {
	const token = readPendingCookie(cookies);
	return token ? getServices().pendingSignIns.find(token) : null;
}

export const load: PageServerLoad = ({ cookies, locals, url }) => {
	if (locals.user) redirect(303, safeRedirect(url.searchParams.get('redirectTo')));
	if (!pendingOf(cookies)) {
		clearPendingCookie(cookies);
		redirect(303, withRedirect('/sign-in', url.searchParams.get('redirectTo')));
	}
	return {};
};

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const target = url.searchParams.get('redirectTo');
		const pending = pendingOf(cookies);
		if (!pending) {
			clearPendingCookie(cookies);
			return fail(400, {
				expired: true,
				errors: {
					form: 'That took too long, so the sign-in was stopped. Sign in again with your password.'
				}
			});
		}
		const services = getServices();
		const lockedUntil = services.signIn.lockedUntil(pending.userId);
		if (lockedUntil !== null) {
			services.pendingSignIns.end(pending.id);
			clearPendingCookie(cookies);
			return fail(429, { expired: true, errors: { form: lockedMessage(lockedUntil) } });
		}
		const form = await request.formData();
		const raw = form.get('code');
		const parsed = schema.safeParse({ code: typeof raw === 'string' ? raw : '' });
		if (!parsed.success) return fail(400, { errors: formErrors(parsed.error.issues) });

		const check = services.twoFactor.checkCode(pending.userId, parsed.data.code);
		if (!check.ok) {
			const locked = services.signIn.secondFactorFailed(pending.userId, getClientAddress());
			if (locked !== null) {
				services.pendingSignIns.end(pending.id);
				clearPendingCookie(cookies);
				return fail(429, { expired: true, errors: { form: lockedMessage(locked) } });
			}
			return fail(400, {
				errors: {
					code: check.replayed
						? 'That code has just been used. Wait for the next code from your app, then enter it.'
						: 'That code is not right. Enter the newest 6-digit code from your authenticator app.'
				}
			});
		}
		services.signIn.secondFactorPassed(pending.userId);
		services.pendingSignIns.end(pending.id);
		clearPendingCookie(cookies);
		const session = services.sessions.create(pending.userId);
		setSessionCookie(cookies, session.token, session.expiresAt);
		redirect(303, safeRedirect(target));
	}
};
