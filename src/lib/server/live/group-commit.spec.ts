import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExerciseInput } from '../../shared/exercises';
import type { SubmitAnswer } from '../../shared/live';
import { parseConfig } from '../config';
import { openDatabase } from '../db/connection';
import { programmeSchema } from '../programme/programme';
import { createServices } from '../services';
import { createGroupCommit } from './group-commit';
import type { ParticipantIdentity, Settled, SubmitResult } from './live-service';

const exercises: ExerciseInput[] = [
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
		]
	},
	{
		id: 'hopes',
		type: 'reflection',
		title: 'Hopes',
		prompt: 'What do you hope for?',
		durationMinutes: 10,
		visibility: 'anonymous-group'
	}
];

const folders: string[] = [];
afterEach(() => {
	for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A live session on a database file, so a second connection can see what is committed. */
async function setup() {
	const folder = mkdtempSync(joinPath(tmpdir(), 'circlework-group-commit-'));
	folders.push(folder);
	const path = joinPath(folder, 'test.db');
	const db = openDatabase(path);
	const services = createServices(db, parseConfig({ DATABASE_PATH: path }));
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
	const live = services.live;
	const created = live.create(actor, {
		title: 'Tuesday group',
		moduleIds: ['intro'],
		participants: ['Amy', 'Beth', 'Cara']
	});
	const people = created.people.map((p) =>
		live.authenticateParticipant(live.join(created.code, p.pin, '10.0.0.1').token)
	);
	live.command(actor, created.id, { type: 'goto', index: 0 });
	/** Another connection to the same file: it sees only what has been committed. */
	const observer = new Database(path, { readonly: true });
	const committed = (table: 'answers' | 'reflections', id: string) =>
		observer.prepare(`SELECT count(*) AS n FROM ${table} WHERE id = ?`).get(id) as { n: number };
	return { db, live, actor, created, people, observer, committed };
}

const poll = (clientId: string, optionId: 'myth' | 'fact'): SubmitAnswer => ({
	clientId,
	exerciseId: 'myth',
	answer: { type: 'poll', optionIds: [optionId] }
});

/** Runs queued work by hand, to control what counts as one turn. */
function manualSchedule() {
	const runs: Array<() => void> = [];
	return { schedule: (run: () => void) => void runs.push(run), runNext: () => runs.shift()?.() };
}

describe('group commit', () => {
	it('commits what arrives in one turn together, then answers each in order', () => {
		const calls: number[][] = [];
		const events: string[] = [];
		const turn = manualSchedule();
		const group = createGroupCommit<number, number>((items) => {
			calls.push(items);
			events.push('commit');
			return items.map((n) => ({ ok: true, value: n * 10 }));
		}, turn.schedule);
		for (const n of [1, 2, 3]) {
			group.add(n, (result) => events.push(`done ${n}: ${result.ok ? result.value : 'error'}`));
		}
		expect(events).toEqual([]);
		expect(group.pending).toBe(3);
		turn.runNext();
		expect(calls).toEqual([[1, 2, 3]]);
		expect(events).toEqual(['commit', 'done 1: 10', 'done 2: 20', 'done 3: 30']);
		group.add(4, () => events.push('done 4'));
		turn.runNext();
		expect(calls).toEqual([[1, 2, 3], [4]]);
	});

	it('commits at once when flushed, keeping the order of arrival before a later change', () => {
		const events: string[] = [];
		const turn = manualSchedule();
		const group = createGroupCommit<number, number>((items) => {
			events.push(`commit ${items.join(',')}`);
			return items.map((n) => ({ ok: true, value: n }));
		}, turn.schedule);
		group.add(1, () => events.push('done 1'));
		group.flush();
		events.push('command');
		turn.runNext();
		group.flush();
		expect(events).toEqual(['commit 1', 'done 1', 'command']);
	});

	it('answers every item with the error when the commit fails, and none as stored', () => {
		const turn = manualSchedule();
		const group = createGroupCommit<number, number>(() => {
			throw new Error('disk I/O error');
		}, turn.schedule);
		const results: Settled<number>[] = [];
		group.add(1, (r) => results.push(r));
		group.add(2, (r) => results.push(r));
		turn.runNext();
		expect(results).toHaveLength(2);
		for (const r of results) expect(r.ok).toBe(false);
	});

	it('with a flush after the commit, answers each item only once the flush has ended', () => {
		const events: string[] = [];
		const turn = manualSchedule();
		const flushes: Array<(error?: Error) => void> = [];
		const group = createGroupCommit<number, number>(
			(items) => {
				events.push(`commit ${items.join(',')}`);
				return items.map((n) => ({ ok: true, value: n }));
			},
			turn.schedule,
			(done) => void flushes.push(done)
		);
		group.add(1, (r) => events.push(`done 1: ${r.ok ? 'stored' : 'error'}`));
		group.add(2, (r) => events.push(`done 2: ${r.ok ? 'stored' : 'error'}`));
		turn.runNext();
		expect(events).toEqual(['commit 1,2']);
		flushes.shift()!();
		expect(events).toEqual(['commit 1,2', 'done 1: stored', 'done 2: stored']);
	});

	it('answers every item with the error when the flush to disk fails', () => {
		const turn = manualSchedule();
		const group = createGroupCommit<number, number>(
			(items) => items.map((n) => ({ ok: true, value: n })),
			turn.schedule,
			(done) => done(new Error('EIO: i/o error, fdatasync'))
		);
		const results: Settled<number>[] = [];
		group.add(1, (r) => results.push(r));
		group.add(2, (r) => results.push(r));
		turn.runNext();
		expect(results.map((r) => r.ok)).toEqual([false, false]);
	});

	it('a callback that throws does not keep the others waiting', () => {
		const turn = manualSchedule();
		const group = createGroupCommit<number, number>(
			(items) => items.map((n) => ({ ok: true, value: n })),
			turn.schedule
		);
		const done: number[] = [];
		const quiet = console.error;
		console.error = () => {};
		try {
			group.add(1, () => {
				throw new Error('socket gone');
			});
			group.add(2, (r) => done.push(r.ok ? r.value : -1));
			turn.runNext();
		} finally {
			console.error = quiet;
		}
		expect(done).toEqual([2]);
	});
});

describe('group commit of submissions', () => {
	it('acknowledges no submission before its commit is durable and visible to other connections', async () => {
		const { live, people, committed, observer } = await setup();
		const turn = manualSchedule();
		const seenAtAck: Array<{ id: string; rows: number; result: Settled<SubmitResult> }> = [];
		const group = createGroupCommit(
			(batch: Array<{ who: ParticipantIdentity; input: SubmitAnswer }>) => {
				// Nothing of the batch is visible elsewhere until the commit.
				for (const { input } of batch) expect(committed('answers', input.clientId).n).toBe(0);
				return live.submitMany(batch);
			},
			turn.schedule
		);
		const submissions = people.map((who, i) => ({
			who,
			input: poll(`poll-${i}-0001`, i % 2 ? 'myth' : 'fact')
		}));
		for (const s of submissions) {
			group.add(s, (result) =>
				seenAtAck.push({
					id: s.input.clientId,
					rows: committed('answers', s.input.clientId).n,
					result
				})
			);
		}
		turn.runNext();
		expect(seenAtAck.map((a) => a.id)).toEqual(submissions.map((s) => s.input.clientId));
		for (const ack of seenAtAck) {
			expect(ack.rows).toBe(1);
			expect(ack.result.ok && ack.result.value.outcome).toBe('stored');
		}
		observer.close();
	});

	it('gives each stored submission its own version, all in one commit', async () => {
		const { live, created, people } = await setup();
		const before = live.version(created.id);
		const results = live.submitMany(
			people.map((who, i) => ({ who, input: poll(`poll-v-${i}-001`, 'myth') }))
		);
		const versions = results.map((r) => (r.ok ? r.value.version : -1));
		expect(versions).toEqual([before + 1, before + 2, before + 3]);
		expect(live.version(created.id)).toBe(before + 3);
		const display = live.displaySnapshot(created.id, 'http://x');
		expect(display.version).toBe(before + 3);
		expect(display.answerCount).toBe(3);
	});

	it('still refuses duplicates by client id, within a batch and across batches', async () => {
		const { db, live, people } = await setup();
		const [amy, beth] = people as [ParticipantIdentity, ParticipantIdentity];
		const first = live.submitMany([
			{ who: amy, input: poll('poll-dup-00001', 'myth') },
			{ who: amy, input: poll('poll-dup-00001', 'myth') },
			{ who: beth, input: poll('poll-dup-00002', 'fact') }
		]);
		expect(first.map((r) => r.ok && r.value.outcome)).toEqual(['stored', 'duplicate', 'stored']);
		const again = live.submitMany([
			{ who: beth, input: poll('poll-dup-00002', 'fact') },
			{ who: amy, input: poll('poll-dup-00001', 'myth') }
		]);
		expect(again.map((r) => r.ok && r.value.outcome)).toEqual(['duplicate', 'duplicate']);
		const rows = db.prepare('SELECT id FROM answers ORDER BY id').all();
		expect(rows).toEqual([{ id: 'poll-dup-00001' }, { id: 'poll-dup-00002' }]);
	});

	it('a refused submission is undone alone; the rest of its batch is stored', async () => {
		const { db, live, people } = await setup();
		const [amy, beth] = people as [ParticipantIdentity, ParticipantIdentity];
		const results = live.submitMany([
			{ who: amy, input: poll('poll-ok-000001', 'myth') },
			// The reflection is not open (the room is on the poll): refused.
			{
				who: beth,
				input: {
					clientId: 'refl-closed-01',
					exerciseId: 'hopes',
					answer: { type: 'reflection', text: 'Not now' }
				}
			},
			{ who: beth, input: poll('poll-ok-000002', 'fact') }
		]);
		expect(results[0]!.ok).toBe(true);
		expect(results[1]!.ok).toBe(false);
		expect(!results[1]!.ok && String(results[1]!.error)).toMatch(/closed/);
		expect(results[2]!.ok).toBe(true);
		expect(db.prepare('SELECT count(*) AS n FROM answers').get()).toEqual({ n: 2 });
		expect(db.prepare('SELECT count(*) AS n FROM reflections').get()).toEqual({ n: 0 });
	});

	it('stores nothing and acknowledges nothing as stored when the commit fails', async () => {
		const { db, live, people } = await setup();
		const turn = manualSchedule();
		const group = createGroupCommit(
			(batch: Array<{ who: ParticipantIdentity; input: SubmitAnswer }>) => {
				// Another connection holds the write lock past the busy timeout: BEGIN fails.
				return live.submitMany(batch);
			},
			turn.schedule
		);
		db.pragma('busy_timeout = 0');
		const path = db.name;
		const other = new Database(path);
		other.prepare('BEGIN IMMEDIATE').run();
		const results: Settled<SubmitResult>[] = [];
		group.add({ who: people[0]!, input: poll('poll-fail-0001', 'myth') }, (r) => results.push(r));
		turn.runNext();
		other.prepare('ROLLBACK').run();
		other.close();
		expect(results).toHaveLength(1);
		expect(results[0]!.ok).toBe(false);
		expect(db.prepare('SELECT count(*) AS n FROM answers').get()).toEqual({ n: 0 });
	});
});
