import { json } from '@sveltejs/kit';
import { requireStaff } from '$lib/guard.server';
import { getServices } from '$lib/server/services';
import { readSessionCookie, setSessionCookie } from '$lib/session-cookie.server';
import type { RequestHandler } from './$types';

function timing(expiresAt: number, endsAt: number) {
	const now = Date.now();
	return {
		expiresInMs: Math.max(0, expiresAt - now),
		endsInMs: Math.max(0, endsAt - now),
		/** False when the absolute lifetime ends the session first: "Stay signed in" cannot help. */
		extendable: endsAt > expiresAt,
		warnBeforeMs: getServices().config.sessionWarningMs
	};
}

/** How long this sign-in has left. Checked without counting as activity (see the hook). */
export const GET: RequestHandler = ({ locals }) => {
	requireStaff(locals, 'account:manage-own');
	const session = locals.session!;
	return json(timing(session.expiresAt, session.endsAt), {
		headers: { 'cache-control': 'no-store' }
	});
};

/** "Stay signed in": counts as activity now. The absolute lifetime cannot be extended. */
export const POST: RequestHandler = ({ locals, cookies }) => {
	requireStaff(locals, 'account:manage-own');
	const extended = locals.sessionId ? getServices().sessions.extend(locals.sessionId) : null;
	const token = readSessionCookie(cookies);
	if (!extended || !token) return json({ signedOut: true }, { status: 401 });
	setSessionCookie(cookies, token, extended.expiresAt);
	return json(timing(extended.expiresAt, extended.endsAt));
};
