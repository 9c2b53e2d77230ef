import { error } from '@sveltejs/kit';
import QRCode from 'qrcode';
import { requireStaff } from '$lib/guard.server';
import { LiveError } from '$lib/server/live/errors';
import { getServices } from '$lib/server/services';
import type { PageServerLoad } from './$types';

/** Her printable session card: first name, PIN and how to join. Nothing else about her. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireStaff(locals, 'cases:view');
	if (user.role === 'mentor') {
		error(403, 'Session cards are printed by coordinators and facilitators.');
	}
	let record;
	try {
		record = getServices().cases.view(user, params.id).record;
	} catch (err) {
		if (err instanceof LiveError) error(err.code === 'not-found' ? 404 : 403, err.message);
		throw err;
	}
	const joinUrl = `${url.origin}/join`;
	const qrSvg = record.pin
		? await QRCode.toString(joinUrl, {
				type: 'svg',
				margin: 1,
				errorCorrectionLevel: 'M',
				color: { dark: '#24201c', light: '#ffffff' }
			})
		: null;
	return {
		caseId: record.id,
		firstName: record.firstName,
		pin: record.pin,
		joinUrl,
		joinAddress: joinUrl.replace(/^https?:\/\//, ''),
		qrSvg,
		/** One-to-one remote: she joins from home with the link her facilitator sends. */
		remote: record.suitability === 'one-to-one-remote'
	};
};
