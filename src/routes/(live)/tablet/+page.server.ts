import { redirect } from '@sveltejs/kit';
import { LiveError } from '$lib/server/live/errors';
import { getServices } from '$lib/server/services';
import { clearTabletCookie, readTabletCookie } from '$lib/tablet-cookie.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ cookies }) => {
	const token = readTabletCookie(cookies);
	if (!token) redirect(303, '/join');
	try {
		const who = getServices().live.authenticateParticipant(token);
		return { participantId: who.participantId, firstName: who.firstName };
	} catch (err) {
		if (!(err instanceof LiveError)) throw err;
		clearTabletCookie(cookies);
		redirect(303, /ended/.test(err.message) ? '/join?ended=1' : '/join');
	}
};
