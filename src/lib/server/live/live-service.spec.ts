import { describe, expect, it } from 'vitest';
import type { ExerciseInput } from '../../shared/exercises';
import { parseConfig } from '../config';
import { openDatabase } from '../db/connection';
import { createServices } from '../services';
import { programmeSchema } from '../programme/programme';
import { LiveError } from './errors';

const exercises: ExerciseInput[] = [
	{
		id: 'welcome',
		type: 'slide',
		title: 'Welcome',
		prompt: 'Welcome to the group.',
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
		id: 'feedback',
		type: 'reflection',
		title: 'Feedback',
		prompt: 'Any feedback?',
		durationMinutes: 5,
		visibility: 'anonymous-group',
		keepAuthorLink: false
	},
	{
		id: 'myth',
		type: 'poll',
		title: 'Myth or fact',
		prompt: 'Children always tell.',
		durationMinutes: 5,
		visibility: 'anonymous-group',
		options: [
			{ id: 'myth', label: 'Myth' },
			{ id: 'fact', label: 'Fact' }
		],
		correctOptionIds: ['myth'],
		explanation: 'Most children do not tell.'
	},
	{
		id: 'mood',
		type: 'checkin',
		title: 'Check-in',
		prompt: 'How are you?',
		durationMinutes: 5,
		visibility: 'facilitators',
		moment: 'check-in',
		minLabel: 'Low',
		maxLabel: 'Good',
		facilitatorNotes: 'Secret notes for staff'
	},
	{
		id: 'plan',
		type: 'worksheet',
		title: 'Plan',
		prompt: 'Your plan',
		durationMinutes: 10,
		visibility: 'report',
		fields: [{ id: 'step', label: 'One step' }]
	}
];

/** Every object in which some string value contains `text`. */
function holding(value: unknown, text: string): unknown[] {
	const found: unknown[] = [];
	const visit = (v: unknown) => {
		if (Array.isArray(v)) v.forEach(visit);
		else if (v && typeof v === 'object') {
			const values = Object.values(v as Record<string, unknown>);
			if (values.some((x) => typeof x === 'string' && x.includes(text))) found.push(v);
			values.forEach(visit);
		}
	};
	visit(value);
	return found;
}

async function setup() {
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
	const actor = { id: facilitatorId, role: 'facilitator' as const };
	const created = services.live.create(actor, {
		title: 'Tuesday group',
		moduleIds: ['intro'],
		participants: ['Amy', 'Beth']
	});
	const join = (i: number) => {
		const joined = services.live.join(created.code, created.people[i]!.pin, '10.0.0.1');
		return services.live.authenticateParticipant(joined.token);
	};
	return { db, services, live: services.live, actor, created, join };
}

