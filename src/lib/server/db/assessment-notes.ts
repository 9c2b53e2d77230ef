import type { Db } from './connection';

export interface AssessmentNoteRecord {
	id: string;
	liveSessionId: string | null;
	participantId: string;
	exerciseId: string | null;
	domain: string;
	text: string;
	authorId: string;
	createdAt: number;
}

interface Row {
	id: string;
	live_session_id: string | null;
	participant_id: string;
	exercise_id: string | null;
	domain: string;
	text: string;
	author_id: string;
	created_at: number;
}

/** Facilitators' assessment notes about a named participant. */
export function createAssessmentNoteStore(db: Db) {
	const insert = db.prepare(
		`INSERT INTO assessment_notes (id, live_session_id, participant_id, exercise_id, domain, text, author_id, created_at)
		 VALUES (@id, @liveSessionId, @participantId, @exerciseId, @domain, @text, @authorId, @createdAt)
		 ON CONFLICT (id) DO NOTHING`
	);
	const forParticipant = db.prepare<[string], Row>(
		'SELECT * FROM assessment_notes WHERE participant_id = ? ORDER BY created_at'
	);
	const forSession = db.prepare<[string], Row>(
		'SELECT * FROM assessment_notes WHERE live_session_id = ? ORDER BY created_at'
	);
	const fromRow = (r: Row): AssessmentNoteRecord => ({
		id: r.id,
		liveSessionId: r.live_session_id,
		participantId: r.participant_id,
		exerciseId: r.exercise_id,
		domain: r.domain,
		text: r.text,
		authorId: r.author_id,
		createdAt: r.created_at
	});
	return {
		insert(note: AssessmentNoteRecord): boolean {
			return insert.run(note).changes > 0;
		},
		forParticipant(participantId: string): AssessmentNoteRecord[] {
			return forParticipant.all(participantId).map(fromRow);
		},
		forSession(liveSessionId: string): AssessmentNoteRecord[] {
			return forSession.all(liveSessionId).map(fromRow);
		}
	};
}

export type AssessmentNoteStore = ReturnType<typeof createAssessmentNoteStore>;
