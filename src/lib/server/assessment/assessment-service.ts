import type { z } from 'zod';
import type { RatingStage } from '../../shared/assessment';
import type { StaffRole } from '../../shared/roles';
import type { AssessmentRecordStore } from '../db/assessment-records';
import type { AuditLogStore } from '../db/audit-log';
import type { ReportContent, ReportRecord, ReportStore } from '../db/reports';
import type { StaffUserStore } from '../db/staff-users';
import type { CaseService } from '../cases/cases-service';
import { LiveError } from '../live/errors';
import { randomId } from '../auth/tokens';
import { currentRatings, proposeRecommendation } from './recommendation';
import {
	buildReportModel,
	conferenceDeadline,
	CONTENT_LABELS,
	STATUS_LABELS,
	type SelfAssessmentRow
} from './report-model';
import {
	amendmentSchema,
	contentSchema,
	evidenceSchema,
	ratingsSchema,
	recommendationSchema
} from './schemas';

export interface AssessmentActor {
	id: string;
	role: StaffRole;
}

/** Her module-8 private scales (and the module-1 scale they repeat), by domain. */
export const SELF_ASSESSMENT_SCALES: Array<{
	domain: string;
	statement: string;
	latest: { exerciseId: string; field?: string };
	before?: { exerciseId: string };
}> = [
	{
		domain: 'D1',
		statement: 'I believe what my child said happened.',
		latest: { exerciseId: 'sa-scale-belief' }
	},
	{
		domain: 'D2',
		statement: 'The abuse is his responsibility.',
		latest: { exerciseId: 'sa-scale-responsibility' }
	},
	{
		domain: 'D3',
		statement: 'How much I know about how child sexual abuse happens.',
		latest: { exerciseId: 'sa-knowledge-scale' },
		before: { exerciseId: 'intro-knowledge-scale' }
	},
	{
		domain: 'D4',
		statement: 'I know the warning signs to look out for.',
		latest: { exerciseId: 'sa-scale-warning-signs' }
	},
	{
		domain: 'D5',
		statement: "I put my children's needs first.",
		latest: { exerciseId: 'sa-scale-children-first' }
	},
	{
		domain: 'D6',
		statement: 'I feel ready to talk with my children about keeping safe.',
		latest: { exerciseId: 'sa-scale-talking-with-children' }
	},
	{
		domain: 'D7',
		statement: 'I have a clear family safety plan.',
		latest: { exerciseId: 'sa-scale-safety-plan' }
	},
	{
		domain: 'D8',
		statement: 'I make my own decisions about him and contact.',
		latest: { exerciseId: 'sa-scale-own-decisions' }
	},
	{
		domain: 'D9',
		statement: 'I have people I can turn to.',
		latest: { exerciseId: 'sa-scale-support' }
	},
	{
		domain: 'D10',
		statement: 'How open and honest I can be with professionals.',
		latest: { exerciseId: 'sa-then-and-now', field: 'professionals' }
	},
	{
		domain: 'D11',
		statement: 'How I am coping day to day.',
		latest: { exerciseId: 'sa-then-and-now', field: 'coping' }
	}
];

function scaleValue(answerJson: string, field?: string): number | null {
	try {
		const a = JSON.parse(answerJson) as {
			type: string;
			value?: number;
			values?: Record<string, string>;
		};
		if (!field && a.type === 'scale' && typeof a.value === 'number') return a.value;
		if (field && a.type === 'worksheet' && a.values?.[field] !== undefined) {
			const n = Number(a.values[field]);
			return Number.isInteger(n) && n >= 0 && n <= 10 ? n : null;
		}
	} catch {
		return null;
	}
	return null;
}

const isoOf = (ms: number) =>
	new Intl.DateTimeFormat('en-CA', {
		timeZone: 'Europe/London',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit'
	}).format(ms);

/**
 * Domain ratings, evidence, the recommendation and the post-programme report, with who may
 * do what: coordinators see every report and approve; the facilitators of her group rate,
 * write and sign; mentors never see it. Every view, change, download, signature, approval
 * and amendment goes to the audit log.
 */
