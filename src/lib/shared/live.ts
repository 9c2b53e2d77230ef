import { z } from 'zod';
import './plain-errors';
import { DOMAIN_IDS } from './assessment';
import { answerSchema } from './exercises';
import type { Answer, Exercise, ExerciseType, PublicExercise } from './exercises';
import type { RiskMatch } from './risk-phrases';

/**
 * Live-session state as each audience sees it. The server sends a full snapshot to
 * each audience after every change; `version` rises by one per change, so a client
 * ignores anything older than what it has and asks for a fresh snapshot on reconnect.
 */

export type LivePhase = 'waiting' | 'running' | 'ended';

/** Aggregated results of one exercise: what the projector may show once revealed. */
export type ExerciseResults =
	| { type: 'slide' }
	| {
			type: 'reflection';
			/** Approved reflections only, in a shuffled order, with no times and no authors. */
			approved: Array<{ id: string; text: string }>;
	  }
	| {
			type: 'poll';
			counts: Record<string, number>;
			respondents: number;
	  }
	| {
			type: 'scale';
			/** value (as a string key, "0".."10") → how many chose it */
			distribution: Record<string, number>;
			respondents: number;
	  }
	| {
			type: 'wordcloud';
			/** lower-cased word → how many gave it, most frequent first */
			words: Array<{ word: string; count: number }>;
			respondents: number;
	  }
	| {
			type: 'sort';
			/** card id → bucket id → how many placed the card there */
			placements: Record<string, Record<string, number>>;
			respondents: number;
	  }
	| { type: 'worksheet' }
	| { type: 'checkin' };

export interface OutlineItem {
	index: number;
	exerciseId: string;
	moduleId: string;
	moduleTitle: string;
	title: string;
	type: ExerciseType;
	durationMinutes: number;
}

/** A reflection in the moderation queue: its words and status, never its author. */
export interface ModerationItem {
	id: string;
	exerciseId: string;
	text: string;
	status: 'pending' | 'approved' | 'hidden';
	/** Marked as a safeguarding concern: it can never reach the projector. */
	concern: boolean;
	/** Phrases from the coordinators' list that may indicate risk, to help the facilitator. */
	riskMatches: RiskMatch[];
}

export interface LiveParticipantStatus {
	id: string;
	firstName: string;
	pin: string;
	connected: boolean;
	joinedAt: number | null;
	/** Open "I need a pause" requests, newest last. */
	pauseRequestedAt: number | null;
	/** Set when her check-in or check-out is at or below the alert level. */
	lowCheckin: { exerciseId: string; value: number } | null;
	/** Whether she has answered (or passed) the current exercise; only for non-anonymous items. */
	answeredCurrent: boolean | null;
}

/** A named answer visible to staff (non-anonymous exercises only). */
export interface StaffAnswerView {
	participantId: string;
	firstName: string;
	answer: Answer;
}

export interface StaffSnapshot {
	liveSessionId: string;
	version: number;
	code: string;
	title: string;
	phase: LivePhase;
	outline: OutlineItem[];
	currentIndex: number;
	/** The full current exercise, facilitator notes included. */
	current: Exercise;
	answersOpen: boolean;
	revealed: boolean;
	/** The facilitator keeps this exercise's results off the projector. */
	held: boolean;
	answerCount: number;
	passCount: number;
	results: ExerciseResults;
	moderation: ModerationItem[];
	participants: LiveParticipantStatus[];
	/** Named answers for the current exercise; empty for anonymous reflections. */
	namedAnswers: StaffAnswerView[];
	joinUrl: string;
	displayUrl: string;
	/** When the current exercise began (for the console timer). */
	exerciseStartedAt: number | null;
	notes: AssessmentNoteView[];
}

/** The parts of the console's snapshot that answers change. */
export type StaffAnswersView = Pick<
	StaffSnapshot,
	'answerCount' | 'passCount' | 'results' | 'participants' | 'namedAnswers'
>;

/**
 * Sent to consoles instead of the whole snapshot when the only change since `baseVersion`
 * is answers: apply it to the snapshot at that version (`applyStaffAnswers`).
 */
export interface StaffAnswersUpdate extends Pick<
	StaffSnapshot,
	'answerCount' | 'passCount' | 'results'
