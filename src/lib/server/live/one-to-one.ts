import {
	answerSummary,
	handOver,
	paceMove,
	type OneToOnePace,
	type OneToOneStaffView,
	type OneToOneTabletView,
	type PaceCommand,
	type Presence
} from '../../shared/one-to-one';
import type { LiveAnswerStore } from '../db/live-answers';
import type { LiveSessionRecord, LiveSessionStore } from '../db/live-sessions';
import type { OneToOneRecord, OneToOneStore } from '../db/one-to-one';
import type { StaffUserStore } from '../db/staff-users';
import { LiveError } from './errors';
import type { ChangeEffect, LiveService, ParticipantIdentity, StaffActor } from './live-service';

/**
 * One-to-one remote delivery: the live-session engine with one woman who joins from home.
 * Adds what the room does not need: who may be in the call, the pace (the facilitator
 * leads, or hands a segment to her own pace), a fallback meeting link, and what her
 * screen shows. Her answers are not anonymous here: the console shows them with her name.
 */
export function createOneToOneService(deps: {
	store: OneToOneStore;
	sessions: LiveSessionStore;
	answers: LiveAnswerStore;
	live: Pick<LiveService, 'outline' | 'moveTo' | 'canStaffWatch'>;
	users: StaffUserStore;
	now?: () => number;
}) {
	const now = deps.now ?? Date.now;
	/** What her device last reported (memory only: it is about this minute, not a record). */
	const presence = new Map<string, Presence>();
	/** When her device last dropped or left, per session. */
	const leftAt = new Map<string, number>();

	function requireOneToOne(liveSessionId: string): {
		session: LiveSessionRecord;
		record: OneToOneRecord;
	} {
		const session = deps.sessions.findById(liveSessionId);
		const record = session ? deps.store.find(liveSessionId) : undefined;
		if (!session || !record) {
			throw new LiveError('not-found', 'This is not a one-to-one session.');
		}
		return { session, record };
	}

	function requireRunner(actor: StaffActor, liveSessionId: string) {
		const found = requireOneToOne(liveSessionId);
		if (!deps.live.canStaffWatch(actor, liveSessionId)) {
			throw new LiveError('forbidden', 'Only the facilitator running this session can do that.');
		}
		return found;
	}

	function onlyParticipant(liveSessionId: string) {
		const [participant] = deps.sessions.participants(liveSessionId);
		if (!participant) throw new LiveError('server-error', 'This session has nobody in it.');
		return participant;
	}

	function paceOf(record: OneToOneRecord): OneToOnePace {
		return { ownPace: record.ownPace, from: record.paceFrom, until: record.paceUntil };
	}

	const staffOnly = (liveSessionId: string): ChangeEffect => ({
		liveSessionId,
		staff: true,
		display: false,
		tablets: false
	});

	return {
		/** Makes a new live session a one-to-one remote session (it must have exactly one woman). */
		register(actor: StaffActor, liveSessionId: string): void {
			if (!deps.live.canStaffWatch(actor, liveSessionId)) {
				throw new LiveError('forbidden', 'Only the facilitator running this session can do that.');
			}
			if (deps.sessions.participants(liveSessionId).length !== 1) {
				throw new LiveError(
					'invalid-input',
					'A one-to-one session has exactly one participant. Type one first name.'
				);
			}
			deps.store.insert(liveSessionId, now());
		},

		isOneToOne(liveSessionId: string): boolean {
			return deps.store.find(liveSessionId) !== undefined;
		},

		/** Staff who may be in this session's call: those who may run it. */
		canJoinCall(actor: StaffActor, liveSessionId: string): boolean {
			return this.isOneToOne(liveSessionId) && deps.live.canStaffWatch(actor, liveSessionId);
		},

		staffView(
			actor: StaffActor,
			liveSessionId: string,
			connected: boolean,
			origin: string
		): OneToOneStaffView {
			const { session, record } = requireRunner(actor, liveSessionId);
			const participant = onlyParticipant(liveSessionId);
			const outline = deps.live.outline(liveSessionId);
			const titles = new Map(outline.map((o) => [o.exerciseId, o.title]));
			const choices = new Map(
				outline.flatMap((o) => o.options.map((option) => [option.id, option.label] as const))
			);
			const item = outline[Math.min(session.currentIndex, outline.length - 1)];
			const named = deps.answers
				.answersOfSession(liveSessionId)
				.filter((a) => a.participantId === participant.id)
				.map((a) => ({ id: a.id, exerciseId: a.exerciseId, at: a.submittedAt, answer: a.answer }));
			// With one woman in the session, every reflection is hers.
			const reflections = deps.answers.reflectionsOf(liveSessionId).map((r) => ({
				id: r.id,
				exerciseId: r.exerciseId,
				at: r.createdAt,
				answer: { type: 'reflection' as const, text: r.text }
			}));
			return {
				liveSessionId,
				participant: {
					id: participant.id,
					firstName: participant.firstName,
					pin: participant.pin,
					joinedAt: participant.joinedAt
				},
				code: session.code,
				joinUrl: `${origin}/join?code=${session.code}`,
				connected,
				presence: connected ? (presence.get(liveSessionId) ?? null) : null,
				leftAt: connected ? null : (leftAt.get(liveSessionId) ?? null),
				phase: session.phase,
				current:
					session.phase === 'running' && item
						? {
								index: item.index,
								total: outline.length,
								title: item.title,
								type: item.type
							}
						: null,
				pace: paceOf(record),
				outline: outline.map((o) => ({ index: o.index, title: o.title })),
				meetingLink: record.meetingLink,
				answers: [...named, ...reflections]
					.sort((a, b) => b.at - a.at)
					.map((a) => ({
						...a,
						exerciseTitle: titles.get(a.exerciseId) ?? '',
						firstName: participant.firstName,
						summary: answerSummary(a.answer, (optionId) => choices.get(optionId) ?? optionId)
					})),
				caseId: participant.caseId
			};
		},

		tabletView(who: ParticipantIdentity): OneToOneTabletView {
			const { session, record } = requireOneToOne(who.liveSessionId);
			const pace = paceOf(record);
			const running = session.phase === 'running';
			return {
				facilitatorName:
					deps.users.findById(session.facilitatorId)?.displayName ?? 'Your facilitator',
				pace,
				canGoBack: running && paceMove(pace, session.currentIndex, 'previous').ok,
				canGoForward: running && paceMove(pace, session.currentIndex, 'next').ok,
				meetingLink: record.meetingLink
			};
		},

		/** The facilitator hands a segment to her own pace, or takes the lead back. */
		pace(actor: StaffActor, liveSessionId: string, command: PaceCommand): ChangeEffect {
			const { session } = requireRunner(actor, liveSessionId);
			if (session.phase !== 'running') {
				throw new LiveError('conflict', 'Start the session before handing her the pace.');
			}
			if (command.type === 'take-back') {
				deps.store.setPace(liveSessionId, false, session.currentIndex, session.currentIndex);
			} else {
				const total = deps.live.outline(liveSessionId).length;
				const result = handOver(session.currentIndex, command.untilIndex, total);
				if (!result.ok) throw new LiveError('invalid-input', result.message);
				deps.store.setPace(liveSessionId, true, result.pace.from, result.pace.until);
			}
			deps.sessions.bumpVersion(liveSessionId);
			return { liveSessionId, staff: true, display: false, tablets: true };
		},

		/** She moves herself on (or back) within the segment handed to her. */
		move(who: ParticipantIdentity, direction: 'next' | 'previous'): ChangeEffect {
			const { session, record } = requireOneToOne(who.liveSessionId);
			if (session.phase !== 'running') {
				throw new LiveError('conflict', 'The session has not started yet.');
			}
			const result = paceMove(paceOf(record), session.currentIndex, direction);
			if (!result.ok) throw new LiveError('conflict', result.message);
			return deps.live.moveTo(who.liveSessionId, result.index);
		},

		setMeetingLink(actor: StaffActor, liveSessionId: string, url: string): ChangeEffect {
			requireRunner(actor, liveSessionId);
			deps.store.setMeetingLink(liveSessionId, url);
			deps.sessions.bumpVersion(liveSessionId);
			return { liveSessionId, staff: true, display: false, tablets: true };
		},

		/** Marks a group of one as her one-to-one remote schedule. */
		markSchedule(groupId: string, caseId: string): void {
			deps.store.markGroup(groupId, caseId);
		},

		/** Whether a group is a one-to-one remote schedule (its live sessions are one-to-one). */
		isSchedule(groupId: string): boolean {
			return deps.store.caseOfGroup(groupId) !== undefined;
		},

		/** What her device reports about her screen. */
		setPresence(who: ParticipantIdentity, report: Presence): ChangeEffect {
			requireOneToOne(who.liveSessionId);
			presence.set(who.liveSessionId, report);
			leftAt.delete(who.liveSessionId);
			return staffOnly(who.liveSessionId);
		},

		/** Her device dropped or left: the console says so until she is back. */
		markLeft(liveSessionId: string): ChangeEffect {
			presence.delete(liveSessionId);
			leftAt.set(liveSessionId, now());
			return staffOnly(liveSessionId);
		}
	};
}

export type OneToOneService = ReturnType<typeof createOneToOneService>;
