import { describe, expect, it } from 'vitest';
import type { ExerciseInput } from '../../shared/exercises';
import { parseConfig } from '../config';
import { openDatabase } from '../db/connection';
import { createServices } from '../services';
import { programmeSchema } from '../programme/programme';

const exercises: ExerciseInput[] = [
	{
		id: 'welcome',
		type: 'slide',
		title: 'Welcome',
		prompt: 'Welcome.',
		durationMinutes: 5,
		visibility: 'private',
		body: 'Hello'
	},
	{
		id: 'hopes',
		type: 'reflection',
		title: 'Hopes',
		prompt: 'What do you hope for?',
		durationMinutes: 10,
		visibility: 'anonymous-group'
	},
	{
		id: 'knowledge',
		type: 'scale',
		title: 'Knowledge',
		prompt: 'How much do you know?',
		durationMinutes: 5,
		visibility: 'anonymous-group',
		minLabel: 'Nothing',
		maxLabel: 'A lot'
	},
	{
		id: 'end',
		type: 'slide',
		title: 'The end',
		prompt: 'Thank you.',
		durationMinutes: 5,
		visibility: 'private',
		body: 'Bye'
	}
];

async function setup(names = ['Sam']) {
	const db = openDatabase(':memory:');
	const services = createServices(db, parseConfig({ DATABASE_PATH: ':memory:' }));
	const programme = programmeSchema.parse({
		title: 'Test',
		modules: [{ id: 'intro', number: 1, title: 'Introduction', aim: 'Start well.', exercises }]
	});
	db.prepare(
		"INSERT INTO programme_versions (title, content, created_at) VALUES ('Test', ?, 0)"
	).run(JSON.stringify(programme));
	const { id: facilitatorId } = await services.accounts.createUser(
		{ username: 'fay', displayName: 'Fay', role: 'facilitator' },
		'a long enough password'
	);
	const { id: otherId } = await services.accounts.createUser(
		{ username: 'olive', displayName: 'Olive', role: 'facilitator' },
		'a long enough password'
	);
	const actor = { id: facilitatorId, role: 'facilitator' as const };
	const other = { id: otherId, role: 'facilitator' as const };
	const created = services.live.create(actor, {
		title: 'Sam one-to-one',
		moduleIds: ['intro'],
		participants: names
	});
	const join = () => {
		const joined = services.live.join(created.code, created.people[0]!.pin, '10.0.0.1');
		return services.live.authenticateParticipant(joined.token);
	};
	return {
		services,
		live: services.live,
		oneToOne: services.oneToOne,
		actor,
		other,
		created,
		join
	};
}

