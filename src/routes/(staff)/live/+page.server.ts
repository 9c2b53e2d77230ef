import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { requireStaff } from '$lib/guard.server';
import { LiveError } from '$lib/server/live/errors';
import { getServices } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const user = requireStaff(locals, 'live:run');
	const live = getServices().live;
	const version = live.currentProgrammeVersion();
	return {
		modules: live.modules(version),
		sessions: live.listRecent(user),
		groups: getServices()
			.cases.listGroups(user)
			.filter((g) => g.next !== null)
	};
};

const MAX_PEOPLE = 12;

const newSessionSchema = z.object({
	title: z
		.string()
		.trim()
		.min(1, 'Give the session a name, for example "Tuesday evening group – week 1".')
		.max(80, 'Use at most 80 characters for the name.'),
	moduleIds: z.array(z.string().max(60)).min(1, 'Choose at least one module to run.').max(8),
	names: z
		.array(
			z
				.string()
				.trim()
				.min(1)
				.max(40, 'Each first name can be up to 40 characters.')
				.regex(/^[\p{L}\p{M}' .-]+$/u, 'Use letters only in first names.')
		)
		.min(1, 'Add the first name of at least one participant.')
		.max(MAX_PEOPLE, `A session can have up to ${MAX_PEOPLE} participants.`)
});

export const actions: Actions = {
	create: async ({ locals, request }) => {
		const user = requireStaff(locals, 'live:run');
		const form = await request.formData();
		const title = String(form.get('title') ?? '');
		const namesText = String(form.get('names') ?? '');
		const moduleIds = form.getAll('moduleIds').map(String);
		const names = namesText
			.split(/[\n,]/)
			.map((n) => n.trim())
			.filter((n) => n.length > 0);
		const oneToOne = form.get('oneToOne') === 'yes';
		const values = { title, namesText, moduleIds, oneToOne };
		const parsed = newSessionSchema.safeParse({ title, moduleIds, names });
		if (!parsed.success) {
			const errors: Record<string, string> = {};
			for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
			return fail(400, { values, errors });
		}
		if (oneToOne && parsed.data.names.length !== 1) {
			return fail(400, {
				values,
				errors: {
					oneToOne: 'A one-to-one session has exactly one participant: type one first name.'
				}
			});
		}
		let created: { id: string };
		try {
			created = getServices().live.create(user, {
				title: parsed.data.title,
				moduleIds: parsed.data.moduleIds,
				participants: parsed.data.names
			});
			if (oneToOne) getServices().oneToOne.register(user, created.id);
		} catch (err) {
			if (err instanceof LiveError) return fail(400, { values, errors: { form: err.message } });
			throw err;
		}
		redirect(303, `/console/${created.id}`);
	}
};
