import { describe, expect, it } from 'vitest';
import type {
	LiveParticipantStatus,
	ModerationItem,
	StaffAnswersUpdate,
	StaffSnapshot
} from './live';
import { applyStaffAnswers } from './staff-answers';

const item = (id: string, text: string): ModerationItem => ({
	id,
	exerciseId: 'hopes',
	text,
	status: 'pending',
	concern: false,
	riskMatches: []
});

const person = (id: string, firstName: string, answered: boolean): LiveParticipantStatus => ({
	id,
	firstName,
	pin: '1234',
	connected: true,
	joinedAt: 1,
	pauseRequestedAt: null,
	lowCheckin: null,
	answeredCurrent: answered
});

const snapshot = {
	liveSessionId: 's1',
	version: 5,
	current: { id: 'hopes' },
	answerCount: 1,
	passCount: 0,
	results: { type: 'reflection', approved: [] },
	participants: [],
	namedAnswers: [],
	moderation: [item('r1', 'To feel less alone.')],
	notes: []
} as unknown as StaffSnapshot;

const update: StaffAnswersUpdate = {
	liveSessionId: 's1',
	baseVersion: 5,
	version: 6,
	exerciseId: 'hopes',
	answerCount: 2,
	passCount: 0,
	results: { type: 'reflection', approved: [] },
	participantsChanged: [],
	namedAnswersChanged: [],
	moderationAdded: [item('r2', 'To know what to say.')]
};

const poll = {
	...snapshot,
	current: { id: 'mood' },
	moderation: [],
	participants: [
		person('amy', 'Amy', true),
		person('beth', 'Beth', false),
		person('cara', 'Cara', true)
	],
	namedAnswers: [
		{ participantId: 'amy', firstName: 'Amy', answer: { type: 'poll', optionIds: ['a'] } },
		{ participantId: 'cara', firstName: 'Cara', answer: { type: 'poll', optionIds: ['a'] } }
	]
} as unknown as StaffSnapshot;

describe('applying an answers update to the console', () => {
	it('adds the new reflections to the queue and takes the new counts and version', () => {
		const next = applyStaffAnswers(snapshot, update);
		expect(next?.version).toBe(6);
		expect(next?.answerCount).toBe(2);
		expect(next?.moderation.map((m) => m.text)).toEqual([
			'To feel less alone.',
			'To know what to say.'
		]);
		expect(next?.notes).toBe(snapshot.notes);
	});

	it('asks for the whole snapshot when an update was missed or the exercise changed', () => {
		expect(applyStaffAnswers(snapshot, { ...update, baseVersion: 4 })).toBeNull();
		expect(applyStaffAnswers(snapshot, { ...update, exerciseId: 'feedback' })).toBeNull();
	});

	it('leaves a snapshot that already has the update (or is for another session) as it is', () => {
		expect(applyStaffAnswers(snapshot, { ...update, version: 5, baseVersion: 4 })).toBe(snapshot);
		expect(applyStaffAnswers(snapshot, { ...update, liveSessionId: 's2' })).toBe(snapshot);
	});

	it('updates only the people who answered, and lists answers in the order of the people', () => {
		const next = applyStaffAnswers(poll, {
			...update,
			exerciseId: 'mood',
			moderationAdded: [],
			participantsChanged: [person('beth', 'Beth', true), person('amy', 'Amy', true)],
			namedAnswersChanged: [
				{ participantId: 'beth', firstName: 'Beth', answer: { type: 'pass' } },
				{ participantId: 'amy', firstName: 'Amy', answer: { type: 'poll', optionIds: ['b'] } }
			]
		});
		expect(next?.participants.map((p) => [p.firstName, p.answeredCurrent])).toEqual([
			['Amy', true],
			['Beth', true],
			['Cara', true]
		]);
		expect(next?.participants[2]).toBe(poll.participants[2]);
		expect(next?.namedAnswers.map((a) => [a.firstName, a.answer])).toEqual([
			['Amy', { type: 'poll', optionIds: ['b'] }],
			['Beth', { type: 'pass' }],
			['Cara', { type: 'poll', optionIds: ['a'] }]
		]);
	});

	it('asks for the whole snapshot when an update names someone it does not have', () => {
		const stranger = { ...update, exerciseId: 'mood', moderationAdded: [] };
		expect(
			applyStaffAnswers(poll, { ...stranger, participantsChanged: [person('dee', 'Dee', true)] })
		).toBeNull();
		expect(
			applyStaffAnswers(poll, {
				...stranger,
				namedAnswersChanged: [{ participantId: 'dee', firstName: 'Dee', answer: { type: 'pass' } }]
			})
		).toBeNull();
	});

	it('never lists a reflection twice', () => {
		const again = { ...update, moderationAdded: [item('r1', 'To feel less alone.')] };
		expect(applyStaffAnswers(snapshot, again)?.moderation).toHaveLength(1);
	});
});
