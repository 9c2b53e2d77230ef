import { describe, expect, it } from 'vitest';
import { exerciseSchema } from '$lib/shared/exercises';
import { loadDefaultProgramme } from '$lib/server/programme/programme';
import { fromModel, newItemId, toModel, withoutUndefined } from './form-model';

describe("the exercise editor's form", () => {
	const exercises = loadDefaultProgramme().modules.flatMap((m) => m.exercises);

	it('gives back every default exercise unchanged when nothing is edited', () => {
		for (const exercise of exercises) {
			const back = exerciseSchema.parse(withoutUndefined(fromModel(toModel(exercise))));
			expect(back, exercise.id).toEqual(exercise);
		}
	});

	it('leaves out emptied optional boxes, and sends an emptied number as missing', () => {
		const poll = exercises.find((e) => e.type === 'poll' && e.correctOptionIds?.length)!;
		const model = toModel(poll);
		model.easyRead = '  ';
		model.explanation = '';
		model.durationMinutes = null;
		const sent = withoutUndefined(fromModel(model)) as Record<string, unknown>;
		expect(sent).not.toHaveProperty('easyRead');
		expect(sent).not.toHaveProperty('explanation');
		expect(sent.durationMinutes).toBeNull();
		expect(exerciseSchema.safeParse(sent).success).toBe(false);
	});

	it('drops right answers whose option was removed', () => {
		const poll = exercises.find((e) => e.type === 'poll' && e.correctOptionIds?.length)!;
		const model = toModel(poll);
		model.options = model.options.filter((o) => !model.correctOptionIds.includes(o.id));
		const sent = fromModel(model);
		expect(sent.type === 'poll' && sent.correctOptionIds).toBeUndefined();
	});

	it('makes ids for new items that no other item has', () => {
		expect(
			newItemId('option', [
				{ id: 'option-3', label: '' },
				{ id: 'b', label: '' }
			])
		).toBe('option-4');
		expect(newItemId('card', [{ id: 'card-2', label: '' }])).toBe('card-3');
	});
});
