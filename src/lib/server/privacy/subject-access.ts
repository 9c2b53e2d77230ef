import { auditActionLabel } from '../../shared/audit';
import type { StaffRole } from '../../shared/roles';
import type { AssessmentRecordStore } from '../db/assessment-records';
import type { AuditLogStore } from '../db/audit-log';
import type { CaseStore } from '../db/cases';
import type { GroupStore } from '../db/groups';
import type { ReportStore } from '../db/reports';
import type { StaffUserStore } from '../db/staff-users';
import type { SubjectAccessStore } from '../db/subject-access';
import { CASE_STATUS_LABELS } from '../cases/case-status';
import { LiveError } from '../live/errors';

export interface SubjectAccessActor {
	id: string;
	role: StaffRole;
}

export type SubjectAccessFormat = 'json' | 'pdf';

const statusLabel = (status: string) =>
	(CASE_STATUS_LABELS as Record<string, string | undefined>)[status] ?? status;
const iso = (at: number | null | undefined) => (at ? new Date(at).toISOString() : null);

/** What the export says it does not contain, and why (shown in both the JSON and the PDF). */
export const NOT_INCLUDED = [
	'Anonymous reflections are stored without her name. Where an exercise kept a sealed link to the author, that link can only be opened by a safeguarding lead, for a safeguarding reason, and every opening is listed here.',
	'Other women in her group: their names, answers and attendance are not included.',
	'Facilitators’ notes about the group as a whole, and the programme’s exercises, are not about her and are not included.'
];

/**
 * A subject-access export: everything Circlework holds about one woman, from her case
 * record and the live sessions she joined through it. Coordinators only; every export is
 * written to the audit log (her record's id and the format, nothing more).
 */
