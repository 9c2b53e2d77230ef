import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { requireStaff } from '$lib/guard.server';
import {
	addExercise,
	cleanExerciseInput,
	EditError,
	moveExercise,
	removeExercise,
	replaceExercise
} from '$lib/server/programme/editor';
import { exerciseProblems } from '$lib/server/programme/issues';
import { programmeOutline } from '$lib/server/programme/outline';
import {
	EXERCISE_TYPE_DESCRIPTIONS,
	EXERCISE_TYPE_LABELS,
	EXERCISE_TYPES,
	exerciseSchema
} from '$lib/shared/exercises';
import { programmeService } from '../../service.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) => {
	const user = requireStaff(locals, 'programme:edit');
	const service = programmeService();
	const editable = service.editable(user.id);
	const mod = editable.programme.modules.find((m) => m.id === params.moduleId);
	if (!mod) error(404, 'There is no module with that id in the programme.');
	const outline = programmeOutline(editable.programme);
	const selectedId = url.searchParams.get('exercise');
	const removeId = url.searchParams.get('remove');
	const selected = mod.exercises.find((e) => e.id === selectedId) ?? null;
	return {
		isDraft: editable.isDraft,
		baseVersionId: editable.baseVersionId,
		module: outline.modules.find((m) => m.id === mod.id)!,
		modules: outline.modules.map((m) => ({ id: m.id, number: m.number, title: m.title })),
		sessionTitles: Object.fromEntries(outline.sessions.map((s) => [s.number, s.title])),
		selected,
		confirmRemove: mod.exercises.find((e) => e.id === removeId)?.id ?? null,
		types: EXERCISE_TYPES.map((type) => ({
			type,
			label: EXERCISE_TYPE_LABELS[type],
			description: EXERCISE_TYPE_DESCRIPTIONS[type]
		}))
	};
};

const idSchema = z.string().min(1).max(60);

function editFailure(err: unknown) {
	if (err instanceof EditError) return fail(400, { editError: err.message });
	throw err;
}

export const actions: Actions = {
	move: async ({ locals, params, request }) => {
		const user = requireStaff(locals, 'programme:edit');
		const form = await request.formData();
		const exerciseId = idSchema.safeParse(form.get('exerciseId'));
		const direction = z.enum(['up', 'down']).safeParse(form.get('direction'));
		if (!exerciseId.success || !direction.success)
			return fail(400, { editError: 'Choose an exercise to move.' });
		try {
			programmeService().edit(user.id, (p) =>
				moveExercise(p, params.moduleId, exerciseId.data, direction.data)
			);
		} catch (err) {
			return editFailure(err);
		}
		return { moved: exerciseId.data, direction: direction.data };
	},

	remove: async ({ locals, params, request }) => {
		const user = requireStaff(locals, 'programme:edit');
		const form = await request.formData();
		const exerciseId = idSchema.safeParse(form.get('exerciseId'));
		if (!exerciseId.success) return fail(400, { editError: 'Choose an exercise to remove.' });
		try {
			programmeService().edit(user.id, (p) => removeExercise(p, params.moduleId, exerciseId.data));
		} catch (err) {
			return editFailure(err);
		}
		redirect(303, `/programme/edit/${params.moduleId}?removed=1`);
	},

	add: async ({ locals, params, request }) => {
		const user = requireStaff(locals, 'programme:edit');
		const form = await request.formData();
		const type = z.enum(EXERCISE_TYPES).safeParse(form.get('type'));
		const after = String(form.get('after') ?? '');
		if (!type.success) {
			return fail(400, { addError: 'Choose the type of exercise to add.' });
		}
		let exerciseId = '';
		try {
			programmeService().edit(user.id, (p) => {
				const added = addExercise(p, params.moduleId, type.data, after === '' ? null : after);
				exerciseId = added.exerciseId;
				return added.programme;
			});
		} catch (err) {
			return editFailure(err);
		}
		redirect(303, `/programme/edit/${params.moduleId}?exercise=${exerciseId}`);
	},

	save: async ({ locals, params, request }) => {
		const user = requireStaff(locals, 'programme:edit');
		const form = await request.formData();
		const exerciseId = String(form.get('exerciseId') ?? '');
		let raw: unknown;
		try {
			raw = JSON.parse(String(form.get('exercise') ?? ''));
		} catch {
			return fail(400, {
				problems: [{ path: '', message: 'The form could not be read. Try again.' }]
			});
		}
		const input = cleanExerciseInput(raw) as Record<string, unknown>;
		// The id stays the same, whatever the form sent.
		const parsed = exerciseSchema.safeParse({ ...input, id: exerciseId });
		if (!parsed.success) {
			return fail(400, { problems: exerciseProblems(parsed.error.issues) });
		}
		try {
			programmeService().edit(user.id, (p) => replaceExercise(p, params.moduleId, parsed.data));
		} catch (err) {
			if (err instanceof EditError) {
				return fail(400, { problems: [{ path: '', message: err.message }] });
			}
			throw err;
		}
		return { saved: exerciseId };
	}
};