> {
	liveSessionId: string;
	baseVersion: number;
	version: number;
	/** The current exercise, which answers do not change. */
	exerciseId: string;
	/**
	 * The people who gave named answers since `baseVersion`, as they are now; everyone else
	 * is as they were. Always empty on an anonymous exercise.
	 */
	participantsChanged: LiveParticipantStatus[];
	/** Their answers now. */
	namedAnswersChanged: StaffAnswerView[];
	/** Reflections written since `baseVersion`, in order, for the moderation queue. */
	moderationAdded: ModerationItem[];
}

export interface DisplaySnapshot {
	version: number;
	code: string;
	title: string;
	phase: LivePhase;
	joinUrl: string;
	/** null before the first exercise: the projector shows the join code and QR. */
	current: PublicExercise | null;
	position: { index: number; total: number };
	answersOpen: boolean;
	answerCount: number;
	joinedCount: number;
	revealed: boolean;
	/** Only present while revealed. */
	results: ExerciseResults | null;
}

/**
 * Sent to projectors instead of the whole snapshot when the only change since
 * `baseVersion` is answers: apply it to the snapshot at that version (`applyDisplayAnswers`).
 */
export interface DisplayAnswersUpdate extends Pick<DisplaySnapshot, 'answerCount' | 'results'> {
	baseVersion: number;
	version: number;
	/** The current exercise, which answers do not change. */
	exerciseId: string;
}

export interface TabletSnapshot {
	version: number;
	phase: LivePhase;
	firstName: string;
	title: string;
	current: PublicExercise | null;
	position: { index: number; total: number };
	answersOpen: boolean;
	/** Her own saved answer to the current exercise (not kept for reflections: see the outbox). */
	myAnswer: Answer | null;
}

/* ---------- Inputs from clients, validated at the boundary ---------- */

export const clientIdSchema = z
	.string()
	.min(8)
	.max(64)
	.regex(/^[A-Za-z0-9_-]+$/, 'A client id uses letters, numbers, dashes and underscores only.');

export const liveSessionIdSchema = z.string().regex(/^[a-z2-7]{25}$/, 'Unknown session.');

export const liveCommandSchema = z.discriminatedUnion('type', [
	z.object({ type: z.literal('start') }),
	z.object({ type: z.literal('goto'), index: z.number().int().min(0).max(1000) }),
	z.object({ type: z.literal('next') }),
	z.object({ type: z.literal('previous') }),
	z.object({ type: z.literal('open') }),
	z.object({ type: z.literal('close') }),
	z.object({ type: z.literal('reveal') }),
	z.object({ type: z.literal('hide') }),
	z.object({
		type: z.literal('moderate'),
		reflectionId: clientIdSchema,
		status: z.enum(['approved', 'hidden', 'pending'])
	}),
	z.object({ type: z.literal('mark-concern'), reflectionId: clientIdSchema }),
	z.object({ type: z.literal('hold') }),
	z.object({ type: z.literal('release') }),
	z.object({ type: z.literal('acknowledge-pause'), participantId: liveSessionIdSchema }),
	z.object({ type: z.literal('end') })
]);
export type LiveCommand = z.output<typeof liveCommandSchema>;

export const submitAnswerSchema = z.object({
	clientId: clientIdSchema,
	exerciseId: z.string().min(1).max(60),
	answer: answerSchema
});
export type SubmitAnswer = z.output<typeof submitAnswerSchema>;

export const NOTE_MAX = 4000;
export const assessmentNoteInputSchema = z.object({
	clientId: clientIdSchema,
	participantId: liveSessionIdSchema,
	domain: z.enum(DOMAIN_IDS),
	text: z
		.string()
		.trim()
		.min(1, 'Write the note before saving.')
		.max(NOTE_MAX, `Notes can be up to ${NOTE_MAX} characters.`)
});
export type AssessmentNoteInput = z.output<typeof assessmentNoteInputSchema>;

export interface AssessmentNoteView {
	id: string;
	participantId: string;
	firstName: string;
	domain: string;
	text: string;
	exerciseTitle: string | null;
	authorName: string;
	createdAt: number;
}
