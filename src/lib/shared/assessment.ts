/** The default assessment domains (programme.md). ★ marks the critical ones. */
export const ASSESSMENT_DOMAINS = [
	{ id: 'D1', title: 'Acceptance of the concerns / belief', critical: true },
	{ id: 'D2', title: 'Attribution of responsibility', critical: true },
	{ id: 'D3', title: 'Understanding of how abuse happens and of his pattern', critical: false },
	{ id: 'D4', title: 'Recognition of risk and warning signs', critical: false },
	{ id: 'D5', title: 'Child focus and victim empathy', critical: true },
	{ id: 'D6', title: 'Talking with children, responding to disclosure', critical: false },
	{ id: 'D7', title: 'Quality of the protective plan', critical: false },
	{
		id: 'D8',
		title: 'Relationship decision and independence from his influence',
		critical: true
	},
	{ id: 'D9', title: 'Support network', critical: false },
	{ id: 'D10', title: 'Working with professionals', critical: false },
	{ id: 'D11', title: 'Her own vulnerabilities and wellbeing', critical: false },
	{ id: 'D12', title: 'Engagement and capacity to change', critical: false }
] as const;

export type DomainId = (typeof ASSESSMENT_DOMAINS)[number]['id'];
export const DOMAIN_IDS = ASSESSMENT_DOMAINS.map((d) => d.id) as [DomainId, ...DomainId[]];

/** The three points at which every domain is rated. */
export const RATING_STAGES = ['baseline', 'mid', 'end'] as const;
export type RatingStage = (typeof RATING_STAGES)[number];
export const STAGE_LABELS: Record<RatingStage, string> = {
	baseline: 'Initial assessment',
	mid: 'Mid-programme',
	end: 'End of programme'
};

/** The four-point scale, plus N/E (not enough evidence). */
export const RATING_VALUES = ['1', '2', '3', '4', 'NE'] as const;
export type RatingValue = (typeof RATING_VALUES)[number];
export const RATING_LABELS: Record<RatingValue, string> = {
	'1': '1 – significant concern',
	'2': '2 – emerging',
	'3': '3 – adequate',
	'4': '4 – strong',
	NE: 'N/E – not enough evidence'
};

export const TRAJECTORIES = ['improving', 'stable', 'declining'] as const;
export type Trajectory = (typeof TRAJECTORIES)[number];
export const CONFIDENCES = ['low', 'medium', 'high'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

export const EVIDENCE_SOURCES = ['self-report', 'observed', 'written-work', 'third-party'] as const;
export type EvidenceSource = (typeof EVIDENCE_SOURCES)[number];
export const SOURCE_LABELS: Record<EvidenceSource, string> = {
	'self-report': 'Self-report',
	observed: 'Observed',
	'written-work': 'Written work',
	'third-party': 'Third-party'
};
export const EVIDENCE_KINDS = ['fact', 'opinion'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const RECOMMENDATIONS = ['A', 'B', 'C'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];
export const RECOMMENDATION_LABELS: Record<Recommendation, string> = {
	A: 'A – capable of ensuring her children are adequately protected',
	B: 'B – capable of protecting if support is provided',
	C: 'C – unable to protect; appropriate action should be initiated'
};

export const CONFERENCE_KINDS = ['none', 'initial', 'review', 'court'] as const;
export type ConferenceKind = (typeof CONFERENCE_KINDS)[number];
export const CONFERENCE_LABELS: Record<ConferenceKind, string> = {
	none: 'Not yet known',
	initial: 'Initial child protection conference',
	review: 'Review child protection conference',
	court: 'Family court'
};

export function domainTitle(id: string): string {
	return ASSESSMENT_DOMAINS.find((d) => d.id === id)?.title ?? id;
}

export function isCritical(id: string): boolean {
	return ASSESSMENT_DOMAINS.some((d) => d.id === id && d.critical);
}