export function createAssessmentService(deps: {
	records: AssessmentRecordStore;
	reports: ReportStore;
	users: StaffUserStore;
	audit: AuditLogStore;
	cases: Pick<CaseService, 'factsForReport' | 'list'>;
	now?: () => number;
}) {
	const now = deps.now ?? Date.now;
	const name = (id: string | null) => (id ? (deps.users.findById(id)?.displayName ?? 'Staff') : '');

	type Facts = NonNullable<ReturnType<CaseService['factsForReport']>>;

	function facilitatorOf(actor: AssessmentActor, facts: Facts): boolean {
		return (
			actor.role === 'facilitator' && (facts.group?.facilitatorIds.includes(actor.id) ?? false)
		);
	}

	function requireFacts(actor: AssessmentActor, caseId: string): Facts {
		if (actor.role === 'mentor')
			throw new LiveError('forbidden', 'Reports are not available to mentors.');
		const facts = deps.cases.factsForReport(caseId);
		if (!facts) throw new LiveError('not-found', 'That record does not exist.');
		if (actor.role !== 'coordinator' && !facilitatorOf(actor, facts)) {
			throw new LiveError('forbidden', 'This report is not available to you.');
		}
		return facts;
	}

	function audit(actor: AssessmentActor, action: string, caseId: string, detail = ''): void {
		deps.audit.record({
			at: now(),
			actorId: actor.id,
			action,
			subjectType: 'report',
			subjectId: caseId,
			detail
		});
	}

	/** Refuses any change to an approved report except through an amendment. */
	function requireEditable(caseId: string): ReportRecord {
		const report = deps.reports.ensure(caseId, now());
		if (report.status === 'approved') {
			throw new LiveError(
				'conflict',
				'This report is approved and locked. To change it, make an amendment with a reason.'
			);
		}
		return report;
	}

	/** A change to a report someone has signed sends it back to draft: everyone signs again. */
	function afterChange(actor: AssessmentActor, report: ReportRecord): void {
		if (report.status === 'signing') {
			deps.reports.reopen(report.caseId, now());
			audit(actor, 'report.signatures-cleared', report.caseId, 'changed after signing');
		}
	}

	function selfAssessment(caseId: string): SelfAssessmentRow[] {
		const answers = deps.records.scaleAnswersOf(caseId);
		const last = (exerciseId: string, field?: string) => {
			const found = answers
				.filter((a) => a.exerciseId === exerciseId)
				.map((a) => ({ value: scaleValue(a.answer, field), at: a.submittedAt }))
				.filter((a): a is { value: number; at: number } => a.value !== null);
			return found.at(-1) ?? null;
		};
		return SELF_ASSESSMENT_SCALES.map((s) => ({
			domain: s.domain,
			statement: s.statement,
			before: s.before ? last(s.before.exerciseId) : null,
			latest: last(s.latest.exerciseId, s.latest.field)
		}));
	}

	function evidenceOf(caseId: string) {
		const added = deps.records.evidenceOf(caseId).map((e) => ({
			id: e.id,
			domain: e.domain,
			occurredOn: e.occurredOn,
			source: e.source,
			kind: e.kind,
			quotation: e.quotation,
			text: e.text,
			author: name(e.authorId),
			live: false,
			sessionTitle: ''
		}));
		const live = deps.records.liveNotesOf(caseId).map((n) => ({
			id: n.id,
			domain: n.domain,
			occurredOn: isoOf(n.createdAt),
			source: 'observed' as const,
			kind: 'opinion' as const,
			quotation: false,
			text: n.text,
			author: name(n.authorId),
			live: true,
			sessionTitle: n.sessionTitle
		}));
		return [...added, ...live].sort((a, b) => a.occurredOn.localeCompare(b.occurredOn));
	}

	function proposalFor(caseId: string, report: ReportRecord) {
		return proposeRecommendation({
			current: currentRatings(deps.records.ratingsOf(caseId)),
			supports: report.supports,
			collusion: report.collusion
		});
	}

	function modelOf(caseId: string, facts: Facts) {
		const report = deps.reports.ensure(caseId, now());
		const r = facts.record;
		return buildReportModel({
			caseId,
			now: now(),
			person: { firstName: r.firstName, lastName: r.lastName },
			children: facts.children.map((k) => ({ initials: k.initials, age: k.age })),
			referrer: {
				name: r.referrerName,
				role: r.referrerRole,
				agency: r.referrerAgency,
				localAuthority: r.localAuthority
			},
			referralReason: r.referralReason,
			offenceSummary: r.offenceSummary,
			relationshipStatus: r.relationshipStatus,
			initialAssessment: {
				familyDynamics: r.assessment.familyDynamics ?? '',
				risks: r.assessment.risks ?? '',
				needs: r.assessment.needs ?? '',
				assessedAt: r.assessment.assessedAt ?? null
			},
			delivery: facts.group
				? `group: ${facts.group.name}, ${facts.group.site}`
				: r.suitability === 'one-to-one-remote'
					? 'one-to-one, remote'
					: 'one-to-one',
			authors: (facts.group?.facilitatorIds ?? []).map((id) => ({
				name: name(id),
				role: 'Facilitator'
			})),
			attendance: {
				rows: facts.attendance.rows.map((row) => ({
					number: row.number,
					startsAt: row.startsAt,
					modules: row.modules.map((m) => m.title),
					status: !row.mark
						? row.missed
							? 'Not recorded: counted as missed'
							: 'Not yet held'
						: row.mark.status === 'absent'
							? `Absent${row.mark.absentReason ? `: ${row.mark.absentReason}` : ''}`
							: [
									row.mark.minutesLate > 0 ? `Late ${row.mark.minutesLate} min` : '',
									row.mark.minutesLeftEarly > 0 ? `Left early ${row.mark.minutesLeftEarly} min` : ''
								]
									.filter(Boolean)
									.join(', ') || 'Present',
					minutes: row.minutes
				})),
				catchups: facts.attendance.catchups.map((k) => ({
					moduleTitle: k.moduleTitle,
					heldOn: k.heldOn,
					durationMinutes: k.durationMinutes
				})),
				totalMinutes: facts.attendance.summary.totalMinutes
			},
			ratings: deps.records.ratingsOf(caseId).map((x) => ({ ...x, ratedBy: name(x.ratedBy) })),
			evidence: evidenceOf(caseId),
			selfAssessment: selfAssessment(caseId),
			report: {
				status: report.status,
				version: report.version,
				content: report.content,
				recommendation: report.recommendation,
				overrideReason: report.overrideReason,
				supports: report.supports,
				approvedAt: report.approvedAt
			},
			proposal: proposalFor(caseId, report),
			signatures: deps.reports.signatures(caseId).map((s) => ({
				name: name(s.staffId),
				role: s.role === 'coordinator' ? 'Coordinator' : 'Facilitator',
				signedAt: s.signedAt,
				version: s.version
			})),
			amendments: deps.reports.amendments(caseId).map((a) => ({
				version: a.version,
				section: CONTENT_LABELS[a.section as keyof ReportContent] ?? a.section,
				reason: a.reason,
				author: name(a.authorId),
				at: a.at
			}))
		});
	}

	return {
		/** The assessment workspace for her: ratings, evidence, her self-assessment, the draft. */
		workspace(actor: AssessmentActor, caseId: string) {
			const facts = requireFacts(actor, caseId);
			audit(actor, 'report.view', caseId, 'assessment');
			const report = deps.reports.ensure(caseId, now());
			const signatures = deps.reports.signatures(caseId);
			const facilitatorIds = facts.group?.facilitatorIds ?? [];
			const isFacilitator = facilitatorOf(actor, facts);
			const locked = report.status === 'approved';
			const allSigned =
				facilitatorIds.length > 0 &&
				facilitatorIds.every((id) =>
					signatures.some((s) => s.staffId === id && s.role === 'facilitator')
				);
			return {
				person: {
					id: facts.record.id,
					firstName: facts.record.firstName,
					lastName: facts.record.lastName
				},
				report,
				statusLabel: STATUS_LABELS[report.status],
				ratings: deps.records.ratingsOf(caseId).map((x) => ({ ...x, ratedBy: name(x.ratedBy) })),
				evidence: evidenceOf(caseId),
				selfAssessment: selfAssessment(caseId),
				proposal: proposalFor(caseId, report),
				signatures: signatures.map((s) => ({ ...s, name: name(s.staffId) })),
				awaiting: facilitatorIds
					.filter((id) => !signatures.some((s) => s.staffId === id))
					.map((id) => name(id)),
				amendments: deps.reports.amendments(caseId).map((a) => ({
					...a,
					sectionLabel: CONTENT_LABELS[a.section as keyof ReportContent] ?? a.section,
					author: name(a.authorId)
				})),
				can: {
					edit: !locked && (actor.role === 'coordinator' || isFacilitator),
					sign:
						!locked &&
						isFacilitator &&
						report.recommendation !== null &&
						!signatures.some((s) => s.staffId === actor.id),
					approve: !locked && actor.role === 'coordinator' && allSigned,
					amend: locked && (actor.role === 'coordinator' || isFacilitator),
					acknowledge:
						actor.role === 'coordinator' &&
						report.escalatedAt !== null &&
						report.escalationAcknowledgedAt === null
				}
			};
		},

		saveRatings(
			actor: AssessmentActor,
			caseId: string,
			input: z.input<typeof ratingsSchema>
		): void {
			requireFacts(actor, caseId);
			const report = requireEditable(caseId);
			const data = ratingsSchema.parse(input);
			const at = now();
			deps.records.saveRatings(
				data.entries.map((e) => ({
					...e,
					caseId,
					stage: data.stage as RatingStage,
					ratedBy: actor.id,
					ratedAt: at
				}))
			);
			afterChange(actor, report);
			audit(
				actor,
				'report.ratings',
				caseId,
				`${data.stage}: ${data.entries.map((e) => `${e.domain}=${e.rating}`).join(', ')}`
			);
		},

		addEvidence(
			actor: AssessmentActor,
			caseId: string,
			input: z.input<typeof evidenceSchema>
		): void {
			requireFacts(actor, caseId);
			const report = requireEditable(caseId);
			const data = evidenceSchema.parse(input);
			const id = randomId();
			deps.records.addEvidence({ ...data, id, caseId, authorId: actor.id, createdAt: now() });
			afterChange(actor, report);
			audit(actor, 'report.evidence', caseId, `${data.domain} ${data.source} ${data.kind}`);
		},

		saveContent(
			actor: AssessmentActor,
			caseId: string,
			input: z.input<typeof contentSchema>
		): void {
			requireFacts(actor, caseId);
			const report = requireEditable(caseId);
			const data = contentSchema.parse(input);
			deps.reports.saveContent(caseId, data, now());
			afterChange(actor, report);
			audit(actor, 'report.content', caseId);
		},

		/**
		 * Confirms or overrides the proposed recommendation. An override needs a written reason; a
		 * C is escalated at once (an alert to coordinators and an audit row), not only in the report.
		 */
		saveRecommendation(
			actor: AssessmentActor,
			caseId: string,
			input: z.input<typeof recommendationSchema>
		): { escalated: boolean; proposed: string | null } {
			requireFacts(actor, caseId);
			const report = requireEditable(caseId);
			const data = recommendationSchema.parse(input);
			const proposal = proposeRecommendation({
				current: currentRatings(deps.records.ratingsOf(caseId)),
				supports: data.supports,
				collusion: data.collusion
			});
			if (
				proposal.outcome !== null &&
				data.recommendation !== proposal.outcome &&
				data.overrideReason.length < 10
			) {
				throw new LiveError(
					'invalid-input',
					`The rules propose ${proposal.outcome}. To choose ${data.recommendation} instead, write the reason for the override (at least 10 characters).`
				);
			}
			const escalate = data.recommendation === 'C' && report.recommendation !== 'C';
			const at = now();
			deps.reports.saveRecommendation(
				caseId,
				{
					recommendation: data.recommendation,
					proposed: proposal.outcome,
					overrideReason: data.recommendation === proposal.outcome ? '' : data.overrideReason,
					supports: data.recommendation === 'B' ? data.supports : [],
					collusion: data.collusion,
					escalatedAt: data.recommendation === 'C' ? (escalate ? at : report.escalatedAt) : null
				},
				at
			);
			afterChange(actor, report);
			audit(
				actor,
				'report.recommendation',
				caseId,
				`${data.recommendation} (proposed ${proposal.outcome ?? 'none'})`
			);
			if (escalate) audit(actor, 'report.escalated', caseId, 'recommendation C: unable to protect');
			return { escalated: escalate, proposed: proposal.outcome };
		},

		sign(actor: AssessmentActor, caseId: string): void {
			const facts = requireFacts(actor, caseId);
			if (!facilitatorOf(actor, facts)) {
				throw new LiveError('forbidden', 'Only the facilitators of her group sign the report.');
			}
			const report = requireEditable(caseId);
			if (report.recommendation === null) {
				throw new LiveError('conflict', 'Confirm the recommendation before signing.');
			}
			deps.reports.sign(caseId, actor.id, 'facilitator', report.version, now());
			audit(actor, 'report.sign', caseId, `version ${report.version}`);
		},

		approve(actor: AssessmentActor, caseId: string): void {
			const facts = requireFacts(actor, caseId);
			if (actor.role !== 'coordinator')
				throw new LiveError('forbidden', 'Only a coordinator approves a report.');
			const report = requireEditable(caseId);
			const signatures = deps.reports.signatures(caseId);
			const missing = (facts.group?.facilitatorIds ?? []).filter(
				(id) => !signatures.some((s) => s.staffId === id && s.role === 'facilitator')
			);
			if (facts.group === null || missing.length > 0) {
				throw new LiveError(
					'conflict',
					'Both facilitators must sign before a coordinator approves.'
				);
			}
			deps.reports.approve(caseId, actor.id, report.version, now());
			audit(actor, 'report.approve', caseId, `version ${report.version}: locked`);
		},

		amend(actor: AssessmentActor, caseId: string, input: z.input<typeof amendmentSchema>): void {
			const facts = requireFacts(actor, caseId);
			if (actor.role !== 'coordinator' && !facilitatorOf(actor, facts)) {
				throw new LiveError('forbidden', 'This report is not available to you.');
			}
			const report = deps.reports.ensure(caseId, now());
			if (report.status !== 'approved') {
				throw new LiveError(
					'conflict',
					'Only an approved report is amended; edit the draft instead.'
				);
			}
			const data = amendmentSchema.parse(input);
			const content = contentSchema.parse({ ...report.content, [data.section]: data.text });
			deps.reports.amend(caseId, content, data.section, data.reason, actor.id, now());
			audit(actor, 'report.amend', caseId, `${data.section}: ${data.reason}`);
		},

		acknowledgeEscalation(actor: AssessmentActor, caseId: string): void {
			requireFacts(actor, caseId);
			if (actor.role !== 'coordinator')
				throw new LiveError('forbidden', 'Only coordinators can do that.');
			deps.reports.acknowledgeEscalation(caseId, actor.id, now());
			audit(actor, 'report.escalation-acknowledged', caseId);
		},

		/** The report as the court and conference will read it; `purpose` decides the audit row. */
		model(actor: AssessmentActor, caseId: string, purpose: 'view' | 'download') {
			const facts = requireFacts(actor, caseId);
			audit(
				actor,
				purpose === 'view' ? 'report.view' : 'report.download',
				caseId,
				purpose === 'view' ? 'report' : 'pdf'
			);
			return modelOf(caseId, facts);
		},

		/** The report model without access check or audit: for the benchmark and scripts only. */
		modelForScript(caseId: string) {
			const facts = deps.cases.factsForReport(caseId);
			if (!facts) throw new LiveError('not-found', 'That record does not exist.');
			return modelOf(caseId, facts);
		},

		/** Reports this person may see, with women near the end who have none yet. */
		list(actor: AssessmentActor) {
			if (actor.role === 'mentor')
				throw new LiveError('forbidden', 'Reports are not available to mentors.');
			const visible = deps.cases.list(actor);
			const reports = new Map(deps.reports.list().map((r) => [r.caseId, r]));
			return visible
				.filter((c) => reports.has(c.id) || c.status === 'in-programme' || c.status === 'completed')
				.map((c) => {
					const r = reports.get(c.id);
					const deadline = r ? buildDeadline(r) : null;
					return {
						caseId: c.id,
						name: c.name,
						groupName: c.groupName,
						status: r?.status ?? null,
						statusLabel: r ? STATUS_LABELS[r.status] : 'Not started',
						recommendation: r?.recommendation ?? null,
						version: r?.version ?? null,
						updatedAt: r?.updatedAt ?? null,
						deadline
					};
				});
		},

		/** Recommendation C, not yet acknowledged: shown to coordinators at once. */
		openEscalations(actor: AssessmentActor) {
			if (actor.role !== 'coordinator') return [];
			return deps.reports.openEscalations().flatMap((r) => {
				const facts = deps.cases.factsForReport(r.caseId);
				return facts
					? [
							{
								caseId: r.caseId,
								name: `${facts.record.firstName} ${facts.record.lastName}`,
								escalatedAt: r.escalatedAt!
							}
						]
					: [];
			});
		}
	};
}

function buildDeadline(r: ReportRecord): string | null {
	return conferenceDeadline(r.content.conferenceKind, r.content.conferenceDate)?.date ?? null;
}

export type AssessmentService = ReturnType<typeof createAssessmentService>;
