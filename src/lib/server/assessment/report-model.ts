import {
	ASSESSMENT_DOMAINS,
	CONFERENCE_LABELS,
	RATING_LABELS,
	RATING_STAGES,
	RECOMMENDATION_LABELS,
	SOURCE_LABELS,
	STAGE_LABELS,
	type Confidence,
	type EvidenceKind,
	type EvidenceSource,
	type RatingStage,
	type RatingValue,
	type Recommendation,
	type Trajectory
} from '../../shared/assessment';
import { formatDate, formatTime } from '../../format';
import { formatHours, PROGRAMME_MINUTES } from '../cases/hours';
import type { ReportContent, ReportStatus, SupportCondition } from '../db/reports';
import { changeChartSvg } from './chart';
import type { Proposal } from './recommendation';

/* ---------------- Inputs ---------------- */

export interface ReportInputs {
	caseId: string;
	now: number;
	person: { firstName: string; lastName: string };
	children: Array<{ initials: string; age: number }>;
	referrer: { name: string; role: string; agency: string; localAuthority: string };
	referralReason: string;
	offenceSummary: string;
	relationshipStatus: 'together' | 'separated';
	initialAssessment: {
		familyDynamics: string;
		risks: string;
		needs: string;
		assessedAt: number | null;
	};
	delivery: string;
	authors: Array<{ name: string; role: string }>;
	attendance: {
		rows: Array<{
			number: number;
			startsAt: number;
			modules: string[];
			status: string;
			minutes: number;
		}>;
		catchups: Array<{ moduleTitle: string; heldOn: string; durationMinutes: number }>;
		totalMinutes: number;
	};
	ratings: Array<{
		domain: string;
		stage: RatingStage;
		rating: RatingValue;
		trajectory: Trajectory;
		confidence: Confidence;
		rationale: string;
		ratedBy: string;
		ratedAt: number;
	}>;
	evidence: Array<{
		domain: string;
		occurredOn: string;
		source: EvidenceSource;
		kind: EvidenceKind;
		quotation: boolean;
		text: string;
		author: string;
		/** Written live in a session's console. */
		live: boolean;
	}>;
	selfAssessment: SelfAssessmentRow[];
	report: {
		status: ReportStatus;
		version: number;
		content: ReportContent;
		recommendation: Recommendation | null;
		overrideReason: string;
		supports: SupportCondition[];
		approvedAt: number | null;
	};
	proposal: Proposal;
	signatures: Array<{ name: string; role: string; signedAt: number; version: number }>;
	amendments: Array<{
		version: number;
		section: string;
		reason: string;
		author: string;
		at: number;
	}>;
}

export interface SelfAssessmentRow {
	domain: string;
	statement: string;
	/** Her answer the first time she was asked (module 1), where it was asked then. */
	before: { value: number; at: number } | null;
	/** Her latest answer (module 8). */
	latest: { value: number; at: number } | null;
}

/* ---------------- The model ---------------- */

export type Block =
	| { kind: 'para'; text: string; label?: 'Fact' | 'Opinion'; empty?: boolean }
	| { kind: 'facts'; rows: Array<{ label: string; value: string }> }
	| {
			kind: 'table';
			caption: string;
			head: string[];
			rows: string[][];
			foot?: string[];
	  }
	| { kind: 'chart'; svg: string; caption: string }
	| { kind: 'domain'; domain: DomainSection }
	| { kind: 'list'; items: string[] };

export interface DomainSection {
	id: string;
	title: string;
	critical: boolean;
	ratings: Array<{
		stage: string;
		rating: string;
		trajectory: string;
		confidence: string;
		rationale: string;
		by: string;
		on: string;
	}>;
	change: string;
	evidence: Array<{
		on: string;
		source: string;
		kind: 'Fact' | 'Opinion';
		quotation: boolean;
		text: string;
		by: string;
	}>;
}

export interface ReportSection {
	id: string;
	heading: string;
	blocks: Block[];
}

export interface ReportModel {
	title: string;
	initials: string;
	fileName: string;
	confidentialLine: string;
	statusLabel: string;
	version: number;
	front: Array<{ label: string; value: string }>;
	deadline: { text: string; date: string } | null;
	sections: ReportSection[];
	history: Array<{ version: number; text: string }>;
}

