import { describe, expect, it } from 'vitest';
import { exerciseSchema, toPublicExercise, type PublicExercise } from '$lib/shared/exercises';
import { readAloudParts } from './tablet-wording';

function exercise(input: Record<string, unknown>): PublicExercise {
	return toPublicExercise(
		exerciseSchema.parse({
			id: 'x',
			title: 'Title',
			prompt: 'What do you think about this?',
			easyRead: 'What do you think?',
			durationMinutes: 5,
			visibility: 'anonymous-group',
			...input
		})
	);
}

describe('what Read aloud says', () => {
	it('reads a poll question and every option', () => {
		const parts = readAloudParts(
			exercise({
				type: 'poll',
				options: [
					{ id: 'a', label: 'Often' },
					{ id: 'b', label: 'Never' }
				]
			}),
			false
		);
		expect(parts.slice(0, 4)).toEqual([
			'What do you think about this?',
			'Choose one answer.',
			'Often.',
			'Never.'
		]);
		expect(parts.at(-1)).toContain('with no names');
	});

	it('reads the easy-read wording when she chose it', () => {
		const poll = exercise({
			type: 'poll',
			options: [
				{ id: 'a', label: 'Yes' },
				{ id: 'b', label: 'No' }
			]
		});
		expect(readAloudParts(poll, true)[0]).toBe('What do you think?');
	});

	it('reads sort buckets and cards', () => {
		const text = readAloudParts(
			exercise({
				type: 'sort',
				visibility: 'facilitators',
				buckets: [
					{ id: 'ok', label: 'Safe' },
					{ id: 'no', label: 'Not safe' }
				],
				cards: [
					{ id: 'c1', label: 'Sleepovers' },
					{ id: 'c2', label: 'Secrets' }
				]
			}),
			false
		).join(' ');
		for (const word of ['Safe', 'Not safe', 'Sleepovers', 'Secrets']) expect(text).toContain(word);
	});

	it('reads the end labels of a scale and a check-in', () => {
		const scale = readAloudParts(
			exercise({
				type: 'scale',
				visibility: 'facilitators',
				min: 1,
				max: 5,
				minLabel: 'Not at all',
				maxLabel: 'Very sure'
			}),
			false
		);
		expect(scale).toContain('1 means Not at all.');
		expect(scale).toContain('5 means Very sure.');
		const checkin = readAloudParts(
			exercise({
				type: 'checkin',
				visibility: 'facilitators',
				moment: 'check-in',
				minLabel: 'Awful',
				maxLabel: 'Great'
			}),
			false
		);
		expect(checkin).toEqual(expect.arrayContaining(['0 means Awful.', '10 means Great.']));
	});

	it('reads worksheet field labels and hints, and the word cloud instructions', () => {
		const worksheet = readAloudParts(
			exercise({
				type: 'worksheet',
				visibility: 'report',
				fields: [
					{ id: 'a', label: 'Who can I call', hint: 'A name is enough' },
					{ id: 'b', label: 'How I feel', kind: 'scale', minLabel: 'Low', maxLabel: 'High' }
				]
			}),
			false
		);
		expect(worksheet).toEqual(
			expect.arrayContaining([
				'Who can I call.',
				'A name is enough.',
				'How I feel.',
				'0 means Low.',
				'10 means High.'
			])
		);
		expect(readAloudParts(exercise({ type: 'wordcloud', maxWords: 2 }), false)).toContain(
			'Up to 2 words or short phrases. One is enough.'
		);
	});

	it('reads a slide body without its markdown marks', () => {
		const parts = readAloudParts(
			exercise({
				type: 'slide',
				visibility: 'private',
				body: 'This is **important**.\n\n- First point\n- Second point'
			}),
			false
		);
		expect(parts).toEqual(['Title.', 'This is important.', 'First point.', 'Second point.']);
	});
});
