import { describe, expect, it } from 'vitest';
import { exerciseSchema, toPublicExercise, type ExerciseInput } from './exercises';
import { visibilityStatement } from './visibility';

const base = { id: 'x', title: 'Title', prompt: 'What do you think?', durationMinutes: 5 };

function statementFor(input: Record<string, unknown>): string {
	const exercise = exerciseSchema.parse({ ...base, ...input } as ExerciseInput);
	return visibilityStatement(toPublicExercise(exercise));
}

const poll = {
	type: 'poll',
	options: [
		{ id: 'a', label: 'Yes' },
		{ id: 'b', label: 'No' }
	]
};
const worksheet = { type: 'worksheet', fields: [{ id: 'f', label: 'My plan' }] };
const checkin = { type: 'checkin', moment: 'check-in', minLabel: 'Low', maxLabel: 'Good' };

describe('the who-sees-what sentence', () => {
	it('says a private worksheet is seen by her and her facilitators only', () => {
		expect(statementFor({ ...worksheet, visibility: 'private' })).toBe(
			'Only you and your facilitators can see this. The group will not.'
		);
	});

	it('says facilitators see a check-in with her name', () => {
		expect(statementFor({ ...checkin, visibility: 'facilitators' })).toBe(
			'Your facilitators will see this with your name. The group will not.'
		);
	});

	it('says a report worksheet may be used in her report', () => {
		expect(statementFor({ ...worksheet, visibility: 'report' })).toBe(
			'Your facilitators will see this with your name, and it may be used in your report.'
		);
	});

	it('tells her only the safeguarding lead can trace a reflection that keeps its sealed link', () => {
		expect(statementFor({ type: 'reflection', visibility: 'anonymous-group' })).toBe(
			'Your words may be shown to the group with no name. Facilitators cannot see who wrote them. Only the safeguarding lead can find out, and only if a child may be at risk.'
		);
	});

	it('tells her nobody can trace a reflection that keeps no link', () => {
		expect(
			statementFor({ type: 'reflection', visibility: 'anonymous-group', keepAuthorLink: false })
		).toBe(
			'Your words may be shown to the group with no name. Nobody can find out who wrote them, not even staff.'
		);
	});

	it('describes a reflection by what the server does with it, whatever its visibility', () => {
		// Reflections are always stored without a name and can be approved for the projector.
		expect(statementFor({ type: 'reflection', visibility: 'facilitators' })).toContain(
			'shown to the group with no name'
		);
	});

	it('says the group sees anonymous poll answers together and facilitators see hers', () => {
		expect(statementFor({ ...poll, visibility: 'anonymous-group' })).toBe(
			"The group sees everyone's answers together, with no names. Your facilitators can see your answer."
		);
		expect(
			statementFor({ type: 'wordcloud', visibility: 'anonymous-group' }),
			'word cloud'
		).toContain('with no names');
	});

	it('never promises the group will not see answers whose totals can go on the projector', () => {
		for (const visibility of ['private', 'facilitators', 'report']) {
			const sentence = statementFor({
				type: 'scale',
				visibility,
				minLabel: 'Not at all',
				maxLabel: 'Completely'
			});
			expect(sentence).not.toContain('The group will not');
			expect(sentence).toContain("The group may see everyone's answers together, with no names.");
		}
		expect(statementFor({ ...poll, visibility: 'facilitators' })).toMatch(
			/^Your facilitators will see this with your name\./
		);
	});

	it('uses short sentences', () => {
		const inputs = [
			{ ...worksheet, visibility: 'private' },
			{ ...worksheet, visibility: 'report' },
			{ type: 'reflection', visibility: 'anonymous-group' },
			{ ...poll, visibility: 'anonymous-group' }
		];
		for (const input of inputs) {
			for (const sentence of statementFor(input).split(/(?<=\.) /)) {
				expect(sentence.split(' ').length, sentence).toBeLessThanOrEqual(16);
			}
		}
	});
});