export const SECTION_HEADINGS = [
	'1. Summary and recommendation',
	'2. Referral questions and scope',
	'3. Sources of information and method',
	'4. Background',
	'5. Initial assessment findings and baseline ratings',
	'6. Attendance and engagement',
	'7. Response to the programme: content covered',
	'8. Analysis by domain',
	'9. Her self-assessment',
	"10. The child's perspective",
	'11. Integrated analysis',
	'12. Recommendation and rationale',
	'13. Areas of need and post-programme support',
	'14. Limitations and range of opinion',
	'15. Declarations and signatures',
	'Appendix: amendment history'
] as const;

export const STATUS_LABELS: Record<ReportStatus, string> = {
	draft: 'Draft',
	signing: 'Awaiting signatures',
	approved: 'Approved and locked'
};

/** The written sections staff fill in, with the labels used on forms and in amendments. */
export const CONTENT_LABELS: Record<keyof ReportContent, string> = {
	preparedFor: 'Prepared for (conference or court)',
	caseNumber: 'Case number',
	conferenceKind: 'Kind of hearing',
	conferenceDate: 'Conference or hearing date',
	qualifications: "Authors' qualifications",
	distribution: 'Distribution',
	sharedWithHerOn: 'Date shared with her',
	summary: 'Summary',
	referralQuestions: 'Referral questions and scope',
	sources: 'Sources of information and method',
	background: 'Background',
	programmeResponse: 'Response to the programme',
	childPerspective: "The child's perspective",
	integratedAnalysis: 'Integrated analysis',
	rationale: 'Rationale for the recommendation',
	actionRequested: 'Action requested (recommendation C)',
	areasOfNeed: 'Areas of need and how they might be met',
	supportPlan: 'Post-programme support plan',
	limitations: 'Limitations and range of opinion',
	herComments: 'Her comments on the report'
};

/* ---------------- Dates ---------------- */

const isoToMs = (iso: string) => Date.parse(`${iso}T12:00:00Z`);
export const formatIso = (iso: string) => {
	const at = isoToMs(iso);
	return Number.isNaN(at) ? iso : formatDate(at);
};

/** The date `days` working days (Monday to Friday) before `iso`. Bank holidays are not known. */
export function workingDaysBefore(iso: string, days: number): string {
	const d = new Date(isoToMs(iso));
	let left = days;
	while (left > 0) {
		d.setUTCDate(d.getUTCDate() - 1);
		const day = d.getUTCDay();
		if (day !== 0 && day !== 6) left -= 1;
	}
	return d.toISOString().slice(0, 10);
}

/** The date the report must reach the family: 3 working days before an initial conference, 5 before a review. */
export function conferenceDeadline(
	kind: ReportContent['conferenceKind'],
	date: string
): { text: string; date: string } | null {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(isoToMs(date))) return null;
	if (kind !== 'initial' && kind !== 'review') return null;
	const days = kind === 'initial' ? 3 : 5;
	const due = workingDaysBefore(date, days);
	return {
		date: due,
		text: `The family must have this report by ${formatIso(due)}: ${days} working days before the ${kind === 'initial' ? 'initial' : 'review'} conference on ${formatIso(date)} (bank holidays not counted; check locally).`
	};
}

/* ---------------- Building ---------------- */

const TRAJECTORY_WORDS: Record<Trajectory, string> = {
	improving: 'Improving',
	stable: 'Stable',
	declining: 'Declining'
};
const CONFIDENCE_WORDS: Record<Confidence, string> = {
	low: 'Low confidence',
	medium: 'Medium confidence',
	high: 'High confidence'
};

function para(text: string, whenEmpty: string, label?: 'Fact' | 'Opinion'): Block {
	const t = text.trim();
	return t
		? { kind: 'para', text: t, label }
		: { kind: 'para', text: whenEmpty, empty: true, label: undefined };
}

const initialsOf = (p: { firstName: string; lastName: string }) =>
	`${p.firstName.trim().charAt(0)}${p.lastName.trim().charAt(0)}`.toUpperCase();

