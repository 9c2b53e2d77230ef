import type { AttendanceStatus } from '../cases/hours';
import type { Db } from './connection';

export interface GroupRecord {
	id: string;
	name: string;
	site: string;
	timeOfDay: 'daytime' | 'evening';
	facilitatorId: string;
	cofacilitatorId: string | null;
	startDate: string;
	programmeVersionId: number;
	createdBy: string | null;
	createdAt: number;
}

export interface GroupSessionRecord {
	id: string;
	groupId: string;
	number: number;
	startsAt: number;
	durationMinutes: number;
	moduleIds: string[];
	liveSessionId: string | null;
}

export interface AttendanceRecord {
	caseId: string;
	groupSessionId: string;
	status: AttendanceStatus;
	minutesLate: number;
	minutesLeftEarly: number;
	absentReason: string;
	arrivedAt: number | null;
	recordedBy: string | null;
	recordedAt: number;
}

const groupFromRow = (r: Record<string, unknown>): GroupRecord => ({
	id: r.id as string,
	name: r.name as string,
	site: r.site as string,
	timeOfDay: r.time_of_day as GroupRecord['timeOfDay'],
	facilitatorId: r.facilitator_id as string,
	cofacilitatorId: (r.cofacilitator_id as string | null) ?? null,
	startDate: r.start_date as string,
	programmeVersionId: r.programme_version_id as number,
	createdBy: (r.created_by as string | null) ?? null,
	createdAt: r.created_at as number
});

const sessionFromRow = (r: Record<string, unknown>): GroupSessionRecord => ({
	id: r.id as string,
	groupId: r.group_id as string,
	number: r.number as number,
	startsAt: r.starts_at as number,
	durationMinutes: r.duration_minutes as number,
	moduleIds: JSON.parse(r.module_ids as string) as string[],
	liveSessionId: (r.live_session_id as string | null) ?? null
});

const attendanceFromRow = (r: Record<string, unknown>): AttendanceRecord => ({
	caseId: r.case_id as string,
	groupSessionId: r.group_session_id as string,
	status: r.status as AttendanceStatus,
	minutesLate: r.minutes_late as number,
	minutesLeftEarly: r.minutes_left_early as number,
	absentReason: r.absent_reason as string,
	arrivedAt: (r.arrived_at as number | null) ?? null,
	recordedBy: (r.recorded_by as string | null) ?? null,
	recordedAt: r.recorded_at as number
});

