import type { Db } from './connection';

export interface OneToOneRecord {
	liveSessionId: string;
	ownPace: boolean;
	paceFrom: number;
	paceUntil: number;
	meetingLink: string;
	createdAt: number;
}

interface Row {
	live_session_id: string;
	own_pace: number;
	pace_from: number;
	pace_until: number;
	meeting_link: string;
	created_at: number;
}

const fromRow = (r: Row): OneToOneRecord => ({
	liveSessionId: r.live_session_id,
	ownPace: r.own_pace === 1,
	paceFrom: r.pace_from,
	paceUntil: r.pace_until,
	meetingLink: r.meeting_link,
	createdAt: r.created_at
});

/** One-to-one remote sessions (their pace and fallback link) and one-to-one schedules. */
export function createOneToOneStore(db: Db) {
	const insert = db.prepare(
		'INSERT OR IGNORE INTO one_to_one_sessions (live_session_id, created_at) VALUES (?, ?)'
	);
	const find = db.prepare('SELECT * FROM one_to_one_sessions WHERE live_session_id = ?');
	const setPace = db.prepare(
		'UPDATE one_to_one_sessions SET own_pace = ?, pace_from = ?, pace_until = ? WHERE live_session_id = ?'
	);
	const setLink = db.prepare(
		'UPDATE one_to_one_sessions SET meeting_link = ? WHERE live_session_id = ?'
	);
	const insertGroup = db.prepare(
		'INSERT OR IGNORE INTO one_to_one_groups (group_id, case_id) VALUES (?, ?)'
	);
	const findGroup = db.prepare('SELECT case_id FROM one_to_one_groups WHERE group_id = ?');
	const groupsOfCase = db.prepare('SELECT group_id FROM one_to_one_groups WHERE case_id = ?');

	return {
		insert(liveSessionId: string, at: number): void {
			insert.run(liveSessionId, at);
		},
		find(liveSessionId: string): OneToOneRecord | undefined {
			const row = find.get(liveSessionId) as Row | undefined;
			return row ? fromRow(row) : undefined;
		},
		setPace(liveSessionId: string, ownPace: boolean, from: number, until: number): void {
			setPace.run(ownPace ? 1 : 0, from, until, liveSessionId);
		},
		setMeetingLink(liveSessionId: string, url: string): void {
			setLink.run(url, liveSessionId);
		},
		markGroup(groupId: string, caseId: string): void {
			insertGroup.run(groupId, caseId);
		},
		/** The case a one-to-one schedule belongs to, or undefined for an ordinary group. */
		caseOfGroup(groupId: string): string | undefined {
			return (findGroup.get(groupId) as { case_id: string } | undefined)?.case_id;
		},
		groupsOfCase(caseId: string): string[] {
			return (groupsOfCase.all(caseId) as Array<{ group_id: string }>).map((r) => r.group_id);
		}
	};
}

export type OneToOneStore = ReturnType<typeof createOneToOneStore>;
