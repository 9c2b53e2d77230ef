import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { applyMigrations } from './migrate';
import { migrations } from './migrations';

function tables(db: Database.Database): string[] {
	return db
		.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
		.all()
		.map((row) => (row as { name: string }).name);
}

/** A facilitator, a programme version and a live session `s1` she runs. */
const SESSION_S1 = `
			INSERT INTO staff_users (id, username, display_name, role, password_hash, created_at, password_changed_at)
				VALUES ('u1', 'fay', 'Fay', 'facilitator', 'x', 1, 1);
			INSERT INTO programme_versions (id, title, content, created_at) VALUES (1, 'v1', '{}', 1);
			INSERT INTO live_sessions (id, code, title, programme_version_id, module_ids, display_key, facilitator_id, created_at)
				VALUES ('s1', 'ABC123', 'Tuesday', 1, '[]', 'k', 'u1', 1);
`;

describe('migrations', () => {
	it('apply on an empty database and are recorded', () => {
		const db = new Database(':memory:');
		const result = applyMigrations(db);
		expect(result.applied.map((m) => m.id)).toEqual(migrations.map((m) => m.id));
		expect(tables(db)).toEqual(
			expect.arrayContaining(['schema_migrations', 'staff_users', 'staff_sessions'])
		);
		const recorded = db.prepare('SELECT id FROM schema_migrations ORDER BY id').all();
		expect(recorded).toEqual(migrations.map((m) => ({ id: m.id })));
	});

	it('are idempotent: a second run applies nothing and changes nothing', () => {
		const db = new Database(':memory:');
		applyMigrations(db);
		const before = tables(db);
		const again = applyMigrations(db);
		expect(again.applied).toEqual([]);
		expect(again.alreadyApplied).toBe(migrations.length);
		expect(tables(db)).toEqual(before);
	});

	it('roll back a failing migration completely', () => {
		const db = new Database(':memory:');
		const broken = [
			...migrations,
			{
				id: 999,
				name: 'broken',
				sql: 'CREATE TABLE half_done (id INTEGER); SELECT * FROM missing;'
			}
		];
		expect(() => applyMigrations(db, broken)).toThrow();
		expect(tables(db)).not.toContain('half_done');
		const ids = db.prepare('SELECT id FROM schema_migrations').all() as Array<{ id: number }>;
		expect(ids.map((r) => r.id)).not.toContain(999);
	});

	it('rebuild the answer tables keeping every answer, reflection, sealed link and concern', () => {
		const db = new Database(':memory:');
		db.pragma('foreign_keys = ON');
		applyMigrations(
			db,
			migrations.filter((m) => m.id < 10)
		);
		db.exec(SESSION_S1);
		db.exec(`
			INSERT INTO live_participants (id, live_session_id, first_name, pin, position) VALUES ('p1', 's1', 'Amy', '1234', 0);
			INSERT INTO reflections (id, live_session_id, exercise_id, text, status, shuffle_key, created_at)
				VALUES ('r1', 's1', 'e1', 'I should have seen it.', 'approved', 7, 10),
				       ('r2', 's1', 'e1', 'I am angry.', 'pending', 3, 11);
			INSERT INTO reflection_author_links (reflection_id, participant_id) VALUES ('r2', 'p1');
			INSERT INTO answers (id, live_session_id, exercise_id, participant_id, answer, submitted_at)
				VALUES ('a1', 's1', 'e2', 'p1', '{"type":"poll","optionIds":["myth"]}', 13);
			INSERT INTO safeguarding_concerns (id, live_session_id, reflection_id, words, written_at, marked_by, marked_at)
				VALUES ('c1', 's1', 'r2', 'I am angry.', 11, 'u1', 12);
		`);

		const result = applyMigrations(
			db,
			migrations.filter((m) => m.id <= 10)
		);
		expect(result.applied.map((m) => m.id)).toEqual([10]);
		expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
		expect(db.prepare('SELECT id, text, status FROM reflections ORDER BY id').all()).toEqual([
			{ id: 'r1', text: 'I should have seen it.', status: 'approved' },
			{ id: 'r2', text: 'I am angry.', status: 'pending' }
		]);
		expect(db.prepare('SELECT * FROM reflection_author_links').all()).toEqual([
			{ reflection_id: 'r2', participant_id: 'p1' }
		]);
		expect(
			db.prepare("SELECT reflection_id FROM safeguarding_concerns WHERE id = 'c1'").get()
		).toEqual({
			reflection_id: 'r2'
		});
		expect(db.prepare('SELECT id, exercise_id, participant_id, answer FROM answers').all()).toEqual(
			[
				{
					id: 'a1',
					exercise_id: 'e2',
					participant_id: 'p1',
					answer: '{"type":"poll","optionIds":["myth"]}'
				}
			]
		);
		const sql = (name: string) =>
			(db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').get(name) as { sql: string }).sql;
		expect(sql('reflections')).toContain('WITHOUT ROWID');
		expect(sql('reflection_author_links')).toContain('WITHOUT ROWID');
		expect(sql('answers')).toContain('WITHOUT ROWID');
		expect(sql('reflections_exercise')).toContain('live_session_id, exercise_id');

		// The references still hold: deleting the session removes its reflections and their links.
		db.prepare("DELETE FROM live_sessions WHERE id = 's1'").run();
		expect(db.prepare('SELECT count(*) AS n FROM reflections').get()).toEqual({ n: 0 });
		expect(db.prepare('SELECT count(*) AS n FROM reflection_author_links').get()).toEqual({ n: 0 });
		expect(db.prepare('SELECT count(*) AS n FROM answers').get()).toEqual({ n: 0 });
		expect(
			db.prepare("SELECT reflection_id FROM safeguarding_concerns WHERE id = 'c1'").get()
		).toEqual({
			reflection_id: null
		});
	});

	it("look up an exercise's approved reflections from the index, and refuse a session change that keeps its version", () => {
		const db = new Database(':memory:');
		applyMigrations(db);
		db.exec(SESSION_S1);
		const plan = db
			.prepare(
				"EXPLAIN QUERY PLAN SELECT id FROM reflections WHERE live_session_id = 's1' AND exercise_id = 'e1' AND status = 'approved'"
			)
			.all() as Array<{ detail: string }>;
		expect(plan.map((p) => p.detail).join(' ')).toContain(
			'COVERING INDEX reflections_exercise (live_session_id=? AND exercise_id=? AND status=?)'
		);

		expect(() =>
			db.prepare("UPDATE live_sessions SET title = 'Wednesday' WHERE id = 's1'").run()
		).toThrow(/without raising its state_version/);
		db.prepare(
			"UPDATE live_sessions SET title = 'Wednesday', state_version = state_version + 1 WHERE id = 's1'"
		).run();
		expect(
			db.prepare("SELECT title, state_version FROM live_sessions WHERE id = 's1'").get()
		).toEqual({ title: 'Wednesday', state_version: 2 });
	});

	it('use numbered, unique ids', () => {
		const ids = migrations.map((m) => m.id);
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids).toEqual([...ids].sort((a, b) => a - b));
	});
});
