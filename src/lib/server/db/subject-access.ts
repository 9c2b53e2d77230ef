import type { Db } from './connection';

/**
 * Reads for a subject-access export: what is held about one woman, through her case
 * record and the live-session places linked to it. Each query is keyed by her case id or
 * her own participant ids, so nothing about another woman can come back. The sealed
 * reflection link is not read here (only the audited safeguarding path reads it).
 */
export function createSubjectAccessStore(db: Db) {
	const places = db.prepare<
		[string],
		{
			participant_id: string;
			live_session_id: string;
			title: string;
			programme_version_id: number;
			started_at: number | null;
			ended_at: number | null;
			joined_at: number | null;
			first_name: string;
		}
	>(
		`SELECT p.id AS participant_id, s.id AS live_session_id, s.title, s.programme_version_id,
			s.started_at, s.ended_at, p.joined_at, p.first_name
		 FROM live_participants p JOIN live_sessions s ON s.id = p.live_session_id
		 WHERE p.case_id = ? ORDER BY s.created_at`
	);
	const answers = db.prepare<
		[string],
		{ exercise_id: string; answer: string; submitted_at: number }
	>(
		'SELECT exercise_id, answer, submitted_at FROM answers WHERE participant_id = ? ORDER BY submitted_at'
	);
	const notes = db.prepare<
		[string],
		{
			exercise_id: string | null;
			domain: string;
			text: string;
			author_id: string;
			created_at: number;
		}
	>(
		'SELECT exercise_id, domain, text, author_id, created_at FROM assessment_notes WHERE participant_id = ? ORDER BY created_at'
	);
	const pauses = db.prepare<[string], { exercise_id: string | null; requested_at: number }>(
		'SELECT exercise_id, requested_at FROM pause_requests WHERE participant_id = ? ORDER BY requested_at'
	);
	const openings = db.prepare<
		[string],
		{
			concern_id: string;
			opened_by: string;
			reason: string;
			opened_at: number;
			words: string | null;
			written_at: number | null;
			exercise_title: string | null;
		}
	>(
		`SELECT o.concern_id, o.opened_by, o.reason, o.opened_at, c.words, c.written_at, c.exercise_title
		 FROM seal_openings o LEFT JOIN safeguarding_concerns c ON c.id = o.concern_id
		 WHERE o.participant_id = ? ORDER BY o.opened_at`
	);
	const auditOfCase = db.prepare<[string], { at: number; actor_id: string | null; action: string }>(
		"SELECT at, actor_id, action FROM audit_log WHERE subject_type = 'case' AND subject_id = ? ORDER BY id"
	);

	return {
		placesOf(caseId: string) {
			return places.all(caseId).map((r) => ({
				participantId: r.participant_id,
				liveSessionId: r.live_session_id,
				title: r.title,
				programmeVersionId: r.programme_version_id,
				startedAt: r.started_at,
				endedAt: r.ended_at,
				joinedAt: r.joined_at,
				firstName: r.first_name
			}));
		},
		answersOf(participantId: string) {
			return answers.all(participantId).map((r) => ({
				exerciseId: r.exercise_id,
				answer: JSON.parse(r.answer) as unknown,
				submittedAt: r.submitted_at
			}));
		},
		notesOf(participantId: string) {
			return notes.all(participantId).map((r) => ({
				exerciseId: r.exercise_id,
				domain: r.domain,
				text: r.text,
				authorId: r.author_id,
				createdAt: r.created_at
			}));
		},
		pausesOf(participantId: string) {
			return pauses.all(participantId).map((r) => ({
				exerciseId: r.exercise_id,
				requestedAt: r.requested_at
			}));
		},
		sealOpeningsOf(participantId: string) {
			return openings.all(participantId).map((r) => ({
				concernId: r.concern_id,
				openedBy: r.opened_by,
				reason: r.reason,
				openedAt: r.opened_at,
				words: r.words,
				writtenAt: r.written_at,
				exerciseTitle: r.exercise_title
			}));
		},
		auditOfCase(caseId: string) {
			return auditOfCase
				.all(caseId)
				.map((r) => ({ at: r.at, actorId: r.actor_id, action: r.action }));
		}
	};
}

export type SubjectAccessStore = ReturnType<typeof createSubjectAccessStore>;