export function createSubjectAccessService(deps: {
	cases: CaseStore;
	groups: GroupStore;
	users: StaffUserStore;
	audit: AuditLogStore;
	store: SubjectAccessStore;
	/** Her assessment ratings and evidence, and the post-programme report about her. */
	assessment: AssessmentRecordStore;
	reports: ReportStore;
	/** Exercise titles of a programme version, to say which question an answer belongs to. */
	exerciseTitles: (versionId: number) => Map<string, string>;
	now?: () => number;
}) {
	const now = deps.now ?? Date.now;
	const staff = (id: string | null) =>
		id ? (deps.users.findById(id)?.displayName ?? 'Former staff member') : null;

	function reportOf(caseId: string) {
		const report = deps.reports.find(caseId);
		if (!report) return null;
		return {
			status: report.status,
			version: report.version,
			recommendation: report.recommendation,
			proposedByTheFramework: report.proposed,
			overrideReason: report.overrideReason,
			supports: report.supports,
			content: report.content,
			signatures: deps.reports.signatures(caseId).map((s) => ({
				by: staff(s.staffId),
				role: s.role,
				version: s.version,
				at: iso(s.signedAt)
			})),
			approvedBy: staff(report.approvedBy),
			approvedAt: iso(report.approvedAt),
			amendments: deps.reports.amendments(caseId).map((a) => ({
				version: a.version,
				section: a.section,
				reason: a.reason,
				by: staff(a.authorId),
				at: iso(a.at)
			}))
		};
	}

	function build(caseId: string) {
		const c = deps.cases.findById(caseId);
		if (!c) throw new LiveError('not-found', 'That record does not exist.');
		const group = c.groupId ? deps.groups.findById(c.groupId) : undefined;
		const sessions = group ? deps.groups.sessions(group.id) : [];
		const sessionById = new Map(sessions.map((s) => [s.id, s]));
		const places = deps.store.placesOf(c.id);
		const titles = new Map<number, Map<string, string>>();
		const titleOf = (versionId: number, exerciseId: string | null) => {
			if (!exerciseId) return null;
			if (!titles.has(versionId)) {
				try {
					titles.set(versionId, deps.exerciseTitles(versionId));
				} catch {
					titles.set(versionId, new Map());
				}
			}
			return titles.get(versionId)!.get(exerciseId) ?? exerciseId;
		};

		return {
			format: 'circlework-subject-access/1',
			generatedAt: iso(now()),
			about:
				'Everything Circlework holds about this woman: her case record, its history, attendance, mentoring, the live sessions she joined and her answers in them, notes written about her, her assessment and the post-programme report, and every opening of a sealed reflection link. Dates are in UTC.',
			record: {
				id: c.id,
				status: CASE_STATUS_LABELS[c.status],
				withdrawnReason: c.withdrawnReason,
				firstName: c.firstName,
				lastName: c.lastName,
				phone: c.phone,
				relationshipStatus: c.relationshipStatus,
				referral: {
					referrerName: c.referrerName,
					referrerRole: c.referrerRole,
					referrerAgency: c.referrerAgency,
					localAuthority: c.localAuthority,
					referrerContact: c.referrerContact,
					reason: c.referralReason,
					offenceSummary: c.offenceSummary,
					knownRisks: c.knownRisks
				},
				needs: c.needs,
				consent: { ...c.consent, recordedAt: iso(c.consent.recordedAt) },
				assessment: { ...c.assessment, assessedAt: iso(c.assessment.assessedAt) },
				suitability: c.suitability,
				group: group ? { name: group.name, site: group.site } : null,
				pin: c.pin,
				mentor: staff(c.mentorId),
				createdAt: iso(c.createdAt),
				updatedAt: iso(c.updatedAt)
			},
			children: deps.cases.children(c.id).map((k) => ({ initials: k.initials, age: k.age })),
			statusHistory: deps.cases.history(c.id).map((h) => ({
				from: h.from ? statusLabel(h.from) : null,
				to: statusLabel(h.to),
				reason: h.reason,
				by: staff(h.by),
				at: iso(h.at)
			})),
			attendance: deps.groups.attendanceOfCase(c.id).map((a) => {
				const session = sessionById.get(a.groupSessionId);
				return {
					session: session?.number ?? null,
					date: iso(session?.startsAt),
					status: a.status,
					minutesLate: a.minutesLate,
					minutesLeftEarly: a.minutesLeftEarly,
					absentReason: a.absentReason,
					arrivedAt: iso(a.arrivedAt),
					recordedBy: staff(a.recordedBy),
					recordedAt: iso(a.recordedAt)
				};
			}),
			catchUps: deps.cases.catchupsOf(c.id).map((k) => ({
				module: k.moduleId,
				heldOn: k.heldOn,
				durationMinutes: k.durationMinutes,
				facilitator: staff(k.facilitatorId),
				note: k.note
			})),
			mentorContacts: deps.cases.contactsOf(c.id).map((k) => ({
				contactOn: k.contactOn,
				kind: k.kind,
				mentor: staff(k.mentorId),
				summary: k.summary,
				concern: k.concern,
				concernDetails: k.concernDetails,
				acknowledgedBy: staff(k.acknowledgedBy),
				acknowledgedAt: iso(k.acknowledgedAt)
			})),
			liveSessions: places.map((p) => ({
				title: p.title,
				startedAt: iso(p.startedAt),
				endedAt: iso(p.endedAt),
				joinedAt: iso(p.joinedAt),
				nameUsed: p.firstName,
				answers: deps.store.answersOf(p.participantId).map((a) => ({
					exercise: titleOf(p.programmeVersionId, a.exerciseId),
					answer: a.answer,
					submittedAt: iso(a.submittedAt)
				})),
				notesAboutHer: deps.store.notesOf(p.participantId).map((n) => ({
					exercise: titleOf(p.programmeVersionId, n.exerciseId),
					domain: n.domain,
					text: n.text,
					by: staff(n.authorId),
					at: iso(n.createdAt)
				})),
				pauseRequests: deps.store.pausesOf(p.participantId).map((q) => ({
					exercise: titleOf(p.programmeVersionId, q.exerciseId),
					at: iso(q.requestedAt)
				}))
			})),
			assessment: {
				ratings: deps.assessment.ratingsOf(c.id).map((r) => ({
					stage: r.stage,
					domain: r.domain,
					rating: r.rating,
					trajectory: r.trajectory,
					confidence: r.confidence,
					rationale: r.rationale,
					by: staff(r.ratedBy),
					at: iso(r.ratedAt)
				})),
				evidence: deps.assessment.evidenceOf(c.id).map((e) => ({
					domain: e.domain,
					occurredOn: e.occurredOn,
					source: e.source,
					kind: e.kind,
					herOwnWords: e.quotation,
					text: e.text,
					by: staff(e.authorId),
					at: iso(e.createdAt)
				}))
			},
			report: reportOf(c.id),
			sealedReflectionOpenings: places.flatMap((p) =>
				deps.store.sealOpeningsOf(p.participantId).map((o) => ({
					openedAt: iso(o.openedAt),
					openedBy: staff(o.openedBy),
					reason: o.reason,
					exercise: o.exerciseTitle,
					words: o.words,
					writtenAt: iso(o.writtenAt)
				}))
			),
			accessLog: deps.store.auditOfCase(c.id).map((a) => ({
				at: iso(a.at),
				what: auditActionLabel(a.action),
				by: staff(a.actorId) ?? 'The system'
			})),
			notIncluded: NOT_INCLUDED
		};
	}

	return {
		/** The export, audited. Throws `forbidden` for anyone but a coordinator. */
		export(actor: SubjectAccessActor, caseId: string, format: SubjectAccessFormat) {
			if (actor.role !== 'coordinator') {
				throw new LiveError('forbidden', 'Only coordinators can export a record.');
			}
			const data = build(caseId);
			deps.audit.record({
				at: now(),
				actorId: actor.id,
				action: 'case.subject-access',
				subjectType: 'case',
				subjectId: caseId,
				detail: format
			});
			return data;
		},

		/** A file name that says nothing about her or the programme. */
		fileName(caseId: string, format: SubjectAccessFormat): string {
			const day = new Date(now()).toISOString().slice(0, 10);
			return `record-${caseId.replace(/[^A-Za-z0-9]/g, '').slice(0, 8)}-${day}.${format}`;
		}
	};
}

export type SubjectAccessService = ReturnType<typeof createSubjectAccessService>;
export type SubjectAccessExport = ReturnType<SubjectAccessService['export']>;
