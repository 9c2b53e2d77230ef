import { randomInt } from 'node:crypto';
import { toPublicExercise, type Exercise } from '../../shared/exercises';
import type {
	AssessmentNoteInput,
	AssessmentNoteView,
	DisplayAnswersUpdate,
	DisplaySnapshot,
	LiveCommand,
	LiveParticipantStatus,
	ModerationItem,
	StaffAnswersUpdate,
	StaffAnswersView,
	StaffSnapshot,
	SubmitAnswer,
	TabletSnapshot
} from '../../shared/live';
import type { StaffRole } from '../../shared/roles';
import type { AssessmentNoteStore } from '../db/assessment-notes';
import type { AnswerRecord, LiveAnswerStore, ReflectionRecord } from '../db/live-answers';
import type {
	LiveParticipantRecord,
	LiveSessionRecord,
	LiveSessionStore
} from '../db/live-sessions';
import type { ProgrammeVersionStore } from '../db/programme-versions';
import type { AuditLogStore } from '../db/audit-log';
import type { SafeguardingStore } from '../db/safeguarding';
import type { SignInFailureStore } from '../db/sign-in-failures';
import { riskPhraseMatcher, type RiskMatch } from '../../shared/risk-phrases';
import type { StaffUserStore } from '../db/staff-users';
import { constantTimeEqual, randomId, sha256 } from '../auth/tokens';
import {
	ensureProgrammeSeeded,
	programmeVersion,
	sessionExercises,
	sessionPlan,
	type Programme,
	type SessionPlanItem
} from '../programme/programme';
import { generatePins, generateSessionCode, normaliseCode } from './codes';
import { LiveError } from './errors';
import { computeResults, validateAnswer } from './results';

export interface StaffActor {
	id: string;
	role: StaffRole;
}

export interface ParticipantIdentity {
	participantId: string;
	liveSessionId: string;
	firstName: string;
	tokenId: string;
}

export interface NewLiveSession {
	title: string;
	moduleIds: string[];
	/**
	 * First names, in the order they should appear on the console, or enrolled women
	 * with their personal PINs and case records.
	 */
	participants: Array<string | { firstName: string; pin: string; caseId: string }>;
	/** Defaults to the latest programme version. */
	programmeVersionId?: number;
	groupSessionId?: string;
	/** Run exactly one numbered session of the programme (a module may span two sessions). */
	programmeSessionNumber?: number;
}

export const PIN_THROTTLE = { maxFailures: 5, windowMs: 10 * 60_000, perCode: 30 };

/** What changed, so the transport knows whom to tell. */
export interface ChangeEffect {
	liveSessionId: string;
	staff: boolean;
	display: boolean;
	/** true: every tablet; a set: just these participants. */
	tablets: boolean | Set<string>;
	/** Set when a new safeguarding concern was recorded: the leads are alerted at once. */
	concernId?: string;
	/**
	 * Set when the change is only a stored answer: the console and the projector can be sent
	 * what answers change rather than their whole snapshots. `reflectionId`: the reflection
	 * it was, if one. `participantId`: who answered, for a named answer only (never for a
	 * reflection or anything else on an anonymous exercise).
	 */
	answer?: { reflectionId: string | null; participantId: string | null };
}

/** A stored (or already stored) submission. */
export interface SubmitResult {
	outcome: 'stored' | 'duplicate';
	/** The session's state version with this submission in: any snapshot at this version or later shows it. */
	version: number;
	effect: ChangeEffect;
}

/** One item's result in a batch: its value, or what it threw. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * The live-session engine: state, commands, submissions and snapshots. Plain
 * TypeScript; the realtime layer calls it and broadcasts what it returns.
 */
