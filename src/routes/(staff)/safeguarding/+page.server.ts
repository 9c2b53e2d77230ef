import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { requireStaff } from '$lib/guard.server';
import { getServices } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const user = requireStaff(locals, 'safeguarding:view');
	const safeguarding = getServices().safeguarding;
	return {
		concerns: safeguarding.listConcerns(user),
		phrases: safeguarding.riskPhrases(user),
		isSafeguardingLead: user.isSafeguardingLead
	};
};

export const actions: Actions = {
	addPhrase: async ({ locals, request }) => {
		const user = requireStaff(locals, 'safeguarding:view');
		const phrase = String((await request.formData()).get('phrase') ?? '');
		try {
			getServices().safeguarding.addRiskPhrase(user, phrase);
		} catch (err) {
			if (err instanceof z.ZodError) {
				return fail(400, { phrase, error: err.issues[0]?.message ?? 'Check the phrase.' });
			}
			throw err;
		}
		return { added: phrase.trim() };
	},
	removePhrase: async ({ locals, request }) => {
		const user = requireStaff(locals, 'safeguarding:view');
		const id = z.coerce
			.number()
			.int()
			.positive()
			.safeParse((await request.formData()).get('id'));
		if (!id.success) return fail(400, { error: 'That phrase was not found. Reload the page.' });
		getServices().safeguarding.removeRiskPhrase(user, id.data);
		return { removed: true };
	}
};