/** Groups, their scheduled sessions, and attendance at each. */
export function createGroupStore(db: Db) {
	const insertGroup = db.prepare(
		`INSERT INTO groups (id, name, site, time_of_day, facilitator_id, cofacilitator_id, start_date,
			programme_version_id, created_by, created_at)
		 VALUES (@id, @name, @site, @timeOfDay, @facilitatorId, @cofacilitatorId, @startDate,
			@programmeVersionId, @createdBy, @createdAt)`
	);
	const insertSession = db.prepare(
		`INSERT INTO group_sessions (id, group_id, number, starts_at, duration_minutes, module_ids)
		 VALUES (@id, @groupId, @number, @startsAt, @durationMinutes, @moduleIds)`
	);
	const byId = db.prepare<[string], Record<string, unknown>>('SELECT * FROM groups WHERE id = ?');
	const all = db.prepare<[], Record<string, unknown>>(
		'SELECT * FROM groups ORDER BY start_date DESC'
	);
	const forStaff = db.prepare<[string, string], Record<string, unknown>>(
		'SELECT * FROM groups WHERE facilitator_id = ? OR cofacilitator_id = ? ORDER BY start_date DESC'
	);
	const sessionsOf = db.prepare<[string], Record<string, unknown>>(
		'SELECT * FROM group_sessions WHERE group_id = ? ORDER BY number'
	);
	const sessionById = db.prepare<[string], Record<string, unknown>>(
		'SELECT * FROM group_sessions WHERE id = ?'
	);
	const sessionByLive = db.prepare<[string], Record<string, unknown>>(
		'SELECT * FROM group_sessions WHERE live_session_id = ?'
	);
	const setTime = db.prepare(
		'UPDATE group_sessions SET starts_at = ?, duration_minutes = ? WHERE id = ?'
	);
	const linkLive = db.prepare('UPDATE group_sessions SET live_session_id = ? WHERE id = ?');
	const upsertAttendance = db.prepare(
		`INSERT INTO attendance (case_id, group_session_id, status, minutes_late, minutes_left_early, absent_reason,
			arrived_at, recorded_by, recorded_at)
		 VALUES (@caseId, @groupSessionId, @status, @minutesLate, @minutesLeftEarly, @absentReason, @arrivedAt,
			@recordedBy, @recordedAt)
		 ON CONFLICT (case_id, group_session_id) DO UPDATE SET status = excluded.status,
			minutes_late = excluded.minutes_late, minutes_left_early = excluded.minutes_left_early,
			absent_reason = excluded.absent_reason, arrived_at = COALESCE(attendance.arrived_at, excluded.arrived_at),
			recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at`
	);
	const insertArrival = db.prepare(
		`INSERT INTO attendance (case_id, group_session_id, status, minutes_late, arrived_at, recorded_at)
		 VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (case_id, group_session_id) DO NOTHING`
	);
	const attendanceOfCase = db.prepare<[string], Record<string, unknown>>(
		'SELECT * FROM attendance WHERE case_id = ?'
	);
	const attendanceOfGroup = db.prepare<[string], Record<string, unknown>>(
		'SELECT a.* FROM attendance a JOIN group_sessions s ON s.id = a.group_session_id WHERE s.group_id = ?'
	);

	return {
		insert(group: GroupRecord, sessions: Array<Omit<GroupSessionRecord, 'liveSessionId'>>): void {
			db.transaction(() => {
				insertGroup.run(group);
				for (const s of sessions)
					insertSession.run({ ...s, moduleIds: JSON.stringify(s.moduleIds) });
			}).immediate();
		},
		findById(id: string): GroupRecord | undefined {
			const row = byId.get(id);
			return row ? groupFromRow(row) : undefined;
		},
		list(staffId: string | null): GroupRecord[] {
			return (staffId ? forStaff.all(staffId, staffId) : all.all()).map(groupFromRow);
		},
		sessions(groupId: string): GroupSessionRecord[] {
			return sessionsOf.all(groupId).map(sessionFromRow);
		},
		findSession(id: string): GroupSessionRecord | undefined {
			const row = sessionById.get(id);
			return row ? sessionFromRow(row) : undefined;
		},
		sessionForLive(liveSessionId: string): GroupSessionRecord | undefined {
			const row = sessionByLive.get(liveSessionId);
			return row ? sessionFromRow(row) : undefined;
		},
		reschedule(id: string, startsAt: number, durationMinutes: number): void {
			setTime.run(startsAt, durationMinutes, id);
		},
		linkLiveSession(groupSessionId: string, liveSessionId: string): void {
			linkLive.run(liveSessionId, groupSessionId);
		},
		saveAttendance(a: AttendanceRecord): void {
			upsertAttendance.run(a);
		},
		/** Her first arrival through a live session; an existing mark (e.g. edited by staff) stays. */
		recordArrival(
			caseId: string,
			groupSessionId: string,
			status: 'present' | 'late',
			minutesLate: number,
			at: number
		): void {
			insertArrival.run(caseId, groupSessionId, status, minutesLate, at, at);
		},
		attendanceOfCase(caseId: string): AttendanceRecord[] {
			return attendanceOfCase.all(caseId).map(attendanceFromRow);
		},
		attendanceOfGroup(groupId: string): AttendanceRecord[] {
			return attendanceOfGroup.all(groupId).map(attendanceFromRow);
		}
	};
}

export type GroupStore = ReturnType<typeof createGroupStore>;
