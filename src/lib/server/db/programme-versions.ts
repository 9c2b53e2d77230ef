import type { Db } from './connection';

export interface ProgrammeVersionRecord {
	id: number;
	title: string;
	content: string;
	note: string;
	createdBy: string | null;
	createdAt: number;
}

interface Row {
	id: number;
	title: string;
	content: string;
	note: string;
	created_by: string | null;
	created_at: number;
}

const fromRow = (r: Row): ProgrammeVersionRecord => ({
	id: r.id,
	title: r.title,
	content: r.content,
	note: r.note,
	createdBy: r.created_by,
	createdAt: r.created_at
});

/** Published programme versions; content is the validated programme as JSON. */
export function createProgrammeVersionStore(db: Db) {
	const latest = db.prepare<[], Row>('SELECT * FROM programme_versions ORDER BY id DESC LIMIT 1');
	const byId = db.prepare<[number], Row>('SELECT * FROM programme_versions WHERE id = ?');
	const summaries = db.prepare<[], Omit<Row, 'content'>>(
		'SELECT id, title, note, created_by, created_at FROM programme_versions ORDER BY id DESC'
	);
	const insert = db.prepare(
		'INSERT INTO programme_versions (title, content, note, created_by, created_at) VALUES (?, ?, ?, ?, ?)'
	);
	return {
		latest(): ProgrammeVersionRecord | undefined {
			const row = latest.get();
			return row ? fromRow(row) : undefined;
		},
		findById(id: number): ProgrammeVersionRecord | undefined {
			const row = byId.get(id);
			return row ? fromRow(row) : undefined;
		},
		/** Every version, newest first, without its content. */
		list(): Array<Omit<ProgrammeVersionRecord, 'content'>> {
			return summaries.all().map((r) => ({
				id: r.id,
				title: r.title,
				note: r.note,
				createdBy: r.created_by,
				createdAt: r.created_at
			}));
		},
		insert(v: Omit<ProgrammeVersionRecord, 'id'>): number {
			return Number(
				insert.run(v.title, v.content, v.note, v.createdBy, v.createdAt).lastInsertRowid
			);
		}
	};
}

export type ProgrammeVersionStore = ReturnType<typeof createProgrammeVersionStore>;
