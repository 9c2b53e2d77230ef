import { redirect } from '@sveltejs/kit';
import { LiveError } from '$lib/server/live/errors';
import { noticePeriods } from '$lib/server/privacy/retention';
import { getServices } from '$lib/server/services';
import { ONE_TO_ONE_VISIBILITY } from '$lib/shared/one-to-one';
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
			privacy: noticePeriods(getServices().config.retention),
			/** One-to-one remote: the call, and wording that says her answers are not anonymous. */
			oneToOne: getServices().oneToOne.isOneToOne(who.liveSessionId) ? ONE_TO_ONE_VISIBILITY : null
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
