import type { LivePhase } from '../../shared/live';
import type { Db } from './connection';

export interface LiveSessionRecord {
	id: string;
	code: string;
	title: string;
	programmeVersionId: number;
	moduleIds: string[];
	displayKey: string;
	phase: LivePhase;
	currentIndex: number;
	answersOpen: boolean;
	revealed: boolean;
	openedExercises: string[];
	/** Exercises whose results the facilitator keeps off the projector. */
	heldExercises: string[];
	stateVersion: number;
	facilitatorId: string;
	createdAt: number;
	/** The scheduled group session this live session runs, if any. */
	groupSessionId: string | null;
	/** The programme's numbered session (1–10) it runs, when it runs one rather than whole modules. */
	programmeSessionNumber: number | null;
	currentStartedAt: number | null;
	startedAt: number | null;
	endedAt: number | null;
}

export interface LiveParticipantRecord {
	id: string;
	liveSessionId: string;
	firstName: string;
	pin: string;
	position: number;
	joinedAt: number | null;
	caseId: string | null;
}

interface SessionRow {
	id: string;
	code: string;
	title: string;
	programme_version_id: number;
	module_ids: string;
	display_key: string;
	phase: LivePhase;
	current_index: number;
	answers_open: number;
	revealed: number;
	opened_exercises: string;
	held_exercises: string;
	state_version: number;
	facilitator_id: string;
	created_at: number;
	group_session_id: string | null;
	programme_session_number: number | null;
	current_started_at: number | null;
	started_at: number | null;
	ended_at: number | null;
}

interface ParticipantRow {
	id: string;
	live_session_id: string;
	first_name: string;
	pin: string;
	position: number;
	joined_at: number | null;
	case_id: string | null;
}

const sessionFromRow = (r: SessionRow): LiveSessionRecord => ({
	id: r.id,
	code: r.code,
	title: r.title,
	programmeVersionId: r.programme_version_id,
	moduleIds: JSON.parse(r.module_ids) as string[],
	displayKey: r.display_key,
	phase: r.phase,
	currentIndex: r.current_index,
	answersOpen: r.answers_open === 1,
	revealed: r.revealed === 1,
	openedExercises: JSON.parse(r.opened_exercises) as string[],
	heldExercises: JSON.parse(r.held_exercises) as string[],
	stateVersion: r.state_version,
	facilitatorId: r.facilitator_id,
	createdAt: r.created_at,
	groupSessionId: r.group_session_id,
	programmeSessionNumber: r.programme_session_number,
	currentStartedAt: r.current_started_at,
	startedAt: r.started_at,
	endedAt: r.ended_at
});

const participantFromRow = (r: ParticipantRow): LiveParticipantRecord => ({
	id: r.id,
	liveSessionId: r.live_session_id,
	firstName: r.first_name,
	pin: r.pin,
	position: r.position,
	joinedAt: r.joined_at,
	caseId: r.case_id
});

export interface LiveStatePatch {
	phase?: LivePhase;
	currentIndex?: number;
	answersOpen?: boolean;
	revealed?: boolean;
	openedExercises?: string[];
	heldExercises?: string[];
	currentStartedAt?: number;
	startedAt?: number;
	endedAt?: number;
}

