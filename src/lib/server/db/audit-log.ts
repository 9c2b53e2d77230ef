import type { Db } from './connection';

export interface AuditEntry {
	id: number;
	at: number;
	actorId: string | null;
	action: string;
	subjectType: string;
	subjectId: string;
	detail: string;
}

/** The append-only audit log (the database refuses updates and deletes on it). */
export function createAuditLogStore(db: Db) {
	const insert = db.prepare(
		'INSERT INTO audit_log (at, actor_id, action, subject_type, subject_id, detail) VALUES (?, ?, ?, ?, ?, ?)'
	);
	const forSubject = db.prepare<
		[string, string],
		{
			id: number;
			at: number;
			actor_id: string | null;
			action: string;
			subject_type: string;
			subject_id: string;
			detail: string;
		}
	>('SELECT * FROM audit_log WHERE subject_type = ? AND subject_id = ? ORDER BY id');
	return {
		record(entry: Omit<AuditEntry, 'id'>): void {
			insert.run(
				entry.at,
				entry.actorId,
				entry.action,
				entry.subjectType,
				entry.subjectId,
				entry.detail
			);
		},
		forSubject(subjectType: string, subjectId: string): AuditEntry[] {
			return forSubject.all(subjectType, subjectId).map((r) => ({
				id: r.id,
				at: r.at,
				actorId: r.actor_id,
				action: r.action,
				subjectType: r.subject_type,
				subjectId: r.subject_id,
				detail: r.detail
			}));
		}
	};
}

export type AuditLogStore = ReturnType<typeof createAuditLogStore>;
