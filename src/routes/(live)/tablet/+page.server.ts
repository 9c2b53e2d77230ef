import { redirect } from '@sveltejs/kit';
import { LiveError } from '$lib/server/live/errors';
import { getServices } from '$lib/server/services';
import { clearTabletCookie, readTabletCookie } from '$lib/tablet-cookie.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ cookies, setHeaders }) => {
	const token = readTabletCookie(cookies);
	if (!token) redirect(303, '/join');
	try {
		const who = getServices().live.authenticateParticipant(token);
		setHeaders({ 'cache-control': 'no-store' });
		return {
			participantId: who.participantId,
			firstName: who.firstName,
			oneToOne: getServices().oneToOne.isOneToOne(who.liveSessionId)
		};
	} catch (err) {
		if (!(err instanceof LiveError)) throw err;
		// Her place has ended (the session ended, or she left elsewhere): whatever this shared
		// tablet still keeps of hers goes too (browsers honour this on https and localhost).
		clearTabletCookie(cookies);
		setHeaders({ 'clear-site-data': '"cache", "storage"', 'cache-control': 'no-store' });
		redirect(303, /ended/.test(err.message) ? '/join?ended=1' : '/join');
	}
};
