import { redirect } from '@sveltejs/kit';
import { LiveError } from '$lib/server/live/errors';
import { disconnectParticipant } from '$lib/server/realtime';
import { getServices } from '$lib/server/services';
import { clearTabletCookie, readTabletCookie } from '$lib/tablet-cookie.server';
import type { RequestHandler } from './$types';

/** Ends this tablet's place in the session: revokes its token and clears the cookie. */
function leave(cookies: Parameters<RequestHandler>[0]['cookies']): void {
	const token = readTabletCookie(cookies);
	if (token) {
		try {
			const who = getServices().live.authenticateParticipant(token);
			getServices().live.leave(who.tokenId);
			disconnectParticipant(who.liveSessionId, who.participantId);
		} catch (err) {
			if (!(err instanceof LiveError)) throw err;
		}
	}
	clearTabletCookie(cookies);
}

/** Used by Leave (a form) and by Quick exit (navigator.sendBeacon, which needs no reply). */
export const POST: RequestHandler = ({ cookies, url }) => {
	leave(cookies);
	if (url.searchParams.has('beacon')) return new Response(null, { status: 204 });
	redirect(303, '/join?left=1');
};
