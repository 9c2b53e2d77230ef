import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { requireStaff } from '$lib/guard.server';
import { LiveError } from '$lib/server/live/errors';
import { getServices } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) => {
	const user = requireStaff(locals, 'safeguarding:view');
	try {
		return {
			concern: getServices().safeguarding.viewConcern(user, params.id),
			isSafeguardingLead: user.isSafeguardingLead
		};
	} catch (err) {
		if (err instanceof LiveError) error(err.code === 'not-found' ? 404 : 403, err.message);
		throw err;
	}
};

export const actions: Actions = {
	openSeal: async ({ locals, params, request }) => {
		const user = requireStaff(locals, 'safeguarding:view');
		const reason = String((await request.formData()).get('reason') ?? '').slice(0, 4000);
		try {
			const author = getServices().safeguarding.openSeal(user, params.id, reason);
			return { opened: author.firstName };
		} catch (err) {
			if (err instanceof z.ZodError) {
				return fail(400, { reason, error: err.issues[0]?.message ?? 'Give a reason.' });
			}
			if (err instanceof LiveError) {
				return fail(err.code === 'forbidden' ? 403 : 400, { reason, error: err.message });
			}
			throw err;
		}
	},
	acknowledge: ({ locals, params }) => {
		const user = requireStaff(locals, 'safeguarding:view');
		try {
			getServices().safeguarding.acknowledge(user, params.id);
		} catch (err) {
			if (err instanceof LiveError) return fail(403, { error: err.message });
			throw err;
		}
		return { acknowledged: true };
	}
};
