import { z } from 'zod';
import type { Answer, ExerciseType, Visibility } from './exercises';
import { liveSessionIdSchema } from './live';

/**
 * One-to-one remote delivery: one woman, one facilitator, the same exercises as in the
 * room, and a call between them. Types and schemas both sides use.
 */

export const liveIdSchema = liveSessionIdSchema;

/** An ICE server as RTCPeerConnection takes it (STUN or TURN). */
export const iceServerSchema = z.object({
	urls: z.union([
		z.string().regex(/^(stun|stuns|turn|turns):/, 'ICE server URLs start with stun: or turn:'),
		z
			.array(
				z.string().regex(/^(stun|stuns|turn|turns):/, 'ICE server URLs start with stun: or turn:')
			)
			.min(1)
	]),
	username: z.string().max(200).optional(),
	credential: z.string().max(200).optional()
});
export type IceServer = z.infer<typeof iceServerSchema>;

const sdpSchema = z.string().min(1).max(30_000);

/**
 * Signalling for the call. Every message is checked with this schema on the server and
 * relayed only between the facilitator and the woman of one one-to-one session.
 */
export const callSignalSchema = z.discriminatedUnion('kind', [
	/** "I am here and ready" (on joining, after a reload, after a reconnection). */
	z.object({ kind: z.literal('hello') }),
	z.object({ kind: z.literal('offer'), sdp: sdpSchema }),
	z.object({ kind: z.literal('answer'), sdp: sdpSchema }),
	z.object({
		kind: z.literal('ice'),
		candidate: z.object({
			candidate: z.string().max(2000),
			sdpMid: z.string().max(100).nullable().optional(),
			sdpMLineIndex: z.number().int().min(0).max(100).nullable().optional(),
			usernameFragment: z.string().max(200).nullable().optional()
		})
	}),
	/** Microphone and camera state, so the other side can say "Her camera is off". */
	z.object({ kind: z.literal('media'), audio: z.boolean(), video: z.boolean() }),
	/** Hang-up (also sent by the server when the other side's connection drops). */
	z.object({
		kind: z.literal('bye'),
		reason: z.enum(['left', 'quick-exit', 'disconnected']).default('left')
	})
]);
export type CallSignal = z.infer<typeof callSignalSchema>;
export type CallSignalInput = z.input<typeof callSignalSchema>;

/** From staff: the session id travels with the signal; a participant's session is known. */
export const staffSignalSchema = z.object({
	liveSessionId: liveIdSchema,
	signal: callSignalSchema
});

export const paceCommandSchema = z.discriminatedUnion('type', [
	/** Hands the segment from the current exercise up to `untilIndex` (inclusive) to her. */
	z.object({ type: z.literal('hand-over'), untilIndex: z.number().int().min(0).max(500) }),
	z.object({ type: z.literal('take-back') })
]);
export type PaceCommand = z.infer<typeof paceCommandSchema>;

export const staffPaceSchema = z.object({
	liveSessionId: liveIdSchema,
	command: paceCommandSchema
});

export const moveSchema = z.object({ direction: z.enum(['next', 'previous']) });

/** A meeting link from another video service, for when the built-in call cannot connect. */
export const meetingLinkSchema = z.object({
	liveSessionId: liveIdSchema,
	url: z
		.string()
		.trim()
		.max(500, 'Use a link of at most 500 characters.')
		.refine(
			(u) => u === '' || /^https:\/\/[^\s]+$/.test(u),
			'Paste a link that starts with https://'
		)
});

/** What her screen shows, reported by her device (kept in memory only). */
export const presenceSchema = z.object({
	noticeSeen: z.boolean(),
	pageVisible: z.boolean(),
	inCall: z.boolean()
});
export type Presence = z.infer<typeof presenceSchema>;

export interface OneToOnePace {
	ownPace: boolean;
	/** While at her own pace: she can move from `from` to `until` (inclusive). */
	from: number;
	until: number;
}

/** What the facilitator's console shows about her. */
export interface OneToOneStaffView {
	liveSessionId: string;
	participant: { id: string; firstName: string; pin: string; joinedAt: number | null };
	code: string;
	joinUrl: string;
	connected: boolean;
	presence: Presence | null;
	/** When her device last dropped or left (cleared when she is back). */
	leftAt: number | null;
	phase: 'waiting' | 'running' | 'ended';
	current: { index: number; total: number; title: string; type: ExerciseType } | null;
	pace: OneToOnePace;
	outline: Array<{ index: number; title: string }>;
	meetingLink: string;
	/** Her answers in this session, newest first, with her name: they are not anonymous here. */
	answers: Array<{
		id: string;
		exerciseId: string;
		exerciseTitle: string;
		firstName: string;
		at: number;
		answer: Answer;
		/** One line for the answer, a poll's choices by their words. */
		summary: string;
	}>;
	caseId: string | null;
}

