import { describe, expect, it } from 'vitest';
import { applyDisplayAnswers } from './display-answers';
import type { DisplayAnswersUpdate, DisplaySnapshot } from './live';

const snapshot = {
	version: 7,
	code: 'ABCD12',
	title: 'Riverside, week 3',
	phase: 'running',
	current: { id: 'mood' },
	answerCount: 2,
	joinedCount: 4,
	revealed: true,
	results: { type: 'poll', counts: { a: 2 }, respondents: 2 }
} as unknown as DisplaySnapshot;

const update: DisplayAnswersUpdate = {
	baseVersion: 7,
	version: 8,
	exerciseId: 'mood',
	answerCount: 3,
	results: { type: 'poll', counts: { a: 3 }, respondents: 3 }
};

describe('applying an answers update to the projector', () => {
	it('takes the new count, results and version and keeps the rest', () => {
		const next = applyDisplayAnswers(snapshot, update);
		expect(next).toEqual({ ...snapshot, version: 8, answerCount: 3, results: update.results });
	});

	it('asks for the whole snapshot when an update was missed or the exercise changed', () => {
		expect(applyDisplayAnswers(snapshot, { ...update, baseVersion: 6 })).toBeNull();
		expect(applyDisplayAnswers(snapshot, { ...update, exerciseId: 'hopes' })).toBeNull();
		const waiting = { ...snapshot, current: null };
		expect(applyDisplayAnswers(waiting, update)).toBeNull();
	});

	it('leaves a snapshot that already has the update as it is', () => {
		expect(applyDisplayAnswers(snapshot, { ...update, baseVersion: 6, version: 7 })).toBe(snapshot);
	});
});
