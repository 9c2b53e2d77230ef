import type { Db } from './connection';

/** What a one-off session is called once retention has cleared it. */
export const CLEARED_TITLE = 'Session (title removed after the retention period)';

/**
 * Deletions the retention job makes, by record type. Each method works on one record in
 * one immediate transaction, so a failure (a record another table still needs) leaves that
 * record whole and the others done.
 */
export function createRetentionStore(db: Db) {
	const closedCasesBefore = db.prepare<[number], { id: string }>(
		`SELECT c.id FROM cases c
		 WHERE c.status IN ('completed', 'withdrawn')
		 AND COALESCE(
			(SELECT MAX(h.changed_at) FROM case_status_history h WHERE h.case_id = c.id AND h.to_status = c.status),
			c.updated_at
		 ) < ?
		 ORDER BY c.id`
	);
	const deleteParticipantsOfCase = db.prepare('DELETE FROM live_participants WHERE case_id = ?');
	const deleteCase = db.prepare('DELETE FROM cases WHERE id = ?');
	// Her one-to-one schedule is a group of one named after her, and its live sessions carry
	// that name in their titles: the rows stay (other records point at them), her name goes.
	const renameOneToOneLiveSessions = db.prepare(
		`UPDATE live_sessions SET title = 'One-to-one session (record deleted)',
			state_version = state_version + 1
		 WHERE group_session_id IN (
			SELECT gs.id FROM group_sessions gs
			JOIN one_to_one_groups o ON o.group_id = gs.group_id WHERE o.case_id = ?
		 )`
	);
	const renameOneToOneGroups = db.prepare(
		`UPDATE groups SET name = 'One-to-one (record deleted)'
		 WHERE id IN (SELECT group_id FROM one_to_one_groups WHERE case_id = ?)`
	);

	const endedSessionsBefore = db.prepare<[number], { id: string }>(
		`SELECT s.id FROM live_sessions s
		 WHERE s.phase = 'ended' AND s.ended_at IS NOT NULL AND s.ended_at < ?
		 AND (
			EXISTS (SELECT 1 FROM answers a WHERE a.live_session_id = s.id)
			OR EXISTS (SELECT 1 FROM reflections r WHERE r.live_session_id = s.id)
			OR EXISTS (SELECT 1 FROM pause_requests q WHERE q.live_session_id = s.id)
			OR EXISTS (SELECT 1 FROM live_participants p WHERE p.live_session_id = s.id AND p.case_id IS NULL AND p.first_name != '')
			OR EXISTS (SELECT 1 FROM participant_tokens t JOIN live_participants p ON p.id = t.participant_id WHERE p.live_session_id = s.id)
			OR (s.group_session_id IS NULL AND s.title != '${CLEARED_TITLE}')
		 )
		 ORDER BY s.id`
	);
	const deleteAnswers = db.prepare('DELETE FROM answers WHERE live_session_id = ?');
	const deleteReflections = db.prepare('DELETE FROM reflections WHERE live_session_id = ?');
	const deletePauses = db.prepare('DELETE FROM pause_requests WHERE live_session_id = ?');
	const deleteTokens = db.prepare(
		'DELETE FROM participant_tokens WHERE participant_id IN (SELECT id FROM live_participants WHERE live_session_id = ?)'
	);
	// A one-off session's title was typed by its facilitator and may name someone: replace it.
	// (A scheduled session's title is the programme's, kept with the group.)
	const clearTitle = db.prepare(
		`UPDATE live_sessions SET title = '${CLEARED_TITLE}', state_version = state_version + 1
		 WHERE id = ? AND group_session_id IS NULL AND title != '${CLEARED_TITLE}'`
	);
	// One-off participants (no case record) were known by a first name only: remove it.
	const anonymiseParticipants = db.prepare(
		"UPDATE live_participants SET first_name = '' WHERE live_session_id = ? AND case_id IS NULL AND first_name != ''"
	);

	const deleteStaffSessions = db.prepare('DELETE FROM staff_sessions WHERE last_verified_at < ?');
	const deleteFailures = db.prepare('DELETE FROM sign_in_failures WHERE failed_at < ?');

	return {
		closedCasesBefore(cutoff: number): string[] {
			return closedCasesBefore.all(cutoff).map((r) => r.id);
		},
		/** Her case record and everything hanging from it, including her places in live sessions. */
		deleteCase(id: string): void {
			db.transaction(() => {
				deleteParticipantsOfCase.run(id);
				renameOneToOneLiveSessions.run(id);
				renameOneToOneGroups.run(id);
				deleteCase.run(id);
			}).immediate();
		},
		endedSessionsBefore(cutoff: number): string[] {
			return endedSessionsBefore.all(cutoff).map((r) => r.id);
		},
		/**
		 * Answers, reflections, pause requests and tablet tokens of one ended session; the names
		 * of its one-off participants, and its title if it was a one-off session.
		 */
		clearLiveSession(id: string) {
			return db
				.transaction(() => ({
					answers: deleteAnswers.run(id).changes,
					reflections: deleteReflections.run(id).changes,
					pauses: deletePauses.run(id).changes,
					tokens: deleteTokens.run(id).changes,
					namesRemoved: anonymiseParticipants.run(id).changes,
					titleRemoved: clearTitle.run(id).changes
				}))
				.immediate();
		},
		deleteStaffSessionsBefore(cutoff: number): number {
			return deleteStaffSessions.run(cutoff).changes;
		},
		deleteSignInFailuresBefore(cutoff: number): number {
			return deleteFailures.run(cutoff).changes;
		}
	};
}

export type RetentionStore = ReturnType<typeof createRetentionStore>;
