import { describe, expect, it } from 'vitest';
import { diffProgrammes } from './diff';
import {
	addExercise,
	moveExercise,
	removeExercise,
	replaceExercise,
	updateSession
} from './editor';
import { loadDefaultProgramme, type Programme } from './programme';

const base = loadDefaultProgramme();
const mod = (p: Programme, id: string) => p.modules.find((m) => m.id === id)!;

describe('the difference between two versions', () => {
	it('is empty for the same programme', () => {
		const diff = diffProgrammes(base, structuredClone(base));
		expect(diff.same).toBe(true);
		expect(diff.modules).toEqual([]);
	});

	it('shows a changed poll option and right answer with the text before and after', () => {
		const poll = mod(base, 'defining-the-problem').exercises.find(
			(e) => e.id === 'dp-myth-strangers'
		)!;
		if (poll.type !== 'poll') throw new Error('expected a poll');
		const edited = {
			...poll,
			options: poll.options.map((o, i) => (i === 1 ? { ...o, label: 'True' } : o)),
			correctOptionIds: [poll.options[1]!.id]
		};
		const after = replaceExercise(base, 'defining-the-problem', edited);
		const diff = diffProgrammes(base, after);
		expect(diff.modules).toHaveLength(1);
		const change = diff.modules[0]!.exercises[0]!;
		expect(change).toMatchObject({
			exerciseId: 'dp-myth-strangers',
			status: 'changed',
			moved: false
		});
		expect(change.fields).toContainEqual({
			field: 'Option 2',
			before: poll.options[1]!.label,
			after: 'True'
		});
		expect(change.fields).toContainEqual({
			field: 'Right answers',
			before: poll.options
				.filter((o) => poll.correctOptionIds?.includes(o.id))
				.map((o) => o.label)
				.join(' · '),
			after: 'True'
		});
		expect(diff.summary).toEqual({ added: 0, removed: 0, moved: 0, changed: 1 });
	});

	it('shows two swapped exercises as a move, with their positions', () => {
		const ids = mod(base, 'defining-the-problem').exercises.map((e) => e.id);
		const after = moveExercise(base, 'defining-the-problem', ids[4]!, 'up');
		const diff = diffProgrammes(base, after);
		const moved = diff.modules[0]!.exercises.filter((e) => e.moved);
		expect(moved).toHaveLength(1);
		expect([moved[0]!.from, moved[0]!.to].sort()).toEqual([4, 5]);
		expect(diff.summary.moved).toBe(1);
		expect(diff.summary.changed).toBe(0);
	});

	it('shows added and removed exercises, and a changed session', () => {
		const added = addExercise(base, 'good-lives', 'wordcloud', null);
		const removed = removeExercise(added.programme, 'victim-awareness', 'va-pants');
		const renamed = updateSession(removed, 7, { title: 'Better lives' });
		const diff = diffProgrammes(base, renamed);
		const all = diff.modules.flatMap((m) => m.exercises);
		expect(all.find((e) => e.status === 'added')).toMatchObject({
			exerciseId: added.exerciseId,
			to: 1,
			typeLabel: 'Word cloud'
		});
		expect(all.find((e) => e.status === 'removed')).toMatchObject({ exerciseId: 'va-pants' });
		expect(diff.sessions).toEqual([
			{
				number: 7,
				title: 'Better lives',
				status: 'changed',
				fields: [{ field: 'Title', before: base.sessions![6]!.title, after: 'Better lives' }]
			}
		]);
	});

	it('shows a reordered list inside an exercise', () => {
		const sort = mod(base, 'how-did-he-do-this').exercises.find((e) => e.type === 'sort')!;
		if (sort.type !== 'sort') throw new Error('expected a sort');
		const edited = { ...sort, cards: [...sort.cards].reverse() };
		const diff = diffProgrammes(base, replaceExercise(base, 'how-did-he-do-this', edited));
		const fields = diff.modules[0]!.exercises[0]!.fields;
		expect(fields.map((f) => f.field)).toEqual(['Order of cards']);
	});
});
