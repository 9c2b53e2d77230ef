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

	it('use numbered, unique ids', () => {
		const ids = migrations.map((m) => m.id);
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids).toEqual([...ids].sort((a, b) => a - b));
	});
});