/** Live sessions, their participants and participants' tablet tokens. */
export function createLiveSessionStore(db: Db) {
	const insertSession = db.prepare(
		`INSERT INTO live_sessions (id, code, title, programme_version_id, module_ids, display_key,
			facilitator_id, created_at, group_session_id, programme_session_number)
		 VALUES (@id, @code, @title, @programmeVersionId, @moduleIds, @displayKey, @facilitatorId, @createdAt,
			@groupSessionId, @programmeSessionNumber)`
	);
	const insertParticipant = db.prepare(
		`INSERT INTO live_participants (id, live_session_id, first_name, pin, position, case_id)
		 VALUES (?, ?, ?, ?, ?, ?)`
	);
	const byId = db.prepare<[string], SessionRow>('SELECT * FROM live_sessions WHERE id = ?');
	const versionById = db
		.prepare<[string], number>('SELECT state_version FROM live_sessions WHERE id = ?')
		.pluck();
	const activeByCode = db.prepare<[string], SessionRow>(
		"SELECT * FROM live_sessions WHERE code = ? AND phase != 'ended'"
	);
	const listForFacilitator = db.prepare<[string], SessionRow>(
		'SELECT * FROM live_sessions WHERE facilitator_id = ? ORDER BY created_at DESC LIMIT 50'
	);
	const listAll = db.prepare<[], SessionRow>(
		'SELECT * FROM live_sessions ORDER BY created_at DESC LIMIT 50'
	);
	const participants = db.prepare<[string], ParticipantRow>(
		'SELECT * FROM live_participants WHERE live_session_id = ? ORDER BY position'
	);
	const participantById = db.prepare<[string], ParticipantRow>(
		'SELECT * FROM live_participants WHERE id = ?'
	);
	const participantByPin = db.prepare<[string, string], ParticipantRow>(
		'SELECT * FROM live_participants WHERE live_session_id = ? AND pin = ?'
	);
	const participantsOfCase = db.prepare<[string], { id: string }>(
		'SELECT id FROM live_participants WHERE case_id = ?'
	);
	const markJoined = db.prepare(
		'UPDATE live_participants SET joined_at = ? WHERE id = ? AND joined_at IS NULL'
	);
	const insertToken = db.prepare(
		'INSERT INTO participant_tokens (id, participant_id, secret_hash, created_at) VALUES (?, ?, ?, ?)'
	);
	const tokenById = db.prepare<
		[string],
		{ participant_id: string; secret_hash: Buffer; revoked_at: number | null }
	>('SELECT participant_id, secret_hash, revoked_at FROM participant_tokens WHERE id = ?');
	const revokeToken = db.prepare(
		'UPDATE participant_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'
	);
	// Made once: better-sqlite3 builds a transaction function with several wrappers each time.
	const transactionOf = db.transaction((fn: () => unknown) => fn());
	const totalChanges = db.prepare<[], number>('SELECT total_changes()').pluck();
	const bumpVersion = db.prepare<[string], { state_version: number }>(
		'UPDATE live_sessions SET state_version = state_version + 1 WHERE id = ? RETURNING state_version'
	);

	return {
		insert(
			session: Pick<
				LiveSessionRecord,
				| 'id'
				| 'code'
				| 'title'
				| 'programmeVersionId'
				| 'moduleIds'
				| 'displayKey'
				| 'facilitatorId'
				| 'createdAt'
				| 'groupSessionId'
				| 'programmeSessionNumber'
			>,
			people: Array<{ id: string; firstName: string; pin: string; caseId: string | null }>
		): void {
			db.transaction(() => {
				insertSession.run({
					...session,
					moduleIds: JSON.stringify(session.moduleIds)
				});
				people.forEach((p, i) =>
					insertParticipant.run(p.id, session.id, p.firstName, p.pin, i, p.caseId)
				);
			}).immediate();
		},
		findById(id: string): LiveSessionRecord | undefined {
			const row = byId.get(id);
			return row ? sessionFromRow(row) : undefined;
		},
		/**
		 * The session's state version alone (undefined when there is no such session). Every
		 * change to a session's row raises it (a trigger refuses any that does not), so a row
		 * read at this version is the row as it is.
		 */
		stateVersionOf(id: string): number | undefined {
			return versionById.get(id);
		},
		findActiveByCode(code: string): LiveSessionRecord | undefined {
			const row = activeByCode.get(code);
			return row ? sessionFromRow(row) : undefined;
		},
		listRecent(facilitatorId: string | null): LiveSessionRecord[] {
			const rows = facilitatorId ? listForFacilitator.all(facilitatorId) : listAll.all();
			return rows.map(sessionFromRow);
		},
		participants(liveSessionId: string): LiveParticipantRecord[] {
			return participants.all(liveSessionId).map(participantFromRow);
		},
		findParticipant(id: string): LiveParticipantRecord | undefined {
			const row = participantById.get(id);
			return row ? participantFromRow(row) : undefined;
		},
		participantIdsForCase(caseId: string): string[] {
			return participantsOfCase.all(caseId).map((r) => r.id);
		},
		findParticipantByPin(liveSessionId: string, pin: string): LiveParticipantRecord | undefined {
			const row = participantByPin.get(liveSessionId, pin);
			return row ? participantFromRow(row) : undefined;
		},
		/** Records her first arrival; later joins keep the first time. */
		markJoined(participantId: string, at: number): boolean {
			return markJoined.run(at, participantId).changes > 0;
		},
		/** Applies a state change and raises the version by one, atomically. Returns the new version. */
		updateState(id: string, patch: LiveStatePatch): number {
			const sets: string[] = ['state_version = state_version + 1'];
			const values: Record<string, unknown> = { id };
			const columns: Record<keyof LiveStatePatch, string> = {
				phase: 'phase',
				currentIndex: 'current_index',
				answersOpen: 'answers_open',
				revealed: 'revealed',
				openedExercises: 'opened_exercises',
				heldExercises: 'held_exercises',
				currentStartedAt: 'current_started_at',
				startedAt: 'started_at',
				endedAt: 'ended_at'
			};
			for (const [key, column] of Object.entries(columns) as Array<
				[keyof LiveStatePatch, string]
			>) {
				const value = patch[key];
				if (value === undefined) continue;
				sets.push(`${column} = @${key}`);
				values[key] =
					typeof value === 'boolean'
						? value
							? 1
							: 0
						: Array.isArray(value)
							? JSON.stringify(value)
							: value;
			}
			db.prepare(`UPDATE live_sessions SET ${sets.join(', ')} WHERE id = @id`).run(values);
			return byId.get(id)?.state_version ?? 0;
		},
		/** Raises the version by one and returns the new version (0 when there is no such session). */
		bumpVersion(id: string): number {
			return bumpVersion.get(id)?.state_version ?? 0;
		},
		/**
		 * Runs `fn` in one write transaction, so that everything it stores (an answer and the
		 * version it raises) is committed together, or not at all. Inside another transaction
		 * it becomes a savepoint: a throw undoes only what `fn` did.
		 */
		transaction<T>(fn: () => T): T {
			return transactionOf.immediate(fn) as T;
		},
		/** Whether a transaction is open (what is read may yet be undone). */
		inTransaction(): boolean {
			return db.inTransaction;
		},
		/**
		 * A count that grows with every row this server inserts, updates or deletes in any
		 * table: while it is unchanged, nothing read before has changed.
		 */
		changeCount(): number {
			return totalChanges.get() ?? 0;
		},
		insertToken(id: string, participantId: string, secretHash: Uint8Array, at: number): void {
			insertToken.run(id, participantId, Buffer.from(secretHash), at);
		},
		findToken(
			id: string
		): { participantId: string; secretHash: Uint8Array; revoked: boolean } | undefined {
			const row = tokenById.get(id);
			if (!row) return undefined;
			return {
				participantId: row.participant_id,
				secretHash: new Uint8Array(row.secret_hash),
				revoked: row.revoked_at !== null
			};
		},
		revokeToken(id: string, at: number): void {
			revokeToken.run(at, id);
		}
	};
}

export type LiveSessionStore = ReturnType<typeof createLiveSessionStore>;