describe('live sessions', () => {
	it('makes a 6-character code without look-alike letters and a distinct PIN for each person', async () => {
		const { created } = await setup();
		expect(created.code).toMatch(/^[ACDEFHJKMNPQRTUVWXY34679]{6}$/);
		expect(new Set(created.people.map((p) => p.pin)).size).toBe(2);
		for (const p of created.people) expect(p.pin).toMatch(/^\d{4}$/);
	});

	it('joins with code and PIN, recording her arrival, and refuses a wrong PIN clearly', async () => {
		const { live, created, join } = await setup();
		const amy = join(0);
		expect(amy.firstName).toBe('Amy');
		const wrongPin = created.people[0]!.pin === '1111' ? '2222' : '1111';
		expect(() => live.join(created.code, wrongPin, '10.0.0.2')).toThrow(/PIN is not right/);
		expect(() => live.join('ZZZZZZ', '1234', '10.0.0.2')).toThrow(/could not find a session/);
		const snapshot = live.staffSnapshot(created.id, new Set(), 'http://x');
		expect(snapshot.participants.find((p) => p.firstName === 'Amy')?.joinedAt).not.toBeNull();
		expect(snapshot.participants.find((p) => p.firstName === 'Beth')?.joinedAt).toBeNull();
	});

	it('throttles repeated wrong PINs, then refuses even the right one for a while', async () => {
		const { live, created } = await setup();
		const right = created.people[0]!.pin;
		const wrong = right === '1111' ? '2222' : '1111';
		for (let i = 0; i < 5; i++)
			expect(() => live.join(created.code, wrong, '10.0.0.9')).toThrow(LiveError);
		expect(() => live.join(created.code, right, '10.0.0.9')).toThrow(/Too many tries/);
	});

	it('stores a submission once however often it is retried', async () => {
		const { live, actor, created, join } = await setup();
		const amy = join(0);
		live.command(actor, created.id, { type: 'goto', index: 3 });
		const submission = {
			clientId: 'client-id-0001',
			exerciseId: 'myth',
			answer: { type: 'poll' as const, optionIds: ['fact'] }
		};
		expect(live.submit(amy, submission).outcome).toBe('stored');
		expect(live.submit(amy, submission).outcome).toBe('duplicate');
		const results = live.staffSnapshot(created.id, new Set(), 'http://x').results;
		expect(results).toEqual({ type: 'poll', counts: { myth: 0, fact: 1 }, respondents: 1 });
	});

	it('keeps reflections anonymous: no author in any snapshot, and a sealed link only when asked', async () => {
		const { db, live, actor, created, join } = await setup();
		const amy = join(0);
		live.command(actor, created.id, { type: 'goto', index: 1 });
		live.submit(amy, {
			clientId: 'refl-hopes-1',
			exerciseId: 'hopes',
			answer: { type: 'reflection', text: 'To feel less alone' }
		});
		live.command(actor, created.id, { type: 'goto', index: 2 });
		live.submit(amy, {
			clientId: 'refl-feedback-1',
			exerciseId: 'feedback',
			answer: { type: 'reflection', text: 'Thank you' }
		});

		const columns = db.prepare("SELECT name FROM pragma_table_info('reflections')").all() as Array<{
			name: string;
		}>;
		expect(columns.map((c) => c.name)).not.toContain('participant_id');
		const links = db.prepare('SELECT reflection_id FROM reflection_author_links').all();
		expect(links).toEqual([{ reflection_id: 'refl-hopes-1' }]);

		const staff = live.staffSnapshot(created.id, new Set([amy.participantId]), 'http://x');
		const display = live.displaySnapshot(created.id, 'http://x');
		expect(holding(staff, 'To feel less alone')).toHaveLength(1);
		for (const snapshot of [staff, display]) {
			for (const holder of holding(snapshot, 'To feel less alone')) {
				expect(JSON.stringify(holder)).not.toContain(amy.participantId);
				expect(JSON.stringify(holder)).not.toContain('Amy');
			}
		}
		expect(live.staffSnapshot(created.id, new Set(), 'http://x').namedAnswers).toEqual([]);
	});

	it('shows only approved reflections on the projector, and only once revealed', async () => {
		const { live, actor, created, join } = await setup();
		const amy = join(0);
		const beth = join(1);
		live.command(actor, created.id, { type: 'goto', index: 1 });
		live.submit(amy, {
			clientId: 'refl-a-0001',
			exerciseId: 'hopes',
			answer: { type: 'reflection', text: 'Approved words' }
		});
		live.submit(beth, {
			clientId: 'refl-b-0001',
			exerciseId: 'hopes',
			answer: { type: 'reflection', text: 'Hidden words' }
		});
		live.command(actor, created.id, {
			type: 'moderate',
			reflectionId: 'refl-a-0001',
			status: 'approved'
		});
		live.command(actor, created.id, {
			type: 'moderate',
			reflectionId: 'refl-b-0001',
			status: 'hidden'
		});
		expect(live.displaySnapshot(created.id, 'http://x').results).toBeNull();
		live.command(actor, created.id, { type: 'reveal' });
		const results = live.displaySnapshot(created.id, 'http://x').results;
		expect(results).toEqual({
			type: 'reflection',
			approved: [{ id: 'refl-a-0001', text: 'Approved words' }]
		});
	});

	it('never sends facilitator notes or myth-or-fact answers to tablets before the reveal', async () => {
		const { live, actor, created, join } = await setup();
		const amy = join(0);
		live.command(actor, created.id, { type: 'goto', index: 4 });
		expect(JSON.stringify(live.tabletSnapshot(amy))).not.toContain('Secret notes');
		expect(JSON.stringify(live.displaySnapshot(created.id, 'http://x'))).not.toContain(
			'Secret notes'
		);
		live.command(actor, created.id, { type: 'goto', index: 3 });
		expect(JSON.stringify(live.tabletSnapshot(amy))).not.toContain('correctOptionIds');
	});

	it('refuses answers to a closed or unknown exercise, bad answers, and tokens after the end', async () => {
		const { live, actor, created, join } = await setup();
		const amy = join(0);
		live.command(actor, created.id, { type: 'goto', index: 3 });
		expect(() =>
			live.submit(amy, { clientId: 'x-00000001', exerciseId: 'nope', answer: { type: 'pass' } })
		).toThrow(/not part of this session/);
		expect(() =>
			live.submit(amy, {
				clientId: 'x-00000002',
				exerciseId: 'myth',
				answer: { type: 'poll', optionIds: ['maybe'] }
			})
		).toThrow(LiveError);
		expect(() =>
			live.submit(amy, {
				clientId: 'x-00000003',
				exerciseId: 'myth',
				answer: { type: 'scale', value: 3 }
			})
		).toThrow(LiveError);
		live.command(actor, created.id, { type: 'close' });
		expect(() =>
			live.submit(amy, {
				clientId: 'x-00000004',
				exerciseId: 'myth',
				answer: { type: 'poll', optionIds: ['myth'] }
			})
		).toThrow(/closed/);
		live.command(actor, created.id, { type: 'end' });
		expect(() => live.tabletSnapshot(amy)).not.toThrow();
		const token = live.join; // a fresh join after the end finds no active session
		expect(() => token(created.code, created.people[0]!.pin, '10.0.0.3')).toThrow(/could not find/);
	});

	it('alerts on a very low check-in and lists pause requests for staff only', async () => {
		const { live, actor, created, join } = await setup();
		const amy = join(0);
		live.command(actor, created.id, { type: 'goto', index: 4 });
		live.submit(amy, {
			clientId: 'mood-0000001',
			exerciseId: 'mood',
			answer: { type: 'checkin', value: 1 }
		});
		live.requestPause(amy);
		const person = live
			.staffSnapshot(created.id, new Set(), 'http://x')
			.participants.find((p) => p.firstName === 'Amy');
		expect(person?.lowCheckin).toEqual({ exerciseId: 'mood', value: 1 });
		expect(person?.pauseRequestedAt).not.toBeNull();
		expect(JSON.stringify(live.displaySnapshot(created.id, 'http://x'))).not.toContain('Amy');
	});

	it('saves an assessment note with its session and exercise, and only from the facilitator running it', async () => {
		const { live, actor, created, join, services } = await setup();
		const amy = join(0);
		live.command(actor, created.id, { type: 'goto', index: 1 });
		live.addNote(actor, created.id, {
			clientId: 'note-0000001',
			participantId: amy.participantId,
			domain: 'D5',
			text: 'Spoke about the children first.'
		});
		const notes = live.staffSnapshot(created.id, new Set(), 'http://x').notes;
		expect(notes).toMatchObject([
			{
				firstName: 'Amy',
				domain: 'D5',
				exerciseTitle: 'Hopes',
				text: 'Spoke about the children first.'
			}
		]);
		const { id: otherId } = await services.accounts.createUser(
			{ username: 'other', displayName: 'Other', role: 'facilitator' },
			'a long enough password'
		);
		expect(() =>
			live.addNote({ id: otherId, role: 'facilitator' }, created.id, {
				clientId: 'note-0000002',
				participantId: amy.participantId,
				domain: 'D1',
				text: 'x'
			})
		).toThrow(/Only the facilitator/);
		expect(() =>
			live.command({ id: otherId, role: 'facilitator' }, created.id, { type: 'next' })
		).toThrow(/Only the facilitator/);
	});

	it('raises the version on every change', async () => {
		const { live, actor, created, join } = await setup();
		const v1 = live.version(created.id);
		join(0);
		const v2 = live.version(created.id);
		live.command(actor, created.id, { type: 'start' });
		const v3 = live.version(created.id);
		expect(v2).toBeGreaterThan(v1);
		expect(v3).toBeGreaterThan(v2);
	});

	it('builds the snapshots of one broadcast from one read of the session and its people', async () => {
		const { db, live, actor, created, join } = await setup();
		const amy = join(0);
		live.command(actor, created.id, { type: 'start' });
		const version = live.version(created.id);
		const changeBehindItsBack = () => {
			db.prepare('UPDATE live_sessions SET state_version = state_version + 5 WHERE id = ?').run(
				created.id
			);
			db.prepare("UPDATE live_participants SET first_name = 'Amelia' WHERE id = ?").run(
				amy.participantId
			);
		};
		live.readingSnapshots(() => {
			expect(live.displaySnapshot(created.id, 'http://x').version).toBe(version);
			changeBehindItsBack();
			const staff = live.staffSnapshot(created.id, new Set(), 'http://x');
			expect(staff.version).toBe(version);
			expect(staff.participants.map((p) => p.firstName)).toContain('Amy');
			expect(live.tabletSnapshotFor(created.id, amy.participantId)?.firstName).toBe('Amy');
		});
		// Outside a broadcast every read is fresh.
		expect(live.version(created.id)).toBe(version + 5);
		expect(live.tabletSnapshotFor(created.id, amy.participantId)?.firstName).toBe('Amelia');
		expect(live.tabletSnapshotFor(created.id, 'someone-else')).toBeNull();
	});

	it('reads a session again only when its version has moved: after answers, commands, or a change from elsewhere', async () => {
		const { db, live, actor, created, join } = await setup();
		const amy = join(0);
		const beth = join(1);
		live.command(actor, created.id, { type: 'goto', index: 3 });
		// Count the reads of the session's row.
		const statement = Object.getPrototypeOf(db.prepare('SELECT 1')) as {
			get: (...args: unknown[]) => unknown;
		};
		const get = statement.get;
		let sessionReads = 0;
		statement.get = function (this: { source: string }, ...args: unknown[]) {
			if (this.source.startsWith('SELECT * FROM live_sessions WHERE id')) sessionReads++;
			return get.apply(this, args);
		};
		try {
			const answer = (clientId: string, optionId: string) => ({
				clientId,
				exerciseId: 'myth',
				answer: { type: 'poll' as const, optionIds: [optionId] }
			});
			const [first, second] = live.submitMany([
				{ who: amy, input: answer('seed-0001', 'fact') },
				{ who: beth, input: answer('seed-0002', 'myth') }
			]);
			const stored = second?.ok ? second.value.version : -1;
			expect(first?.ok && first.value.version).toBe(stored - 1);
			const readsBefore = sessionReads;
			const shown = live.readingSnapshots(() => live.displaySnapshot(created.id, 'http://x'));
			expect(shown.version).toBe(stored);
			expect(shown.answerCount).toBe(2);
			// Later too, while the version is the same, the session as stored is used.
			await Promise.resolve();
			expect(live.readingSnapshots(() => live.displaySnapshot(created.id, 'x').version)).toBe(
				stored
			);
			live.submitMany([{ who: amy, input: answer('seed-0003', 'myth') }]);
			expect(live.readingSnapshots(() => live.displaySnapshot(created.id, 'x').answerCount)).toBe(
				2
			);
			expect(sessionReads).toBe(readsBefore);

			// A command changes the session: it is read again, and shows the change.
			live.command(actor, created.id, { type: 'close' });
			const after = live.readingSnapshots(() => live.displaySnapshot(created.id, 'http://x'));
			expect(after.answersOpen).toBe(false);
			expect(after.version).toBe(live.version(created.id));
			expect(sessionReads).toBeGreaterThan(readsBefore);

			// So does a change written elsewhere (another process), which must raise the version.
			expect(() =>
				db.prepare("UPDATE live_sessions SET title = 'Renamed' WHERE id = ?").run(created.id)
			).toThrow(/state_version/);
			db.prepare(
				"UPDATE live_sessions SET title = 'Renamed', state_version = state_version + 1 WHERE id = ?"
			).run(created.id);
			expect(live.readingSnapshots(() => live.displaySnapshot(created.id, 'x').title)).toBe(
				'Renamed'
			);

			// What was read inside a transaction that was then undone is never used: not even
			// when a different change later reaches the same version.
			const rename = (title: string) =>
				db
					.prepare(
						'UPDATE live_sessions SET title = ?, state_version = state_version + 1 WHERE id = ?'
					)
					.run(title, created.id);
			expect(() =>
				db.transaction(() => {
					rename('Undone');
					expect(live.readingSnapshots(() => live.displaySnapshot(created.id, 'x').title)).toBe(
						'Undone'
					);
					throw new Error('undo');
				})()
			).toThrow('undo');
			rename('Again');
			expect(live.readingSnapshots(() => live.displaySnapshot(created.id, 'x').title)).toBe(
				'Again'
			);
		} finally {
			statement.get = get;
		}
	});
});