export function createLiveService(deps: {
	sessions: LiveSessionStore;
	answers: LiveAnswerStore;
	notes: AssessmentNoteStore;
	programmes: ProgrammeVersionStore;
	users: StaffUserStore;
	failures: SignInFailureStore;
	safeguarding: SafeguardingStore;
	audit: AuditLogStore;
	/** Called on her first arrival in a live session that runs a scheduled group session. */
	onArrival?: (caseId: string, groupSessionId: string, at: number) => void;
	now?: () => number;
}) {
	const now = deps.now ?? Date.now;

	function riskPhrases(): string[] {
		return deps.safeguarding.riskPhrases().map((p) => p.phrase);
	}

	/**
	 * Each reflection's risk-phrase matches, found once: its text never changes. Found again
	 * when the list of phrases changes. The oldest go first when there are too many.
	 */
	const riskMatches = new Map<string, { phrases: readonly string[]; matches: RiskMatch[] }>();
	const RISK_MATCHES_KEPT = 20_000;
	function riskMatchesOf(reflection: ReflectionRecord, phrases: string[]): RiskMatch[] {
		const matcher = riskPhraseMatcher(phrases);
		const known = riskMatches.get(reflection.id);
		if (known && known.phrases === matcher.phrases) return known.matches;
		const matches = matcher.find(reflection.text);
		if (riskMatches.size >= RISK_MATCHES_KEPT) riskMatches.delete(riskMatches.keys().next().value!);
		riskMatches.set(reflection.id, { phrases: matcher.phrases, matches });
		return matches;
	}

	/** The exercises of a session, worked out once per programme version and session or modules. */
	const plans = new WeakMap<Programme, Map<string, SessionPlanItem[]>>();
	// And once per record read (its programme version and modules never change).
	const planOfRecord = new WeakMap<LiveSessionRecord, SessionPlanItem[]>();
	function plan(session: LiveSessionRecord): SessionPlanItem[] {
		const planned = planOfRecord.get(session);
		if (planned) return planned;
		const programme = programmeVersion(deps.programmes, session.programmeVersionId);
		let known = plans.get(programme);
		if (!known) {
			known = new Map();
			plans.set(programme, known);
		}
		const key = session.programmeSessionNumber
			? `session:${session.programmeSessionNumber}`
			: `modules:${JSON.stringify(session.moduleIds)}`;
		let items = known.get(key);
		if (!items) {
			items = session.programmeSessionNumber
				? sessionExercises(programme, session.programmeSessionNumber)
				: sessionPlan(programme, session.moduleIds);
			known.set(key, items);
		}
		planOfRecord.set(session, items);
		return items;
	}

	/** A plan's exercises by id, made once per plan (not for every answer). */
	const exercisesOfPlan = new WeakMap<SessionPlanItem[], Map<string, Exercise>>();
	function exercisesById(items: SessionPlanItem[]): Map<string, Exercise> {
		let byId = exercisesOfPlan.get(items);
		if (!byId) {
			byId = new Map(items.map((i) => [i.exercise.id, i.exercise]));
			exercisesOfPlan.set(items, byId);
		}
		return byId;
	}

	/**
	 * While snapshots are built for a broadcast nothing is written, so each session, its people,
	 * the current answers and the count of reflections are read once for all the snapshots of
	 * that turn (see `readingSnapshots`).
	 */
	let snapshotReads: {
		sessions: Map<string, LiveSessionRecord | undefined>;
		people: Map<string, LiveParticipantRecord[]>;
		answers: Map<string, AnswerRecord[]>;
		reflectionCounts: Map<string, number>;
	} | null = null;

	/**
	 * The sessions as the last group of answers left them, with the change count right after
	 * its commit: if nothing has been written since, the snapshots built straight after (in
	 * the same run of code, before any other event) start from them instead of reading each
	 * session again.
	 */
	let afterAnswers: { changeCount: number; sessions: Map<string, LiveSessionRecord> } | null = null;

	/**
	 * Sessions as committed, by id, the most recently used last. Every change to a session's
	 * row raises its version (a trigger refuses any that does not), so a row read at one
	 * version is that version's row: while the version is the same, the session need not be
	 * read again (reading the version alone is one lookup, without the lists in the row).
	 */
	const committedSessions = new Map<string, LiveSessionRecord>();
	const COMMITTED_SESSIONS_KEPT = 500;

	function keepCommitted(session: LiveSessionRecord): void {
		committedSessions.delete(session.id);
		committedSessions.set(session.id, session);
		if (committedSessions.size > COMMITTED_SESSIONS_KEPT) {
			const oldest = committedSessions.keys().next().value;
			if (oldest !== undefined) committedSessions.delete(oldest);
		}
	}

	function readSession(id: string): LiveSessionRecord | undefined {
		const known = committedSessions.get(id);
		if (known) {
			const version = deps.sessions.stateVersionOf(id);
			if (version === known.stateVersion) return known;
			committedSessions.delete(id);
			if (version === undefined) return undefined;
		}
		const session = deps.sessions.findById(id);
		// Read inside a transaction, it may yet be undone: only what is committed is kept.
		if (session && !deps.sessions.inTransaction()) keepCommitted(session);
		return session;
	}

	/** `read()`, or what it gave for `key` earlier in the same `readingSnapshots`. */
	function remembered<T>(
		of: (reads: NonNullable<typeof snapshotReads>) => Map<string, T>,
		key: string,
		read: () => T
	): T {
		if (!snapshotReads) return read();
		const known = of(snapshotReads);
		if (!known.has(key)) known.set(key, read());
		return known.get(key) as T;
	}

	const findSession = (id: string) =>
		remembered(
			(r) => r.sessions,
			id,
			() => readSession(id)
		);

	const peopleOf = (liveSessionId: string) =>
		remembered(
			(r) => r.people,
			liveSessionId,
			() => deps.sessions.participants(liveSessionId)
		);

	const answersOf = (liveSessionId: string, exerciseId: string) =>
		remembered(
			(r) => r.answers,
			`${liveSessionId} ${exerciseId}`,
			() => deps.answers.answersFor(liveSessionId, exerciseId)
		);

	const reflectionCountOf = (liveSessionId: string, exerciseId: string) =>
		remembered(
			(r) => r.reflectionCounts,
			`${liveSessionId} ${exerciseId}`,
			() => deps.answers.reflectionCount(liveSessionId, exerciseId)
		);

	function requireSession(id: string): LiveSessionRecord {
		const session = findSession(id);
		if (!session) throw new LiveError('not-found', 'This session does not exist.');
		return session;
	}

	function canRun(actor: StaffActor, session: LiveSessionRecord): boolean {
		return actor.role === 'coordinator' || session.facilitatorId === actor.id;
	}

	function requireRunnable(actor: StaffActor, liveSessionId: string): LiveSessionRecord {
		const session = requireSession(liveSessionId);
		if (!canRun(actor, session)) {
			throw new LiveError('forbidden', 'Only the facilitator running this session can do that.');
		}
		return session;
	}

	function currentItem(session: LiveSessionRecord): SessionPlanItem {
		const items = plan(session);
		const item = items[Math.min(session.currentIndex, items.length - 1)];
		if (!item) throw new LiveError('server-error', 'This session has no exercises.');
		return item;
	}

	function isAnswerable(exercise: Exercise): boolean {
		return exercise.type !== 'slide';
	}

	function goTo(session: LiveSessionRecord, index: number): void {
		const items = plan(session);
		if (index < 0 || index >= items.length) {
			throw new LiveError('invalid-input', 'There is no exercise at that position.');
		}
		const exercise = items[index]!.exercise;
		const open = isAnswerable(exercise);
		deps.sessions.updateState(session.id, {
			phase: 'running',
			currentIndex: index,
			answersOpen: open,
			revealed: false,
			currentStartedAt: now(),
			startedAt: session.startedAt ?? now(),
			openedExercises: open
				? [...new Set([...session.openedExercises, exercise.id])]
				: session.openedExercises
		});
	}

	function noteViews(session: LiveSessionRecord): AssessmentNoteView[] {
		const people = new Map(peopleOf(session.id).map((p) => [p.id, p.firstName]));
		const titles = new Map(plan(session).map((i) => [i.exercise.id, i.exercise.title]));
		const authors = new Map<string, string>();
		return deps.notes.forSession(session.id).map((n) => {
			if (!authors.has(n.authorId)) {
				authors.set(n.authorId, deps.users.findById(n.authorId)?.displayName ?? 'Staff');
			}
			return {
				id: n.id,
				participantId: n.participantId,
				firstName: people.get(n.participantId) ?? '',
				domain: n.domain,
				text: n.text,
				exerciseTitle: n.exerciseId ? (titles.get(n.exerciseId) ?? null) : null,
				authorName: authors.get(n.authorId) ?? 'Staff',
				createdAt: n.createdAt
			};
		});
	}

	function moderationItem(r: ReflectionRecord, phrases: string[]): ModerationItem {
		return {
			id: r.id,
			exerciseId: r.exerciseId,
			text: r.text,
			status: r.status,
			concern: r.concern,
			riskMatches: riskMatchesOf(r, phrases)
		};
	}

	/** The parts of the projector that answers change: the count, and the results once revealed. */
	function displayAnswers(
		session: LiveSessionRecord,
		exercise: Exercise
	): Pick<DisplaySnapshot, 'answerCount' | 'results'> {
		const answers = answersOf(session.id, exercise.id);
		const isReflection = exercise.type === 'reflection';
		const revealed = session.phase === 'running' && session.revealed;
		// Only the current exercise's reflections, and only once revealed: before, a count.
		const reflections =
			isReflection && revealed ? deps.answers.reflectionsFor(session.id, exercise.id) : [];
		const written = !isReflection
			? 0
			: revealed
				? reflections.length
				: reflectionCountOf(session.id, exercise.id);
		return {
			answerCount: isReflection
				? written + answers.filter((a) => a.answer.type === 'pass').length
				: answers.length,
			results: revealed ? computeResults(exercise, answers, reflections) : null
		};
	}

	/**
	 * The parts of the console that answers change: counts, results, and for `people` (all
	 * of them, or those whose part changed) who has answered, low check-ins, pause requests
	 * and named answers. `reflections`: how many the current exercise has, and at least its
	 * approved ones (all of them will do).
	 */
	function answersView(
		session: LiveSessionRecord,
		exercise: Exercise,
		people: LiveParticipantRecord[],
		isConnected: (participantId: string) => boolean,
		reflections: { count: number; includingApproved: ReflectionRecord[] }
	): StaffAnswersView {
		const answers = answersOf(session.id, exercise.id);
		const pauses = people.length > 0 ? deps.answers.openPauses(session.id) : new Map();
		const exercises = exercisesById(plan(session));

		const lowCheckins = new Map<string, { exerciseId: string; value: number }>();
		// Answers exist only for exercises that were opened (the latest low check-in counts).
		for (const id of people.length > 0 ? session.openedExercises : []) {
			const ex = exercises.get(id);
			if (ex?.type !== 'checkin') continue;
			const checkins = id === exercise.id ? answers : answersOf(session.id, ex.id);
			for (const a of checkins) {
				if (a.answer.type === 'checkin' && a.answer.value <= ex.alertAtOrBelow) {
					lowCheckins.set(a.participantId, { exerciseId: ex.id, value: a.answer.value });
				}
			}
		}
		const anonymous = exercise.type === 'reflection';
		const answered = new Set(answers.map((a) => a.participantId));
		const participants: LiveParticipantStatus[] = people.map((p) => ({
			id: p.id,
			firstName: p.firstName,
			pin: p.pin,
			connected: isConnected(p.id),
			joinedAt: p.joinedAt,
			pauseRequestedAt: pauses.get(p.id) ?? null,
			lowCheckin: lowCheckins.get(p.id) ?? null,
			answeredCurrent: anonymous || exercise.type === 'slide' ? null : answered.has(p.id)
		}));
		const answerOf = new Map(answers.map((a) => [a.participantId, a.answer]));
		const passCount = answers.filter((a) => a.answer.type === 'pass').length;
		return {
			answerCount: anonymous ? reflections.count + passCount : answers.length,
			passCount,
			results: computeResults(exercise, answers, reflections.includingApproved),
			participants,
			// In the order of the people, as the console lists them.
			namedAnswers: anonymous
				? []
				: people.flatMap((p) => {
						const answer = answerOf.get(p.id);
						return answer ? [{ participantId: p.id, firstName: p.firstName, answer }] : [];
					})
		};
	}

	/**
	 * `submit`'s work; the caller runs it inside a transaction. `stored`, if given, is told
	 * the session as this leaves it.
	 */
	function submitOne(
		who: ParticipantIdentity,
		input: SubmitAnswer,
		stored?: Map<string, LiveSessionRecord>
	): SubmitResult {
		const session = requireSession(who.liveSessionId);
		if (session.phase === 'ended') throw new LiveError('conflict', 'This session has ended.');
		const item = plan(session).find((i) => i.exercise.id === input.exerciseId);
		if (!item) throw new LiveError('not-found', 'That question is not part of this session.');
		const current = session.phase === 'running' ? currentItem(session) : undefined;
		const exercise = item.exercise;
		const answer = validateAnswer(exercise, input.answer);
		const at = now();
		const isOpen = current?.exercise.id === exercise.id && session.answersOpen;

		let outcome: 'stored' | 'duplicate';
		if (exercise.type === 'reflection' && answer.type === 'reflection') {
			if (!isOpen && !alreadyStoredReflection(input.clientId)) throw closed();
			outcome = deps.answers.saveReflection({
				id: input.clientId,
				liveSessionId: session.id,
				exerciseId: exercise.id,
				text: answer.text,
				shuffleKey: randomInt(2 ** 31),
				createdAt: at,
				sealedAuthorId: exercise.keepAuthorLink ? who.participantId : null
			});
		} else {
			if (!isOpen && !deps.answers.hasAnswerId(input.clientId)) throw closed();
			outcome = deps.answers.saveAnswer({
				id: input.clientId,
				liveSessionId: session.id,
				exerciseId: exercise.id,
				participantId: who.participantId,
				answer,
				submittedAt: at
			});
		}
		const version =
			outcome === 'stored' ? deps.sessions.bumpVersion(session.id) : session.stateVersion;
		// Only the version changed in the session's row.
		stored?.set(session.id, { ...session, stateVersion: version });
		return {
			outcome,
			version,
			effect: {
				liveSessionId: session.id,
				staff: outcome === 'stored',
				display: outcome === 'stored',
				tablets: outcome === 'stored' ? new Set([who.participantId]) : false,
				answer:
					outcome === 'stored'
						? exercise.type === 'reflection'
							? // Anonymous: who wrote it (or passed) is never part of what is sent.
								{
									reflectionId: answer.type === 'reflection' ? input.clientId : null,
									participantId: null
								}
							: { reflectionId: null, participantId: who.participantId }
						: undefined
			}
		};

		function closed() {
			return new LiveError(
				'conflict',
				'Answers to this question are closed, so your answer was not sent.'
			);
		}
		function alreadyStoredReflection(id: string): boolean {
			return deps.answers.reflectionSessionId(id) === session.id;
		}
	}

	return {
		/** The programme version new sessions run (seeding version 1 on a new database). */
		currentProgrammeVersion(): number {
			return ensureProgrammeSeeded(deps.programmes, now());
		},

		modules(versionId: number) {
			return programmeVersion(deps.programmes, versionId).modules.map((m) => ({
				id: m.id,
				number: m.number,
				title: m.title,
				aim: m.aim,
				exerciseCount: m.exercises.length,
				minutes: m.exercises.reduce((sum, e) => sum + e.durationMinutes, 0)
			}));
		},

		/** Starts a new live session with its people and their PINs. */
		create(actor: StaffActor, input: NewLiveSession) {
			if (actor.role !== 'coordinator' && actor.role !== 'facilitator') {
				throw new LiveError('forbidden', 'Only facilitators and coordinators can start a session.');
			}
			const versionId = input.programmeVersionId ?? this.currentProgrammeVersion();
			const programme = programmeVersion(deps.programmes, versionId);
			for (const id of input.moduleIds) {
				if (!programme.modules.some((m) => m.id === id)) {
					throw new LiveError('invalid-input', `The module "${id}" is not in the programme.`);
				}
			}
			if (input.programmeSessionNumber !== undefined) {
				try {
					if (sessionExercises(programme, input.programmeSessionNumber).length === 0)
						throw new Error();
				} catch {
					throw new LiveError(
						'invalid-input',
						`Session ${input.programmeSessionNumber} is not in this programme.`
					);
				}
			}
			const pins = generatePins(input.participants.length);
			const people = input.participants.map((p, i) =>
				typeof p === 'string'
					? { id: randomId(), firstName: p, pin: pins[i]!, caseId: null }
					: { id: randomId(), firstName: p.firstName, pin: p.pin, caseId: p.caseId }
			);
			if (new Set(people.map((p) => p.pin)).size !== people.length) {
				throw new LiveError('conflict', 'Two people in this session have the same PIN.');
			}
			const displayKey = randomId();
			const id = randomId();
			for (let attempt = 0; ; attempt++) {
				const code = generateSessionCode();
				try {
					deps.sessions.insert(
						{
							id,
							code,
							title: input.title,
							programmeVersionId: versionId,
							moduleIds: input.moduleIds,
							displayKey,
							facilitatorId: actor.id,
							createdAt: now(),
							groupSessionId: input.groupSessionId ?? null,
							programmeSessionNumber: input.programmeSessionNumber ?? null
						},
						people
					);
					return { id, code, displayKey, people };
				} catch (err) {
					// A clash with another active session's code: try another code.
					if (attempt < 5 && err instanceof Error && /UNIQUE/.test(err.message)) continue;
					throw err;
				}
			}
		},

		listRecent(actor: StaffActor) {
			return deps.sessions.listRecent(actor.role === 'coordinator' ? null : actor.id).map((s) => ({
				id: s.id,
				title: s.title,
				code: s.code,
				phase: s.phase,
				createdAt: s.createdAt,
				participantCount: deps.sessions.participants(s.id).length
			}));
		},

		/** For the console page: checks access and returns what a page needs before the socket. */
		consoleAccess(actor: StaffActor, liveSessionId: string) {
			const session = requireRunnable(actor, liveSessionId);
			return {
				id: session.id,
				title: session.title,
				code: session.code,
				phase: session.phase,
				/** The projector link's key: it opens the projector view of this session only. */
				displayKey: session.displayKey
			};
		},

		canStaffWatch(actor: StaffActor, liveSessionId: string): boolean {
			const session = deps.sessions.findById(liveSessionId);
			return session !== undefined && canRun(actor, session);
		},

		verifyDisplayKey(liveSessionId: string, key: string): boolean {
			const session = deps.sessions.findById(liveSessionId);
			if (!session) return false;
			return constantTimeEqual(sha256(key), sha256(session.displayKey));
		},

		/** Her code and PIN, checked with throttling; returns a tablet token on success. */
		join(codeInput: string, pin: string, address: string) {
			const code = normaliseCode(codeInput);
			const at = now();
			const keys = [
				{ key: `pin:${address}:${code}`, limit: PIN_THROTTLE.maxFailures },
				{ key: `pin-code:${code}`, limit: PIN_THROTTLE.perCode }
			];
			for (const { key, limit } of keys) {
				const { count, oldest } = deps.failures.countSince(key, at - PIN_THROTTLE.windowMs);
				if (count >= limit && oldest !== null) {
					const minutes = Math.max(1, Math.ceil((oldest + PIN_THROTTLE.windowMs - at) / 60_000));
					throw new LiveError(
						'rate-limited',
						`Too many tries. Please wait ${minutes} minute${minutes === 1 ? '' : 's'}, or ask your facilitator for help.`
					);
				}
			}
			const session = deps.sessions.findActiveByCode(code);
			const participant = session ? deps.sessions.findParticipantByPin(session.id, pin) : undefined;
			if (!session || !participant) {
				for (const { key } of keys) deps.failures.record(key, at);
				throw new LiveError(
					'not-found',
					session
						? 'That PIN is not right for this session. Check the PIN on your card and try again.'
						: 'We could not find a session with that code. Check the code on the screen and try again.'
				);
			}
			deps.failures.clear(keys[0]!.key);
			const tokenId = randomId();
			const secret = randomId();
			deps.sessions.insertToken(tokenId, participant.id, sha256(secret), at);
			const firstJoin = deps.sessions.markJoined(participant.id, at);
			if (firstJoin) deps.sessions.bumpVersion(session.id);
			if (participant.caseId && session.groupSessionId) {
				deps.onArrival?.(participant.caseId, session.groupSessionId, at);
			}
			return {
				token: `${tokenId}.${secret}`,
				liveSessionId: session.id,
				participantId: participant.id
			};
		},

		/** The participant behind a tablet token, or a clear refusal. */
		authenticateParticipant(token: string): ParticipantIdentity {
			const [tokenId, secret] = token.split('.');
			const refused = new LiveError(
				'unauthenticated',
				'Please join again with the code and your PIN.'
			);
			if (!tokenId || !secret || !/^[a-z2-7]{25}$/.test(tokenId)) throw refused;
			const stored = deps.sessions.findToken(tokenId);
			if (!stored || stored.revoked || !constantTimeEqual(sha256(secret), stored.secretHash))
				throw refused;
			const participant = deps.sessions.findParticipant(stored.participantId);
			if (!participant) throw refused;
			const session = requireSession(participant.liveSessionId);
			if (session.phase === 'ended') {
				throw new LiveError(
					'unauthenticated',
					'This session has ended. Thank you for taking part.'
				);
			}
			return {
				participantId: participant.id,
				liveSessionId: session.id,
				firstName: participant.firstName,
				tokenId
			};
		},

		leave(tokenId: string): void {
			deps.sessions.revokeToken(tokenId, now());
		},

		command(actor: StaffActor, liveSessionId: string, command: LiveCommand): ChangeEffect {
			const session = requireRunnable(actor, liveSessionId);
			if (session.phase === 'ended') throw new LiveError('conflict', 'This session has ended.');
			const everyone: ChangeEffect = { liveSessionId, staff: true, display: true, tablets: true };
			const items = plan(session);
			switch (command.type) {
				case 'start':
					goTo(session, session.phase === 'waiting' ? 0 : session.currentIndex);
					return everyone;
				case 'goto':
					goTo(session, command.index);
					return everyone;
				case 'next':
					if (session.phase === 'waiting') goTo(session, 0);
					else if (session.currentIndex + 1 >= items.length) {
						throw new LiveError('invalid-input', 'This is the last exercise.');
					} else goTo(session, session.currentIndex + 1);
					return everyone;
				case 'previous':
					if (session.currentIndex === 0)
						throw new LiveError('invalid-input', 'This is the first exercise.');
					goTo(session, session.currentIndex - 1);
					return everyone;
				case 'open': {
					const exercise = currentItem(session).exercise;
					if (!isAnswerable(exercise))
						throw new LiveError('invalid-input', 'A slide has no answers.');
					deps.sessions.updateState(liveSessionId, {
						answersOpen: true,
						openedExercises: [...new Set([...session.openedExercises, exercise.id])]
					});
					return everyone;
				}
				case 'close':
					deps.sessions.updateState(liveSessionId, { answersOpen: false });
					return everyone;
				case 'reveal': {
					const exercise = currentItem(session).exercise;
					if (exercise.type === 'worksheet' || exercise.type === 'checkin') {
						throw new LiveError(
							'invalid-input',
							'Answers to this are private and cannot be shown.'
						);
					}
					deps.sessions.updateState(liveSessionId, { revealed: true });
					return { liveSessionId, staff: true, display: true, tablets: false };
				}
				case 'hide':
					deps.sessions.updateState(liveSessionId, { revealed: false });
					return { liveSessionId, staff: true, display: true, tablets: false };
				case 'hold': {
					const exercise = currentItem(session).exercise;
					deps.sessions.updateState(liveSessionId, {
						heldExercises: [...new Set([...session.heldExercises, exercise.id])],
						revealed: false
					});
					return { liveSessionId, staff: true, display: true, tablets: false };
				}
				case 'release': {
					const exercise = currentItem(session).exercise;
					deps.sessions.updateState(liveSessionId, {
						heldExercises: session.heldExercises.filter((id) => id !== exercise.id)
					});
					return { liveSessionId, staff: true, display: false, tablets: false };
				}
				case 'mark-concern': {
					const reflection = deps.answers.findReflection(command.reflectionId);
					if (!reflection || reflection.liveSessionId !== liveSessionId) {
						throw new LiveError('not-found', 'That reflection is not in this session.');
					}
					if (!deps.safeguarding.concernForReflection(reflection.id)) {
						const exercise = items.find((i) => i.exercise.id === reflection.exerciseId)?.exercise;
						const concernId = randomId();
						deps.safeguarding.transaction(() => {
							deps.safeguarding.insertConcern({
								id: concernId,
								liveSessionId,
								reflectionId: reflection.id,
								exerciseId: reflection.exerciseId,
								exerciseTitle: exercise?.title ?? '',
								words: reflection.text,
								writtenAt: reflection.createdAt,
								markedBy: actor.id,
								markedAt: now()
							});
							deps.answers.setReflectionStatus(reflection.id, 'hidden');
							deps.audit.record({
								at: now(),
								actorId: actor.id,
								action: 'concern.create',
								subjectType: 'concern',
								subjectId: concernId,
								detail: `Marked in live session ${liveSessionId}`
							});
						});
						deps.sessions.bumpVersion(liveSessionId);
						return { liveSessionId, staff: true, display: true, tablets: false, concernId };
					}
					return { liveSessionId, staff: false, display: false, tablets: false };
				}
				case 'moderate': {
					if (deps.answers.reflectionSessionId(command.reflectionId) !== liveSessionId) {
						throw new LiveError('not-found', 'That reflection is not in this session.');
					}
					if (
						command.status !== 'hidden' &&
						deps.safeguarding.concernForReflection(command.reflectionId)
					) {
						throw new LiveError(
							'conflict',
							'This reflection is marked as a safeguarding concern. It can never be shown on the projector.'
						);
					}
					deps.answers.setReflectionStatus(command.reflectionId, command.status);
					deps.sessions.bumpVersion(liveSessionId);
					return { liveSessionId, staff: true, display: session.revealed, tablets: false };
				}
				case 'acknowledge-pause':
					deps.answers.acknowledgePauses(liveSessionId, command.participantId, now());
					deps.sessions.bumpVersion(liveSessionId);
					return { liveSessionId, staff: true, display: false, tablets: false };
				case 'end':
					deps.sessions.updateState(liveSessionId, {
						phase: 'ended',
						answersOpen: false,
						revealed: false,
						endedAt: now()
					});
					return everyone;
			}
		},

		/**
		 * Stores her answer to the current exercise. Idempotent by client id: a retry of a
		 * stored submission is acknowledged again without storing twice. The answer and the
		 * session's new version are committed together, in one transaction.
		 */
		submit(who: ParticipantIdentity, input: SubmitAnswer): SubmitResult {
			return deps.sessions.transaction(() => submitOne(who, input));
		},

		/**
		 * Stores several submissions in one transaction (one durable commit for all of them),
		 * each as `submit` would, in order. Each is undone alone if it is refused; the result
		 * says, for each, what `submit` would have returned or thrown. Throws, storing nothing,
		 * when the commit itself fails. Acknowledge none of them before this returns.
		 */
		submitMany(
			batch: Array<{ who: ParticipantIdentity; input: SubmitAnswer }>
		): Settled<SubmitResult>[] {
			afterAnswers = null;
			const sessions = new Map<string, LiveSessionRecord>();
			let results: Settled<SubmitResult>[];
			if (batch.length === 1) {
				// Alone in its turn (the usual case): its own transaction, no savepoint needed.
				const { who, input } = batch[0]!;
				try {
					const value = deps.sessions.transaction(() => submitOne(who, input, sessions));
					results = [{ ok: true, value }];
				} catch (error) {
					sessions.clear();
					results = [{ ok: false, error }];
				}
			} else {
				results = deps.sessions.transaction(() =>
					batch.map(({ who, input }): Settled<SubmitResult> => {
						// A savepoint inside the batch's transaction: a refusal undoes only this one.
						const mine = new Map<string, LiveSessionRecord>();
						try {
							const value = deps.sessions.transaction(() => submitOne(who, input, mine));
							for (const [id, session] of mine) sessions.set(id, session);
							return { ok: true, value };
						} catch (error) {
							return { ok: false, error };
						}
					})
				);
			}
			// Committed (not inside someone else's transaction, which could still be undone).
			// Only for the snapshots built straight after, in this same run of the caller's code.
			if (!deps.sessions.inTransaction()) {
				for (const session of sessions.values()) keepCommitted(session);
				const seed = { changeCount: deps.sessions.changeCount(), sessions };
				afterAnswers = seed;
				queueMicrotask(() => {
					if (afterAnswers === seed) afterAnswers = null;
				});
			}
			return results;
		},

		requestPause(who: ParticipantIdentity): ChangeEffect {
			const session = requireSession(who.liveSessionId);
			const exerciseId = session.phase === 'running' ? currentItem(session).exercise.id : null;
			deps.answers.requestPause(session.id, who.participantId, exerciseId, now());
			deps.sessions.bumpVersion(session.id);
			return { liveSessionId: session.id, staff: true, display: false, tablets: false };
		},

		addNote(actor: StaffActor, liveSessionId: string, input: AssessmentNoteInput): ChangeEffect {
			const session = requireRunnable(actor, liveSessionId);
			const participant = deps.sessions.findParticipant(input.participantId);
			if (!participant || participant.liveSessionId !== liveSessionId) {
				throw new LiveError('not-found', 'That person is not in this session.');
			}
			const exerciseId = session.phase === 'running' ? currentItem(session).exercise.id : null;
			const stored = deps.notes.insert({
				id: input.clientId,
				liveSessionId,
				participantId: participant.id,
				exerciseId,
				domain: input.domain,
				text: input.text,
				authorId: actor.id,
				createdAt: now()
			});
			if (stored) deps.sessions.bumpVersion(liveSessionId);
			return { liveSessionId, staff: stored, display: false, tablets: false };
		},

		staffSnapshot(liveSessionId: string, connected: Set<string>, origin: string): StaffSnapshot {
			const session = requireSession(liveSessionId);
			const items = plan(session);
			const exercise = currentItem(session).exercise;
			const reflections = deps.answers.reflectionsOf(session.id);
			const phrases = riskPhrases();
			const ofExercise = reflections.filter((r) => r.exerciseId === exercise.id);
			const view = answersView(session, exercise, peopleOf(session.id), (id) => connected.has(id), {
				count: ofExercise.length,
				includingApproved: ofExercise
			});
			return {
				liveSessionId: session.id,
				version: session.stateVersion,
				code: session.code,
				title: session.title,
				phase: session.phase,
				outline: items.map((i, index) => ({
					index,
					exerciseId: i.exercise.id,
					moduleId: i.moduleId,
					moduleTitle: i.moduleTitle,
					title: i.exercise.title,
					type: i.exercise.type,
					durationMinutes: i.exercise.durationMinutes
				})),
				currentIndex: session.currentIndex,
				current: exercise,
				answersOpen: session.answersOpen,
				revealed: session.revealed,
				...view,
				held: session.heldExercises.includes(exercise.id),
				moderation: reflections.map((r) => moderationItem(r, phrases)),
				joinUrl: `${origin}/join?code=${session.code}`,
				displayUrl: `${origin}/display/${session.id}`,
				exerciseStartedAt: session.currentStartedAt,
				notes: noteViews(session)
			};
		},

		/**
		 * What answers stored since the console's snapshot at `baseVersion` changed, when
		 * nothing else did: far smaller than the whole snapshot. `answeredBy`: who gave the
		 * named answers among them (only they are listed again). Null when one of the new
		 * reflections is not on the current exercise; send the whole snapshot then.
		 */
		staffAnswersUpdate(
			liveSessionId: string,
			baseVersion: number,
			changes: { addedReflectionIds: readonly string[]; answeredBy: readonly string[] },
			isConnected: (participantId: string) => boolean
		): StaffAnswersUpdate | null {
			const session = requireSession(liveSessionId);
			const exercise = currentItem(session).exercise;
			const isReflection = exercise.type === 'reflection';
			// Nobody is listed on an anonymous exercise, so nothing points to who wrote what.
			const people = isReflection
				? []
				: [...new Set(changes.answeredBy)].flatMap((id) => {
						const p = deps.sessions.findParticipant(id);
						return p && p.liveSessionId === session.id ? [p] : [];
					});
			// Only the count, the approved ones and the new ones: not every reflection again.
			const {
				participants: participantsChanged,
				namedAnswers: namedAnswersChanged,
				...view
			} = answersView(session, exercise, people, isConnected, {
				count: isReflection ? reflectionCountOf(session.id, exercise.id) : 0,
				includingApproved: isReflection
					? deps.answers.approvedReflectionsFor(session.id, exercise.id)
					: []
			});
			const added = [...new Set(changes.addedReflectionIds)];
			const moderationAdded = added.flatMap((id) => {
				const r = deps.answers.reflectionRecord(id);
				return r && r.exerciseId === exercise.id ? [r] : [];
			});
			if (moderationAdded.length !== added.length) return null;
			const phrases = moderationAdded.length > 0 ? riskPhrases() : [];
			return {
				liveSessionId: session.id,
				baseVersion,
				version: session.stateVersion,
				exerciseId: exercise.id,
				...view,
				participantsChanged,
				namedAnswersChanged,
				moderationAdded: moderationAdded.map((r) => moderationItem(r, phrases))
			};
		},

		displaySnapshot(liveSessionId: string, origin: string): DisplaySnapshot {
			const session = requireSession(liveSessionId);
			const items = plan(session);
			const item = currentItem(session);
			const running = session.phase === 'running';
			const revealed = running && session.revealed;
			const { answerCount, results } = displayAnswers(session, item.exercise);
			const people = peopleOf(session.id);
			return {
				version: session.stateVersion,
				code: session.code,
				title: session.title,
				phase: session.phase,
				joinUrl: `${origin}/join?code=${session.code}`,
				current: running ? toPublicExercise(item.exercise, session.revealed) : null,
				position: { index: session.currentIndex, total: items.length },
				answersOpen: session.answersOpen,
				answerCount,
				joinedCount: people.filter((p) => p.joinedAt !== null).length,
				revealed,
				results
			};
		},

		/**
		 * What answers stored since the projector's snapshot at `baseVersion` changed (when
		 * nothing else did): the count, and the results while they are shown.
		 */
		displayAnswersUpdate(liveSessionId: string, baseVersion: number): DisplayAnswersUpdate {
			const session = requireSession(liveSessionId);
			const exercise = currentItem(session).exercise;
			return {
				baseVersion,
				version: session.stateVersion,
				exerciseId: exercise.id,
				...displayAnswers(session, exercise)
			};
		},

		tabletSnapshot(who: ParticipantIdentity): TabletSnapshot {
			const session = requireSession(who.liveSessionId);
			const items = plan(session);
			const running = session.phase === 'running';
			const exercise = running ? currentItem(session).exercise : null;
			return {
				version: session.stateVersion,
				phase: session.phase,
				firstName: who.firstName,
				title: session.title,
				current: exercise ? toPublicExercise(exercise, false) : null,
				position: { index: session.currentIndex, total: items.length },
				answersOpen: running && session.answersOpen,
				myAnswer: exercise
					? deps.answers.myAnswer(session.id, exercise.id, who.participantId)
					: null
			};
		},

		/** Staff view of one participant: her worksheets and the notes written about her. */
		participantRecord(actor: StaffActor, liveSessionId: string, participantId: string) {
			const session = requireRunnable(actor, liveSessionId);
			const participant = deps.sessions.findParticipant(participantId);
			if (!participant || participant.liveSessionId !== liveSessionId) {
				throw new LiveError('not-found', 'That person is not in this session.');
			}
			const items = plan(session);
			const byId = new Map(items.map((i) => [i.exercise.id, i.exercise]));
			const worksheets = deps.answers
				.answersOfSession(session.id)
				.filter((a) => a.participantId === participantId && a.answer.type === 'worksheet')
				.flatMap((a) => {
					const exercise = byId.get(a.exerciseId);
					if (exercise?.type !== 'worksheet' || a.answer.type !== 'worksheet') return [];
					const values = a.answer.values;
					return [
						{
							exerciseId: exercise.id,
							title: exercise.title,
							submittedAt: a.submittedAt,
							fields: exercise.fields.map((f) => ({ label: f.label, value: values[f.id] ?? '' }))
						}
					];
				});
			const notes = noteViews(session).filter((n) => n.participantId === participantId);
			return {
				session: { id: session.id, title: session.title },
				participant: {
					id: participant.id,
					firstName: participant.firstName,
					joinedAt: participant.joinedAt
				},
				worksheets,
				notes
			};
		},

		/** After the session: who came and when, the pause requests, and what was recorded. */
		sessionSummary(actor: StaffActor, liveSessionId: string) {
			const session = requireRunnable(actor, liveSessionId);
			const people = deps.sessions.participants(session.id);
			const names = new Map(people.map((p) => [p.id, p.firstName]));
			const titles = new Map(plan(session).map((i) => [i.exercise.id, i.exercise.title]));
			return {
				session: {
					id: session.id,
					title: session.title,
					code: session.code,
					phase: session.phase,
					startedAt: session.startedAt,
					endedAt: session.endedAt
				},
				attendance: people.map((p) => ({ id: p.id, firstName: p.firstName, joinedAt: p.joinedAt })),
				pauses: deps.answers.pausesOf(session.id).map((p) => ({
					firstName: names.get(p.participantId) ?? '',
					exerciseTitle: p.exerciseId ? (titles.get(p.exerciseId) ?? null) : null,
					requestedAt: p.requestedAt,
					acknowledgedAt: p.acknowledgedAt
				})),
				concernCount: deps.safeguarding.concernsOfSession(session.id).length,
				noteCount: deps.notes.forSession(session.id).length
			};
		},

		phaseOf(liveSessionId: string) {
			return deps.sessions.findById(liveSessionId)?.phase ?? null;
		},

		sessionTitle(liveSessionId: string): string {
			return findSession(liveSessionId)?.title ?? '';
		},

		participantIds(liveSessionId: string): string[] {
			return peopleOf(liveSessionId).map((p) => p.id);
		},

		/**
		 * Runs `build`, which must only read, with each session and its people read once
		 * however many snapshots it builds: the broadcasts of one turn.
		 */
		readingSnapshots<T>(build: () => T): T {
			if (snapshotReads) return build();
			const seed = afterAnswers;
			afterAnswers = null;
			snapshotReads = {
				sessions:
					seed && seed.changeCount === deps.sessions.changeCount()
						? new Map(seed.sessions)
						: new Map(),
				people: new Map(),
				answers: new Map(),
				reflectionCounts: new Map()
			};
			try {
				return build();
			} finally {
				snapshotReads = null;
			}
		},

		version(liveSessionId: string): number {
			return requireSession(liveSessionId).stateVersion;
		},

		/** A tablet snapshot for one of the session's people (for broadcasts), or null if she is not in it. */
		tabletSnapshotFor(liveSessionId: string, participantId: string): TabletSnapshot | null {
			const participant = peopleOf(liveSessionId).find((p) => p.id === participantId);
			if (!participant) return null;
			return this.tabletSnapshot({
				participantId,
				liveSessionId: participant.liveSessionId,
				firstName: participant.firstName,
				tokenId: ''
			});
		},

		/** The session's exercises in order (one-to-one delivery shows them to the facilitator). */
		outline(liveSessionId: string) {
			return plan(requireSession(liveSessionId)).map((i, index) => ({
				index,
				exerciseId: i.exercise.id,
				title: i.exercise.title,
				type: i.exercise.type,
				/** A poll's choices, so an answer can be shown by its words, not its ids. */
				options: i.exercise.type === 'poll' ? i.exercise.options : []
			}));
		},

		/** Moves the session to an exercise without a staff actor: one-to-one, at her own pace. */
		moveTo(liveSessionId: string, index: number): ChangeEffect {
			const session = requireSession(liveSessionId);
			if (session.phase === 'ended') throw new LiveError('conflict', 'This session has ended.');
			goTo(session, index);
			return { liveSessionId, staff: true, display: true, tablets: true };
		}
	};
}

export type LiveService = ReturnType<typeof createLiveService>;
