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

/** What the audit screen can narrow the log by; every field is optional. */
export interface AuditQuery {
	/** From this moment (inclusive), in milliseconds. */
	from?: number;
	/** Before this moment (exclusive), in milliseconds. */
	to?: number;
	actorId?: string;
	action?: string;
	subjectType?: string;
	subjectId?: string;
}

interface Row {
	id: number;
	at: number;
	actor_id: string | null;
	action: string;
	subject_type: string;
	subject_id: string;
	detail: string;
}

const fromRow = (r: Row): AuditEntry => ({
	id: r.id,
	at: r.at,
	actorId: r.actor_id,
	action: r.action,
	subjectType: r.subject_type,
	subjectId: r.subject_id,
	detail: r.detail
});

/** The WHERE clause for a query, with named parameters only (never values in the SQL). */
function where(query: AuditQuery): { sql: string; params: Record<string, string | number> } {
	const clauses: string[] = [];
	const params: Record<string, string | number> = {};
	if (query.from !== undefined) {
		clauses.push('at >= @from');
		params.from = query.from;
	}
	if (query.to !== undefined) {
		clauses.push('at < @to');
		params.to = query.to;
	}
	if (query.actorId !== undefined) {
		clauses.push('actor_id = @actorId');
		params.actorId = query.actorId;
	}
	if (query.action !== undefined) {
		clauses.push('action = @action');
		params.action = query.action;
	}
	if (query.subjectType !== undefined) {
		clauses.push('subject_type = @subjectType');
		params.subjectType = query.subjectType;
	}
	if (query.subjectId !== undefined) {
		clauses.push('subject_id = @subjectId');
		params.subjectId = query.subjectId;
	}
	return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/** The append-only audit log (the database refuses updates and deletes on it). */
export function createAuditLogStore(db: Db) {
	const insert = db.prepare(
		'INSERT INTO audit_log (at, actor_id, action, subject_type, subject_id, detail) VALUES (?, ?, ?, ?, ?, ?)'
	);
	const forSubject = db.prepare<[string, string], Row>(
		'SELECT * FROM audit_log WHERE subject_type = ? AND subject_id = ? ORDER BY id'
	);
	const actions = db.prepare<[], { action: string }>(
		'SELECT DISTINCT action FROM audit_log ORDER BY action'
	);
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
			return forSubject.all(subjectType, subjectId).map(fromRow);
		},
		/** Rows matching the query, newest first; `limit` undefined returns them all. */
		search(query: AuditQuery, page: { limit?: number; offset?: number } = {}): AuditEntry[] {
			const { sql, params } = where(query);
			const paging =
				page.limit === undefined
					? ''
					: ` LIMIT ${Math.max(0, Math.floor(page.limit))} OFFSET ${Math.max(0, Math.floor(page.offset ?? 0))}`;
			return db
				.prepare<Record<string, string | number>, Row>(
					`SELECT * FROM audit_log ${sql} ORDER BY at DESC, id DESC${paging}`
				)
				.all(params)
				.map(fromRow);
		},
		count(query: AuditQuery): number {
			const { sql, params } = where(query);
			return db
				.prepare<Record<string, string | number>, { n: number }>(
					`SELECT COUNT(*) AS n FROM audit_log ${sql}`
				)
				.get(params)!.n;
		},
		/** Every action name that has been logged, for the filter's list. */
		actions(): string[] {
			return actions.all().map((r) => r.action);
		}
	};
}

export type AuditLogStore = ReturnType<typeof createAuditLogStore>;
