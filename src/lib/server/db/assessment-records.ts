import type {
	Confidence,
	EvidenceKind,
	EvidenceSource,
	RatingStage,
	RatingValue,
	Trajectory
} from '../../shared/assessment';
import type { Db } from './connection';

export interface RatingRecord {
	caseId: string;
	stage: RatingStage;
	domain: string;
	rating: RatingValue;
	trajectory: Trajectory;
	confidence: Confidence;
	rationale: string;
	ratedBy: string;
	ratedAt: number;
}

export interface EvidenceRecord {
	id: string;
	caseId: string;
	domain: string;
	occurredOn: string;
	source: EvidenceSource;
	kind: EvidenceKind;
	quotation: boolean;
	text: string;
	authorId: string;
	createdAt: number;
}

/** A note written in the console about her, in a live session she was part of. */
export interface LiveNoteRecord {
	id: string;
	domain: string;
	text: string;
	authorId: string;
	createdAt: number;
	sessionTitle: string;
}

/** One of her own answers to a scale (or a worksheet's scale field) in a live session. */
export interface ScaleAnswerRecord {
	exerciseId: string;
	answer: string;
	submittedAt: number;
}

interface RatingRow {
	case_id: string;
	stage: RatingStage;
	domain: string;
	rating: RatingValue;
	trajectory: Trajectory;
	confidence: Confidence;
	rationale: string;
	rated_by: string;
	rated_at: number;
}

interface EvidenceRow {
	id: string;
	case_id: string;
	domain: string;
	occurred_on: string;
	source: EvidenceSource;
	kind: EvidenceKind;
	quotation: number;
	text: string;
	author_id: string;
	created_at: number;
}

/** Domain ratings and evidence for one woman, and the live-session material that feeds them. */
export function createAssessmentRecordStore(db: Db) {
	const upsertRating = db.prepare(
		`INSERT INTO assessment_ratings (case_id, stage, domain, rating, trajectory, confidence, rationale, rated_by, rated_at)
		 VALUES (@caseId, @stage, @domain, @rating, @trajectory, @confidence, @rationale, @ratedBy, @ratedAt)
		 ON CONFLICT (case_id, stage, domain) DO UPDATE SET rating = excluded.rating,
		   trajectory = excluded.trajectory, confidence = excluded.confidence,
		   rationale = excluded.rationale, rated_by = excluded.rated_by, rated_at = excluded.rated_at`
	);
	const ratingsOf = db.prepare<[string], RatingRow>(
		'SELECT * FROM assessment_ratings WHERE case_id = ? ORDER BY domain, stage'
	);
	const insertEvidence = db.prepare(
		`INSERT INTO assessment_evidence (id, case_id, domain, occurred_on, source, kind, quotation, text, author_id, created_at)
		 VALUES (@id, @caseId, @domain, @occurredOn, @source, @kind, @quotation, @text, @authorId, @createdAt)`
	);
	const evidenceOf = db.prepare<[string], EvidenceRow>(
		'SELECT * FROM assessment_evidence WHERE case_id = ? ORDER BY occurred_on, created_at'
	);
	const notesOf = db.prepare<
		[string],
		{
			id: string;
			domain: string;
			text: string;
			author_id: string;
			created_at: number;
			title: string | null;
		}
	>(
		`SELECT n.id, n.domain, n.text, n.author_id, n.created_at, s.title
		 FROM assessment_notes n
		 JOIN live_participants p ON p.id = n.participant_id
		 LEFT JOIN live_sessions s ON s.id = n.live_session_id
		 WHERE p.case_id = ? ORDER BY n.created_at`
	);
	const scaleAnswersOf = db.prepare<
		[string],
		{ exercise_id: string; answer: string; submitted_at: number }
	>(
		`SELECT a.exercise_id, a.answer, a.submitted_at
		 FROM answers a JOIN live_participants p ON p.id = a.participant_id
		 WHERE p.case_id = ? AND (a.exercise_id LIKE 'sa-%' OR a.exercise_id = 'intro-knowledge-scale')
		 ORDER BY a.submitted_at`
	);

	return {
		saveRatings(ratings: RatingRecord[]): void {
			db.transaction(() => {
				for (const r of ratings) upsertRating.run(r);
			}).immediate();
		},
		ratingsOf(caseId: string): RatingRecord[] {
			return ratingsOf.all(caseId).map((r) => ({
				caseId: r.case_id,
				stage: r.stage,
				domain: r.domain,
				rating: r.rating,
				trajectory: r.trajectory,
				confidence: r.confidence,
				rationale: r.rationale,
				ratedBy: r.rated_by,
				ratedAt: r.rated_at
			}));
		},
		addEvidence(e: EvidenceRecord): void {
			insertEvidence.run({ ...e, quotation: e.quotation ? 1 : 0 });
		},
		evidenceOf(caseId: string): EvidenceRecord[] {
			return evidenceOf.all(caseId).map((r) => ({
				id: r.id,
				caseId: r.case_id,
				domain: r.domain,
				occurredOn: r.occurred_on,
				source: r.source,
				kind: r.kind,
				quotation: r.quotation === 1,
				text: r.text,
				authorId: r.author_id,
				createdAt: r.created_at
			}));
		},
		liveNotesOf(caseId: string): LiveNoteRecord[] {
			return notesOf.all(caseId).map((r) => ({
				id: r.id,
				domain: r.domain,
				text: r.text,
				authorId: r.author_id,
				createdAt: r.created_at,
				sessionTitle: r.title ?? 'Live session'
			}));
		},
		scaleAnswersOf(caseId: string): ScaleAnswerRecord[] {
			return scaleAnswersOf.all(caseId).map((r) => ({
				exerciseId: r.exercise_id,
				answer: r.answer,
				submittedAt: r.submitted_at
			}));
		}
	};
}

export type AssessmentRecordStore = ReturnType<typeof createAssessmentRecordStore>;