describe('one-to-one remote sessions', () => {
	it('is only for one woman, and only the facilitator running it may make it one', async () => {
		const two = await setup(['Sam', 'Jo']);
		expect(() => two.oneToOne.register(two.actor, two.created.id)).toThrow(/exactly one/);
		const { oneToOne, actor, other, created } = await setup();
		expect(() => oneToOne.register(other, created.id)).toThrow(/Only the facilitator/);
		expect(oneToOne.isOneToOne(created.id)).toBe(false);
		oneToOne.register(actor, created.id);
		expect(oneToOne.isOneToOne(created.id)).toBe(true);
		expect(oneToOne.canJoinCall(actor, created.id)).toBe(true);
		expect(oneToOne.canJoinCall(other, created.id)).toBe(false);
		expect(oneToOne.canJoinCall({ id: 'x', role: 'coordinator' }, created.id)).toBe(true);
	});

	it('shows the facilitator her answers, reflections included, with her name', async () => {
		const { live, oneToOne, actor, created, join } = await setup();
		oneToOne.register(actor, created.id);
		const sam = join();
		live.command(actor, created.id, { type: 'goto', index: 1 });
		live.submit(sam, {
			clientId: 'c1-aaaaaaaaaaaaaaaa',
			exerciseId: 'hopes',
			answer: { type: 'reflection', text: 'To understand.' }
		});
		live.command(actor, created.id, { type: 'next' });
		live.submit(sam, {
			clientId: 'c2-aaaaaaaaaaaaaaaa',
			exerciseId: 'knowledge',
			answer: { type: 'scale', value: 4 }
		});
		const view = oneToOne.staffView(actor, created.id, true, 'http://x');
		expect(view.answers.map((a) => [a.firstName, a.exerciseTitle, a.answer])).toEqual([
			['Sam', 'Knowledge', { type: 'scale', value: 4 }],
			['Sam', 'Hopes', { type: 'reflection', text: 'To understand.' }]
		]);
		expect(view.answers.map((a) => a.summary)).toEqual(['4 out of 10', 'To understand.']);
		expect(view.current).toEqual({ index: 2, total: 4, title: 'Knowledge', type: 'scale' });
		expect(view.joinUrl).toBe(`http://x/join?code=${created.code}`);
		expect(view.participant.pin).toBe(created.people[0]!.pin);
	});

	it('refuses its view to staff who do not run it, and to sessions that are not one-to-one', async () => {
		const { oneToOne, actor, other, created } = await setup();
		expect(() => oneToOne.staffView(actor, created.id, false, 'http://x')).toThrow(
			/not a one-to-one/
		);
		oneToOne.register(actor, created.id);
		expect(() => oneToOne.staffView(other, created.id, false, 'http://x')).toThrow(
			/Only the facilitator/
		);
	});

	it('lets her move only within the segment handed to her, until the lead is taken back', async () => {
		const { live, oneToOne, actor, created, join } = await setup();
		oneToOne.register(actor, created.id);
		const sam = join();
		live.command(actor, created.id, { type: 'start' });
		expect(() => oneToOne.move(sam, 'next')).toThrow(/facilitator is leading/);
		expect(oneToOne.tabletView(sam)).toMatchObject({ canGoBack: false, canGoForward: false });

		oneToOne.pace(actor, created.id, { type: 'hand-over', untilIndex: 2 });
		expect(oneToOne.tabletView(sam)).toMatchObject({
			pace: { ownPace: true, from: 0, until: 2 },
			canGoBack: false,
			canGoForward: true
		});
		oneToOne.move(sam, 'next');
		oneToOne.move(sam, 'next');
		expect(live.tabletSnapshot(sam).position.index).toBe(2);
		expect(live.tabletSnapshot(sam).answersOpen).toBe(true);
		expect(() => oneToOne.move(sam, 'next')).toThrow(/end of this section/);
		oneToOne.move(sam, 'previous');
		expect(live.tabletSnapshot(sam).position.index).toBe(1);

		oneToOne.pace(actor, created.id, { type: 'take-back' });
		expect(() => oneToOne.move(sam, 'next')).toThrow(/facilitator is leading/);
		expect(live.tabletSnapshot(sam).position.index).toBe(1);
		expect(oneToOne.staffView(actor, created.id, true, 'http://x').pace.ownPace).toBe(false);
	});

	it('says when her device left, until she is back', async () => {
		const { oneToOne, actor, created, join } = await setup();
		oneToOne.register(actor, created.id);
		const sam = join();
		oneToOne.setPresence(sam, { noticeSeen: false, pageVisible: true, inCall: false });
		expect(oneToOne.staffView(actor, created.id, true, 'x').presence?.noticeSeen).toBe(false);
		oneToOne.markLeft(created.id);
		const gone = oneToOne.staffView(actor, created.id, false, 'x');
		expect(gone.leftAt).not.toBeNull();
		expect(gone.presence).toBeNull();
		oneToOne.setPresence(sam, { noticeSeen: true, pageVisible: true, inCall: true });
		expect(oneToOne.staffView(actor, created.id, true, 'x').leftAt).toBeNull();
	});

	it('shares a fallback meeting link with her', async () => {
		const { oneToOne, actor, created, join } = await setup();
		oneToOne.register(actor, created.id);
		const sam = join();
		oneToOne.setMeetingLink(actor, created.id, 'https://meet.example.org/abc');
		expect(oneToOne.tabletView(sam).meetingLink).toBe('https://meet.example.org/abc');
		expect(oneToOne.tabletView(sam).facilitatorName).toBe('Fay');
	});
});