/** A stable, discreet file name: no names, the same for the same version. */
export function reportFileName(caseId: string, version: number): string {
	return `cw-${caseId
		.replace(/[^a-zA-Z0-9]/g, '')
		.slice(0, 10)
		.toLowerCase()}-v${version}.pdf`;
}

function describeChange(series: Array<{ stage: RatingStage; rating: RatingValue }>): string {
	const rated = series.filter((s) => s.rating !== 'NE');
	if (series.length === 0) return 'Not yet rated.';
	if (rated.length < 2) {
		const last = series.at(-1)!;
		return `Rated at one point only so far (${STAGE_LABELS[last.stage].toLowerCase()}: ${RATING_LABELS[last.rating]}).`;
	}
	const first = rated[0]!;
	const last = rated.at(-1)!;
	const delta = Number(last.rating) - Number(first.rating);
	const from = `${STAGE_LABELS[first.stage].toLowerCase()} ${first.rating}`;
	const to = `${STAGE_LABELS[last.stage].toLowerCase()} ${last.rating}`;
	if (delta > 0) return `Up ${delta} point${delta === 1 ? '' : 's'}: from ${from} to ${to}.`;
	if (delta < 0) return `Down ${-delta} point${delta === -1 ? '' : 's'}: from ${from} to ${to}.`;
	return `No change: ${from}, ${to}.`;
}

