import { redirect } from '@sveltejs/kit';
import { disconnectStaffSessions } from '$lib/server/realtime';
import { getServices } from '$lib/server/services';
import { clearSessionCookie } from '$lib/session-cookie.server';
import type { RequestHandler } from './$types';

/** Signs out this browser: ends the session, closes its live connections, clears the cookie. */
export const POST: RequestHandler = ({ locals, cookies }) => {
	if (locals.sessionId) {
		getServices().sessions.invalidate(locals.sessionId);
		disconnectStaffSessions([locals.sessionId]);
	}
	clearSessionCookie(cookies);
	redirect(303, '/sign-in?signedOut=1');
};

export const GET: RequestHandler = () => redirect(303, '/sign-in');
