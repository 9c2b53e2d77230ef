import { z } from 'zod';
import type { StaffRole } from '../../shared/roles';
import type { AuditLogStore } from '../db/audit-log';
import type { LiveSessionStore } from '../db/live-sessions';
import type { SafeguardingStore } from '../db/safeguarding';
import type { SealedAuthorshipStore } from '../db/sealed-authorship';
import type { StaffUserStore } from '../db/staff-users';
import { riskPhraseMatcher } from '../../shared/risk-phrases';
import { LiveError } from '../live/errors';

export interface SafeguardingActor {
	id: string;
	role: StaffRole;
	isSafeguardingLead: boolean;
}

export const sealReasonSchema = z
	.string()
	.trim()
	.min(
		20,
		'Give the reason in at least 20 characters: what the risk is and why you need to know who wrote it.'
	)
	.max(2000, 'Keep the reason to 2,000 characters.');

export const riskPhraseSchema = z
	.string()
	.trim()
	.min(3, 'A phrase needs at least 3 characters.')
	.max(60, 'Keep a phrase to 60 characters.');

/**
 * Concerns raised in live sessions, and the one audited way to open the sealed link
 * between a reflection and its author: by a safeguarding lead, with a recorded reason.
 */
export function createSafeguardingService(deps: {
	store: SafeguardingStore;
	sealed: SealedAuthorshipStore;
	audit: AuditLogStore;
	users: StaffUserStore;
	sessions: LiveSessionStore;
	now?: () => number;
}) {
	const now = deps.now ?? Date.now;
	const name = (id: string | null) => (id ? (deps.users.findById(id)?.displayName ?? 'Staff') : '');

	function requireCoordinator(actor: SafeguardingActor): void {
		if (actor.role !== 'coordinator') {
			throw new LiveError(
				'forbidden',
				'Only coordinators and safeguarding leads can see concerns.'
			);
		}
	}

	function requireConcern(id: string) {
		const concern = deps.store.findConcern(id);
		if (!concern) throw new LiveError('not-found', 'That concern does not exist.');
		return concern;
	}

	/**
	 * Compiles the current list's matcher now (at start and after each edit), so that the
	 * first reflection of a session is not held up while it compiles.
	 */
	function prepareRiskPhrases(): void {
		riskPhraseMatcher(deps.store.riskPhrases().map((p) => p.phrase));
	}

	return {
		listConcerns(actor: SafeguardingActor, onlyOpen = false) {
			requireCoordinator(actor);
			return deps.store.listConcerns(onlyOpen).map((c) => ({
				id: c.id,
				sessionTitle: c.liveSessionId ? (deps.sessions.findById(c.liveSessionId)?.title ?? '') : '',
				exerciseTitle: c.exerciseTitle,
				markedAt: c.markedAt,
				markedBy: name(c.markedBy),
				acknowledged: c.acknowledgedAt !== null
			}));
		},

		/** One concern, exactly as written. Every view is audited. */
		viewConcern(actor: SafeguardingActor, id: string) {
			requireCoordinator(actor);
			const concern = requireConcern(id);
			deps.audit.record({
				at: now(),
				actorId: actor.id,
				action: 'concern.view',
				subjectType: 'concern',
				subjectId: id,
				detail: ''
			});
			const openings = deps.store.openingsOf(id);
			const session = concern.liveSessionId
				? deps.sessions.findById(concern.liveSessionId)
				: undefined;
			const opened = openings.find((o) => o.participantId !== null);
			const author =
				actor.isSafeguardingLead && opened?.participantId
					? deps.sessions.findParticipant(opened.participantId)
					: undefined;
			return {
				id: concern.id,
				words: concern.words,
				writtenAt: concern.writtenAt,
				markedAt: concern.markedAt,
				markedBy: name(concern.markedBy),
				exerciseTitle: concern.exerciseTitle,
				session: session ? { id: session.id, title: session.title } : null,
				acknowledged: concern.acknowledgedAt !== null,
				acknowledgedBy: name(concern.acknowledgedBy),
				openings: openings.map((o) => ({
					id: o.id,
					openedBy: name(o.openedBy),
					openedAt: o.openedAt,
					reason: o.reason
				})),
				/** Only for a safeguarding lead, and only once the seal has been opened. */
				author: author ? { firstName: author.firstName, participantId: author.id } : null,
				audit: deps.audit.forSubject('concern', id).map((a) => ({
					id: a.id,
					at: a.at,
					action: a.action,
					by: name(a.actorId),
					detail: a.detail
				}))
			};
		},

		acknowledge(actor: SafeguardingActor, id: string): void {
			if (!actor.isSafeguardingLead) {
				throw new LiveError('forbidden', 'Only a safeguarding lead can acknowledge a concern.');
			}
			requireConcern(id);
			deps.store.transaction(() => {
				deps.store.acknowledge(id, actor.id, now());
				deps.audit.record({
					at: now(),
					actorId: actor.id,
					action: 'concern.acknowledge',
					subjectType: 'concern',
					subjectId: id,
					detail: ''
				});
			});
		},

		/**
		 * Opens the seal of a concern's reflection: only a safeguarding lead, only with a reason.
		 * The opening and its reason are written to the audit log in the same transaction.
		 */
		openSeal(actor: SafeguardingActor, id: string, reasonInput: string) {
			if (!actor.isSafeguardingLead) {
				throw new LiveError(
					'forbidden',
					'Only a safeguarding lead can find out who wrote a reflection.'
				);
			}
			const reason = sealReasonSchema.parse(reasonInput);
			const concern = requireConcern(id);
			const participantId = concern.reflectionId
				? deps.sealed.authorOf(concern.reflectionId)
				: null;
			deps.store.transaction(() => {
				deps.store.recordOpening({
					concernId: id,
					participantId,
					openedBy: actor.id,
					reason,
					openedAt: now()
				});
				deps.audit.record({
					at: now(),
					actorId: actor.id,
					action: 'seal.open',
					subjectType: 'concern',
					subjectId: id,
					detail: `Reason: ${reason}${participantId ? '' : ' (no link was kept for this exercise)'}`
				});
			});
			if (!participantId) {
				throw new LiveError(
					'not-found',
					'No link to the author was kept for this exercise, so nobody can find out who wrote it. Your reason has been recorded.'
				);
			}
			const participant = deps.sessions.findParticipant(participantId);
			return { firstName: participant?.firstName ?? '', participantId };
		},

		riskPhrases(actor: SafeguardingActor) {
			requireCoordinator(actor);
			return deps.store.riskPhrases();
		},

		prepareRiskPhrases,

		addRiskPhrase(actor: SafeguardingActor, phraseInput: string): void {
			requireCoordinator(actor);
			const phrase = riskPhraseSchema.parse(phraseInput);
			deps.store.addRiskPhrase(phrase, actor.id, now());
			prepareRiskPhrases();
			deps.audit.record({
				at: now(),
				actorId: actor.id,
				action: 'risk-phrase.add',
				subjectType: 'risk-phrases',
				subjectId: 'list',
				detail: phrase
			});
		},

		removeRiskPhrase(actor: SafeguardingActor, id: number): void {
			requireCoordinator(actor);
			deps.store.removeRiskPhrase(id);
			prepareRiskPhrases();
			deps.audit.record({
				at: now(),
				actorId: actor.id,
				action: 'risk-phrase.remove',
				subjectType: 'risk-phrases',
				subjectId: 'list',
				detail: String(id)
			});
		}
	};
}

export type SafeguardingService = ReturnType<typeof createSafeguardingService>;