export function buildReportModel(input: ReportInputs): ReportModel {
	const c = input.report.content;
	const initials = initialsOf(input.person);
	const rec = input.report.recommendation;
	const deadline = conferenceDeadline(c.conferenceKind, c.conferenceDate);
	const facilitators = input.signatures.filter((s) => s.role === 'Facilitator');
	const countersign = input.signatures.find((s) => s.role === 'Coordinator');

	const front = [
		{
			label: 'Prepared for',
			value: [
				c.preparedFor.trim() || CONFERENCE_LABELS[c.conferenceKind],
				c.caseNumber.trim() && `case number ${c.caseNumber.trim()}`
			]
				.filter(Boolean)
				.join(', ')
		},
		{ label: 'Kind of hearing', value: CONFERENCE_LABELS[c.conferenceKind] },
		{
			label: 'Hearing date',
			value: c.conferenceDate ? formatIso(c.conferenceDate) : 'Not yet known'
		},
		{
			label: 'Participant',
			value: `${input.person.firstName} ${input.person.lastName} (${initials})`
		},
		{
			label: 'Children',
			value: input.children.map((k) => `${k.initials}, aged ${k.age}`).join('; ') || 'None recorded'
		},
		{
			label: 'Referrer',
			value: [
				input.referrer.name,
				input.referrer.role,
				input.referrer.agency,
				input.referrer.localAuthority
			]
				.filter((x) => x.trim())
				.join(', ')
		},
		{
			label: 'Authors',
			value:
				input.authors.map((a) => `${a.name} (${a.role})`).join('; ') +
				(c.qualifications.trim() ? `. ${c.qualifications.trim()}` : '')
		},
		{
			label: 'Countersignatory',
			value: countersign ? `${countersign.name} (Coordinator)` : 'Not yet approved'
		},
		{ label: 'Date', value: formatDate(input.report.approvedAt ?? input.now) },
		{ label: 'Version', value: `${input.report.version} – ${STATUS_LABELS[input.report.status]}` },
		{ label: 'Distribution', value: c.distribution.trim() || 'Not yet set' },
		{
			label: 'Date shared with her',
			value: c.sharedWithHerOn ? formatIso(c.sharedWithHerOn) : 'Not yet shared'
		}
	];

	const byDomain = (id: string) =>
		RATING_STAGES.flatMap((stage) =>
			input.ratings.filter((r) => r.domain === id && r.stage === stage)
		);

	const domains: DomainSection[] = ASSESSMENT_DOMAINS.map((d) => {
		const ratings = byDomain(d.id);
		return {
			id: d.id,
			title: d.title,
			critical: d.critical,
			ratings: ratings.map((r) => ({
				stage: STAGE_LABELS[r.stage],
				rating: RATING_LABELS[r.rating],
				trajectory: TRAJECTORY_WORDS[r.trajectory],
				confidence: CONFIDENCE_WORDS[r.confidence],
				rationale: r.rationale,
				by: r.ratedBy,
				on: formatDate(r.ratedAt)
			})),
			change: describeChange(ratings),
			evidence: input.evidence
				.filter((e) => e.domain === d.id)
				.map((e) => ({
					on: formatIso(e.occurredOn),
					source: SOURCE_LABELS[e.source] + (e.live ? ' (noted in session)' : ''),
					kind: e.kind === 'fact' ? ('Fact' as const) : ('Opinion' as const),
					quotation: e.quotation,
					text: e.text,
					by: e.author
				}))
		};
	});

	const ratingCell = (id: string, stage: RatingStage) => {
		const r = input.ratings.find((x) => x.domain === id && x.stage === stage);
		return r ? (r.rating === 'NE' ? 'N/E' : r.rating) : '–';
	};
	const ratingTable = (stages: RatingStage[], caption: string): Block => ({
		kind: 'table',
		caption,
		head: ['Domain', ...stages.map((s) => STAGE_LABELS[s])],
		rows: ASSESSMENT_DOMAINS.map((d) => [
			`${d.id} ${d.title}${d.critical ? ' *' : ''}`,
			...stages.map((s) => ratingCell(d.id, s))
		])
	});

	const hoursText = `${formatHours(input.attendance.totalMinutes)} of ${PROGRAMME_MINUTES / 60} hours`;
	const attended = input.attendance.rows.filter((r) => r.minutes > 0).length;

	const sections: ReportSection[] = [
		{
			id: 'summary',
			heading: SECTION_HEADINGS[0],
			blocks: [
				{
					kind: 'para',
					text: rec
						? `Recommendation ${RECOMMENDATION_LABELS[rec]}.`
						: 'No recommendation has been confirmed yet.',
					empty: !rec
				},
				para(c.summary, 'The summary has not been written yet.', 'Opinion')
			]
		},
		{
			id: 'scope',
			heading: SECTION_HEADINGS[1],
			blocks: [
				{
					kind: 'facts',
					rows: [{ label: 'Reason for referral', value: input.referralReason || 'Not recorded' }]
				},
				para(c.referralQuestions, 'The referral questions have not been written yet.')
			]
		},
		{
			id: 'sources',
			heading: SECTION_HEADINGS[2],
			blocks: [
				para(c.sources, 'The sources of information have not been listed yet.'),
				{
					kind: 'para',
					text: 'Method: structured professional judgement using the Breaking the Cycle assessment framework. Twelve domains (D1–D12; * marks the critical domains) are each rated at initial assessment, mid-programme and end on a four-point scale: 1 significant concern, 2 emerging, 3 adequate, 4 strong, or N/E (not enough evidence), with a trajectory and the assessors’ confidence. Every rating rests on dated evidence marked as fact or opinion. The ratings are not added up into a score.'
				}
			]
		},
		{
			id: 'background',
			heading: SECTION_HEADINGS[3],
			blocks: [
				{
					kind: 'facts',
					rows: [
						{ label: 'The concerns about him', value: input.offenceSummary || 'Not recorded' },
						{
							label: 'Relationship',
							value: input.relationshipStatus === 'together' ? 'Together' : 'Separated'
						},
						{
							label: 'Family composition',
							value: input.initialAssessment.familyDynamics || 'Not recorded'
						}
					]
				},
				para(c.background, 'No further background has been written.', 'Fact')
			]
		},
		{
			id: 'initial',
			heading: SECTION_HEADINGS[4],
			blocks: [
				{
					kind: 'facts',
					rows: [
						{
							label: 'Initial assessment',
							value: input.initialAssessment.assessedAt
								? formatDate(input.initialAssessment.assessedAt)
								: 'Date not recorded'
						},
						{ label: 'Risks identified', value: input.initialAssessment.risks || 'None recorded' },
						{ label: 'Needs identified', value: input.initialAssessment.needs || 'None recorded' }
					]
				},
				ratingTable(['baseline'], 'Baseline ratings at initial assessment')
			]
		},
		{
			id: 'attendance',
			heading: SECTION_HEADINGS[5],
			blocks: [
				{
					kind: 'para',
					text: `She attended ${attended} of ${input.attendance.rows.length} group sessions (${input.delivery}). Total attendance: ${hoursText}, including catch-ups. Late arrival and leaving early are taken off the minutes.`,
					label: 'Fact'
				},
				{
					kind: 'table',
					caption: 'Session register',
					head: ['Session', 'Date', 'Attendance', 'Time counted'],
					rows: input.attendance.rows.map((r) => [
						String(r.number),
						`${formatDate(r.startsAt)}, ${formatTime(r.startsAt)}`,
						r.status,
						r.minutes > 0 ? formatHours(r.minutes) : '–'
					]),
					foot: ['Total', '', 'Against 20 hours', hoursText]
				},
				...(input.attendance.catchups.length > 0
					? [
							{
								kind: 'table' as const,
								caption: 'One-to-one catch-ups',
								head: ['Module', 'Date', 'Time'],
								rows: input.attendance.catchups.map((k) => [
									k.moduleTitle,
									formatIso(k.heldOn),
									formatHours(k.durationMinutes)
								])
							}
						]
					: [{ kind: 'para' as const, text: 'No catch-ups were needed or held.' }])
			]
		},
		{
			id: 'response',
			heading: SECTION_HEADINGS[6],
			blocks: [
				{
					kind: 'table',
					caption: 'Content covered, session by session',
					head: ['Session', 'Modules', 'Her attendance'],
					rows: input.attendance.rows.map((r) => [String(r.number), r.modules.join('; '), r.status])
				},
				para(
					c.programmeResponse,
					'Her response to the programme has not been written yet.',
					'Opinion'
				)
			]
		},
		{
			id: 'domains',
			heading: SECTION_HEADINGS[7],
			blocks: [
				{
					kind: 'chart',
					svg: changeChartSvg(
						input.ratings.map((r) => ({
							domain: r.domain,
							stage: r.stage,
							value: r.rating === 'NE' ? null : Number(r.rating)
						}))
					),
					caption:
						'Change over time: each panel shows one domain rated 1 (significant concern) to 4 (strong) at the start, mid-point and end; N/E means not enough evidence. * marks a critical domain. The table below gives the same figures.'
				},
				ratingTable([...RATING_STAGES], 'Ratings at each stage'),
				...domains.map((domain) => ({ kind: 'domain' as const, domain }))
			]
		},
		{
			id: 'self',
			heading: SECTION_HEADINGS[8],
			blocks: input.selfAssessment.some((s) => s.latest || s.before)
				? [
						{
							kind: 'para',
							text: 'Her own ratings (0 = not true for me yet, 10 = completely true for me) from the private self-assessment scales in module 8, beside the facilitators’ end-of-programme rating of the same domain. Where she was asked in module 1 too, that answer is shown.',
							label: 'Fact'
						},
						{
							kind: 'table',
							caption: 'Her self-assessment beside the facilitators’ ratings',
							head: [
								'Domain',
								'Statement',
								'Her rating at the start',
								'Her rating at the end',
								'Facilitators (end)'
							],
							rows: input.selfAssessment.map((s) => [
								s.domain,
								s.statement,
								s.before ? `${s.before.value} of 10` : '–',
								s.latest ? `${s.latest.value} of 10` : '–',
								ratingCell(s.domain, 'end')
							])
						}
					]
				: [
						{
							kind: 'para',
							text: 'She has not completed the self-assessment scales (module 8) in a live session.',
							empty: true
						}
					]
		},
		{
			id: 'child',
			heading: SECTION_HEADINGS[9],
			blocks: [
				para(
					c.childPerspective,
					'There was no direct work with the children in this programme; their perspective is drawn from the referral and from professionals.'
				)
			]
		},
		{
			id: 'analysis',
			heading: SECTION_HEADINGS[10],
			blocks: [
				para(c.integratedAnalysis, 'The integrated analysis has not been written yet.', 'Opinion')
			]
		},
		{
			id: 'recommendation',
			heading: SECTION_HEADINGS[11],
			blocks: [
				{
					kind: 'para',
					text: rec
						? `Recommendation ${RECOMMENDATION_LABELS[rec]}.`
						: 'No recommendation has been confirmed yet.',
					empty: !rec
				},
				para(c.rationale, 'The rationale has not been written yet.', 'Opinion'),
				{
					kind: 'list',
					items: [
						input.proposal.outcome
							? `The framework’s rules propose ${input.proposal.outcome}: ${input.proposal.reasons.join(' ')}`
							: `The framework’s rules propose nothing yet: ${input.proposal.reasons.join(' ')}`,
						...(rec && input.proposal.outcome && rec !== input.proposal.outcome
							? [`The facilitators overrode the proposal: ${input.report.overrideReason}`]
							: [])
					]
				},
				...(rec === 'B'
					? [
							{
								kind: 'table' as const,
								caption: 'Conditions: the support required',
								head: ['Domain', 'Need', 'Provider', 'How often', 'Review date'],
								rows: input.report.supports.map((s) => [
									s.domain,
									s.need,
									s.provider,
									s.frequency,
									s.reviewDate ? formatIso(s.reviewDate) : '–'
								])
							}
						]
					: []),
				...(rec === 'C'
					? [
							para(
								c.actionRequested,
								'The action requested and its urgency have not been written yet.'
							)
						]
					: [])
			]
		},
		{
			id: 'needs',
			heading: SECTION_HEADINGS[12],
			blocks: [
				para(c.areasOfNeed, 'The areas of need have not been written yet.'),
				para(c.supportPlan, 'The post-programme support plan has not been written yet.')
			]
		},
		{
			id: 'limitations',
			heading: SECTION_HEADINGS[13],
			blocks: [para(c.limitations, 'The limitations have not been written yet.', 'Opinion')]
		},
		{
			id: 'declarations',
			heading: SECTION_HEADINGS[14],
			blocks: [
				{
					kind: 'para',
					text: 'We confirm that this report is accurate to the best of our knowledge, that facts and opinions are kept apart, and that the opinions are our own professional judgement.'
				},
				{
					kind: 'facts',
					rows: [
						{
							label: 'Shared with her',
							value: c.sharedWithHerOn ? formatIso(c.sharedWithHerOn) : 'Not yet shared'
						},
						{ label: 'Her comments', value: c.herComments.trim() || 'None recorded' }
					]
				},
				{
					kind: 'table',
					caption: 'Signatures',
					head: ['Name', 'Role', 'Signed', 'Version'],
					rows: [
						...facilitators.map((s) => [
							s.name,
							'Facilitator',
							`${formatDate(s.signedAt)}, ${formatTime(s.signedAt)}`,
							String(s.version)
						]),
						...(countersign
							? [
									[
										countersign.name,
										'Coordinator (approved)',
										`${formatDate(countersign.signedAt)}, ${formatTime(countersign.signedAt)}`,
										String(countersign.version)
									]
								]
							: [])
					]
				},
				...(facilitators.length === 0 && !countersign
					? [{ kind: 'para' as const, text: 'Not yet signed.', empty: true }]
					: [])
			]
		},
		{
			id: 'history',
			heading: SECTION_HEADINGS[15],
			blocks:
				input.amendments.length > 0
					? [
							{
								kind: 'table',
								caption: 'Amendments after approval',
								head: ['Version', 'Section', 'Reason', 'By', 'When'],
								rows: input.amendments.map((a) => [
									String(a.version),
									a.section,
									a.reason,
									a.author,
									`${formatDate(a.at)}, ${formatTime(a.at)}`
								])
							}
						]
					: [{ kind: 'para', text: 'No amendments.' }]
		}
	];

	return {
		title: 'Post-programme assessment report',
		initials,
		fileName: reportFileName(input.caseId, input.report.version),
		confidentialLine: `Confidential – prepared for ${c.preparedFor.trim() || CONFERENCE_LABELS[c.conferenceKind].toLowerCase()}${c.caseNumber.trim() ? `, case number ${c.caseNumber.trim()}` : ''}`,
		statusLabel: STATUS_LABELS[input.report.status],
		version: input.report.version,
		front,
		deadline,
		sections,
		history: input.amendments.map((a) => ({
			version: a.version,
			text: `${a.section}: ${a.reason} (${a.author}, ${formatDate(a.at)})`
		}))
	};
}
