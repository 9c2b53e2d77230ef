import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { requireStaff } from '$lib/guard.server';
import { problemText } from '$lib/server/programme/issues';
import { MAX_IMPORT_BYTES } from '$lib/server/programme/programme-service';
import { programmeService } from '../service.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	requireStaff(locals, 'programme:edit');
	return { latestId: programmeService().latestId() };
};

const noteSchema = z
	.string()
	.trim()
	.min(
		1,
		'Say in a few words where the file comes from, for example "Reviewed by the clinical lead".'
	)
	.max(300, 'Use at most 300 characters for the note.');

export const actions: Actions = {
	default: async ({ locals, request }) => {
		const user = requireStaff(locals, 'programme:edit');
		const form = await request.formData();
		const note = String(form.get('note') ?? '');
		const file = form.get('file');
		const errors: Record<string, string> = {};
		if (!(file instanceof File) || file.size === 0) {
			errors.file = 'Choose a programme file to import, for example programme-v3.json.';
		} else if (file.size > MAX_IMPORT_BYTES) {
			errors.file = 'The file is too large: the limit is 5 MB.';
		}
		const parsedNote = noteSchema.safeParse(note);
		if (!parsedNote.success) errors.note = parsedNote.error.issues[0]!.message;
		if (Object.keys(errors).length > 0 || !(file instanceof File) || !parsedNote.success) {
			return fail(400, { note, errors, problems: [] as string[], fileName: null });
		}
		const result = programmeService().importFile(user.id, await file.text(), parsedNote.data);
		if (!result.ok) {
			return fail(400, {
				note,
				errors: { file: 'The file has problems, listed below. Nothing was published.' },
				problems: result.problems.map(problemText),
				fileName: file.name
			});
		}
		redirect(303, `/programme/versions/${result.versionId}?published=1`);
	}
};