/** What her device needs besides the ordinary tablet snapshot. */
export interface OneToOneTabletView {
	facilitatorName: string;
	pace: OneToOnePace;
	canGoBack: boolean;
	canGoForward: boolean;
	meetingLink: string;
}

/** Where she may move at her own pace, or a refusal in plain words. */
export function paceMove(
	pace: OneToOnePace,
	currentIndex: number,
	direction: 'next' | 'previous'
): { ok: true; index: number } | { ok: false; message: string } {
	if (!pace.ownPace) {
		return { ok: false, message: 'Your facilitator is leading just now.' };
	}
	const index = currentIndex + (direction === 'next' ? 1 : -1);
	if (index < pace.from) return { ok: false, message: 'This is the first part of this section.' };
	if (index > pace.until) {
		return { ok: false, message: 'You have reached the end of this section. Well done.' };
	}
	return { ok: true, index };
}

/** The segment she is given, clipped to the session's exercises, or a refusal. */
export function handOver(
	currentIndex: number,
	untilIndex: number,
	total: number
): { ok: true; pace: OneToOnePace } | { ok: false; message: string } {
	if (total <= 0) return { ok: false, message: 'This session has no exercises.' };
	if (untilIndex < currentIndex) {
		return { ok: false, message: 'Choose an exercise at or after the current one.' };
	}
	return {
		ok: true,
		pace: { ownPace: true, from: currentIndex, until: Math.min(untilIndex, total - 1) }
	};
}

/** Round-trip time and packet loss in plain words. */
export function describeQuality(stats: { rttMs: number | null; lossPercent: number | null }): {
	level: 'good' | 'fair' | 'poor' | 'unknown';
	words: string;
} {
	const { rttMs, lossPercent } = stats;
	if (rttMs === null && lossPercent === null) {
		return { level: 'unknown', words: 'Checking the connection…' };
	}
	const rtt = rttMs ?? 0;
	const loss = lossPercent ?? 0;
	const detail = [
		rttMs !== null ? `delay ${Math.round(rtt)} ms` : null,
		lossPercent !== null
			? `${loss < 1 ? loss.toFixed(1) : Math.round(loss)}% of sound and picture lost`
			: null
	]
		.filter(Boolean)
		.join(', ');
	if (rtt > 400 || loss > 8) {
		return {
			level: 'poor',
			words: `Poor connection: you may hear gaps or see the picture freeze (${detail}).`
		};
	}
	if (rtt > 150 || loss > 2) {
		return { level: 'fair', words: `Fair connection: small delays are possible (${detail}).` };
	}
	return { level: 'good', words: `Good connection (${detail}).` };
}

/** One line for an answer, for the console's list of what she has said. */
export function answerSummary(
	answer: Answer,
	choice: (optionId: string) => string = (optionId) => optionId
): string {
	switch (answer.type) {
		case 'pass':
			return 'She passed.';
		case 'reflection':
			return answer.text;
		case 'poll':
			return `Chose ${answer.optionIds.map(choice).join(', ')}`;
		case 'scale':
		case 'checkin':
			return `${answer.value} out of 10`;
		case 'wordcloud':
			return answer.words.join(', ');
		case 'sort':
			return `Sorted ${Object.keys(answer.placements).length} cards`;
		case 'worksheet':
			return Object.values(answer.values)
				.filter((v) => v.trim() !== '')
				.join(' · ');
	}
}

/**
 * What the tablet says above each question in a one-to-one session, in place of the
 * group's wording: there is no group, and the facilitator sees every answer with her name.
 */
export const ONE_TO_ONE_VISIBILITY: {
	labels: Record<Visibility, string>;
	statements: Record<Visibility, string>;
} = {
	labels: {
		private: 'Seen by your facilitator, with your name',
		facilitators: 'Seen by your facilitator, with your name',
		'anonymous-group': 'Seen by your facilitator, with your name',
		report: 'May be used in your report'
	},
	statements: {
		private:
			'This is a one-to-one session: your facilitator sees your answer with your name, straight away. Nobody else sees it.',
		facilitators:
			'This is a one-to-one session: your facilitator sees your answer with your name, straight away. Nobody else sees it.',
		'anonymous-group':
			'This is a one-to-one session, so your answer is not anonymous: your facilitator sees it with your name, straight away.',
		report:
			'Your facilitator sees this with your name, straight away, and it may be used in your report.'
	}
};
