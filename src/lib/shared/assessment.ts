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
