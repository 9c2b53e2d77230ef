import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { requireStaff } from '$lib/guard.server';
import { EditError, updateSession } from '$lib/server/programme/editor';
import { problemText } from '$lib/server/programme/issues';
import { programmeOutline } from '$lib/server/programme/outline';
import { programmeService } from '../service.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const user = requireStaff(locals, 'programme:edit');
	const service = programmeService();
	const editable = service.editable(user.id);
	const latestId = service.latestId();
	const draft = service.draft(user.id);
	return {
		isDraft: editable.isDraft,
		baseVersion: service.version(editable.baseVersionId)!,
		latestVersion: service.version(latestId)!,
		draftUpdatedAt: draft?.updatedAt ?? null,
		outline: programmeOutline(editable.programme),
		problems: service.draftProblems(user.id).map((p) => ({ path: p.path, text: problemText(p) })),
		diff: service.draftDiff(user.id)
	};
};

const publishSchema = z.object({
	note: z
		.string()
		.trim()
		.min(1, 'Say in a few words what changed, for example "New poll options in module 2".')
		.max(300, 'Use at most 300 characters for the note.')
});

const sessionSchema = z.object({
	number: z.coerce.number().int().min(1).max(20),
	title: z.string().max(200),
	startAt: z.string().max(60).optional()
});

export const actions: Actions = {
	publish: async ({ locals, request }) => {
		const user = requireStaff(locals, 'programme:edit');
		const form = await request.formData();
		const note = String(form.get('note') ?? '');
		const parsed = publishSchema.safeParse({ note });
		if (!parsed.success) {
			return fail(400, { note, noteError: parsed.error.issues[0]!.message, problems: [] });
		}
		const result = programmeService().publish(user.id, parsed.data.note);
		if (!result.ok) {
			return fail(400, {
				note,
				noteError: null,
				problems: result.problems.map((p) => ({ path: p.path, text: problemText(p) }))
			});
		}
		redirect(303, `/programme/versions/${result.versionId}?published=1`);
	},

	discard: ({ locals }) => {
		const user = requireStaff(locals, 'programme:edit');
		programmeService().discard(user.id);
		redirect(303, '/programme/edit');
	},

	session: async ({ locals, request }) => {
		const user = requireStaff(locals, 'programme:edit');
		const form = await request.formData();
		const parsed = sessionSchema.safeParse({
			number: form.get('number'),
			title: String(form.get('title') ?? ''),
			startAt: form.get('startAt') === null ? undefined : String(form.get('startAt'))
		});
		if (!parsed.success) {
			return fail(400, { sessionError: { number: 0, message: 'That session is not valid.' } });
		}
		const { number, title, startAt } = parsed.data;
		try {
			programmeService().edit(user.id, (p) => updateSession(p, number, { title, startAt }));
		} catch (err) {
			if (err instanceof EditError) {
				return fail(400, { sessionError: { number, message: err.message } });
			}
			throw err;
		}
		return { sessionSaved: number };
	}
};
