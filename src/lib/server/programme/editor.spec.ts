import { describe, expect, it } from 'vitest';
import { EXERCISE_TYPES, exerciseSchema } from '../../shared/exercises';
import {
	addExercise,
	cleanExerciseInput,
	EditError,
	moveExercise,
	newExercise,
	removeExercise,
	replaceExercise,
	updateSession
} from './editor';
import { exerciseProblems } from './issues';
import {
	loadDefaultProgramme,
	programmeSchema,
	sessionExercises,
	type Programme
} from './programme';

const ids = (programme: Programme, moduleId: string) =>
	programme.modules.find((m) => m.id === moduleId)!.exercises.map((e) => e.id);
const sessionIds = (programme: Programme, n: number) =>
	sessionExercises(programme, n).map((i) => i.exercise.id);

describe('the programme editor', () => {
	const base = loadDefaultProgramme();

	it('moves an exercise up and down without changing the original', () => {
		const before = ids(base, 'defining-the-problem');
		const moved = moveExercise(base, 'defining-the-problem', before[3]!, 'up');
		expect(ids(moved, 'defining-the-problem').slice(0, 4)).toEqual([
			before[0],
			before[1],
			before[3],
			before[2]
		]);
		expect(ids(base, 'defining-the-problem')).toEqual(before);
		const back = moveExercise(moved, 'defining-the-problem', before[3]!, 'down');
		expect(ids(back, 'defining-the-problem')).toEqual(before);
		expect(() => moveExercise(base, 'defining-the-problem', before[0]!, 'up')).toThrow(EditError);
		expect(() => moveExercise(base, 'defining-the-problem', before.at(-1)!, 'down')).toThrow(
			EditError
		);
	});

	it('moves an exercise across a session split by moving the split, not the neighbour', () => {
		const four = sessionIds(base, 4);
		const five = sessionIds(base, 5);
		// The last exercise of session 4 moves down: it becomes the first of session 5.
		const down = moveExercise(base, 'how-did-he-do-this', four.at(-1)!, 'down');
		expect(sessionIds(down, 4)).toEqual(four.slice(0, -1));
		expect(sessionIds(down, 5)).toEqual([four.at(-1), ...five]);
		expect(ids(down, 'how-did-he-do-this')).toEqual(ids(base, 'how-did-he-do-this'));
		// The first exercise of session 5 moves up: it becomes the last of session 4.
		const up = moveExercise(base, 'how-did-he-do-this', five[0]!, 'up');
		expect(sessionIds(up, 4)).toEqual([...four, five[0]]);
		expect(sessionIds(up, 5)).toEqual(five.slice(1));
		// Within session 5, the split stays where it is.
		const inside = moveExercise(base, 'how-did-he-do-this', five[1]!, 'up');
		expect(sessionIds(inside, 5).slice(0, 2)).toEqual([five[1], five[0]]);
		expect(sessionIds(inside, 4)).toEqual(four);
		expect(programmeSchema.safeParse(inside).success).toBe(true);
	});

	it('removes an exercise, moving a session start to the next exercise', () => {
		const five = sessionIds(base, 5);
		const removed = removeExercise(base, 'how-did-he-do-this', five[0]!);
		expect(sessionIds(removed, 5)).toEqual(five.slice(1));
		expect(programmeSchema.safeParse(removed).success).toBe(true);
		const one = {
			...base,
			modules: [{ ...base.modules[0]!, exercises: [base.modules[0]!.exercises[0]!] }]
		};
		expect(() => removeExercise(one, 'introduction', one.modules[0]!.exercises[0]!.id)).toThrow(
			/at least one exercise/
		);
	});

	it.each(EXERCISE_TYPES)('adds a %s with defaults that validate', (type) => {
		const { programme, exerciseId } = addExercise(
			base,
			'defining-the-problem',
			type,
			'dp-check-in'
		);
		const list = ids(programme, 'defining-the-problem');
		expect(list[1]).toBe(exerciseId);
		expect(list).toHaveLength(ids(base, 'defining-the-problem').length + 1);
		expect(programmeSchema.safeParse(programme).success).toBe(true);
		const again = addExercise(programme, 'defining-the-problem', type, null);
		expect(again.exerciseId).not.toBe(exerciseId);
		expect(ids(again.programme, 'defining-the-problem')[0]).toBe(again.exerciseId);
	});

	it('replaces an exercise but refuses a change of type', () => {
		const poll = base.modules[1]!.exercises.find((e) => e.type === 'poll')!;
		const edited = { ...poll, title: 'A new title' };
		const next = replaceExercise(base, 'defining-the-problem', edited);
		expect(next.modules[1]!.exercises.find((e) => e.id === poll.id)!.title).toBe('A new title');
		const slide = { ...newExercise('slide', poll.id) };
		expect(() => replaceExercise(base, 'defining-the-problem', slide)).toThrow(/type/);
	});

	it('renames a session and moves a split, checking the layout', () => {
		const renamed = updateSession(base, 5, { title: '  Grooming  ' });
		expect(renamed.sessions![4]!.title).toBe('Grooming');
		const moved = updateSession(base, 5, { startAt: 'hd-grooming' });
		expect(sessionIds(moved, 5)[0]).toBe('hd-grooming');
		expect(() => updateSession(base, 5, { startAt: 'hd-check-in' })).toThrow(
			/must start after session 4/
		);
		expect(() => updateSession(base, 4, { startAt: 'hd-grooming' })).toThrow(/no start to move/);
		expect(() => updateSession(base, 3, { title: '' })).toThrow(/Enter a title/);
	});
});

describe('an edited exercise from the form', () => {
	it('treats emptied optional boxes as none', () => {
		const poll = newExercise('poll', 'poll-1');
		const cleaned = cleanExerciseInput({
			...poll,
			easyRead: '',
			contentNote: '  ',
			explanation: '',
			correctOptionIds: []
		});
		expect(exerciseSchema.safeParse(cleaned).success).toBe(true);
	});

	it('names the field of every problem in plain words', () => {
		const poll = newExercise('poll', 'poll-1') as Extract<
			ReturnType<typeof newExercise>,
			{ type: 'poll' }
		>;
		const input = cleanExerciseInput({
			...poll,
			title: '',
			durationMinutes: 0,
			options: [poll.options[0], poll.options[1], { id: 'option-3', label: '' }],
			correctOptionIds: ['option-9']
		});
		const result = exerciseSchema.safeParse(input);
		expect(result.success).toBe(false);
		const problems = exerciseProblems(result.error!.issues);
		const byPath = Object.fromEntries(problems.map((p) => [p.path, p.message]));
		expect(byPath['title']).toBe('Enter a title.');
		expect(byPath['durationMinutes']).toBe('Suggested minutes must be 1 or more.');
		expect(byPath['options.2.label']).toBe('Option 3: enter the text of the option.');

		const sort = newExercise('sort', 'sort-1') as Extract<
			ReturnType<typeof newExercise>,
			{ type: 'sort' }
		>;
		const sorted = exerciseSchema.safeParse({ ...sort, cards: [sort.cards[0]] });
		expect(exerciseProblems(sorted.error!.issues)[0]!.message).toBe('Add at least 2 cards.');
	});
});
