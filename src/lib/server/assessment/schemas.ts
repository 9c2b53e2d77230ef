import { z } from 'zod';
import {
	CONFERENCE_KINDS,
	CONFIDENCES,
	DOMAIN_IDS,
	EVIDENCE_KINDS,
	EVIDENCE_SOURCES,
	RATING_STAGES,
	RATING_VALUES,
	RECOMMENDATIONS,
	TRAJECTORIES
} from '../../shared/assessment';

const isoDate = (message: string) =>
	z
		.string()
		.trim()
		.regex(/^\d{4}-\d{2}-\d{2}$/, message)
		.refine((v) => !Number.isNaN(Date.parse(`${v}T12:00:00Z`)), message);
const optionalDate = (message: string) => z.union([z.literal(''), isoDate(message)]);

export const ratingEntrySchema = z.object({
	domain: z.enum(DOMAIN_IDS, { message: 'Choose a domain.' }),
	rating: z.enum(RATING_VALUES, { message: 'Choose a rating from 1 to 4, or N/E.' }),
	trajectory: z.enum(TRAJECTORIES, { message: 'Choose the trajectory.' }),
	confidence: z.enum(CONFIDENCES, { message: 'Choose how confident you are.' }),
	rationale: z.string().trim().max(4000, 'Keep the reason under 4,000 characters.')
});

export const ratingsSchema = z.object({
	stage: z.enum(RATING_STAGES, { message: 'Choose the stage you are rating.' }),
	entries: z.array(ratingEntrySchema).min(1, 'Rate at least one domain.')
});

export const evidenceSchema = z.object({
	domain: z.enum(DOMAIN_IDS, { message: 'Choose the domain this evidence is for.' }),
	occurredOn: isoDate('Enter the date of the evidence, for example 23/11/2026.'),
	source: z.enum(EVIDENCE_SOURCES, { message: 'Choose where the evidence comes from.' }),
	kind: z.enum(EVIDENCE_KINDS, { message: 'Say whether this is a fact or an opinion.' }),
	quotation: z.boolean(),
	text: z
		.string()
		.trim()
		.min(3, 'Write the evidence.')
		.max(4000, 'Keep the evidence under 4,000 characters.')
});

const text = (max = 8000) =>
	z
		.string()
		.trim()
		.max(max, `Keep this under ${max.toLocaleString('en-GB')} characters.`);

export const contentSchema = z.object({
	preparedFor: text(200),
	caseNumber: text(80),
	conferenceKind: z.enum(CONFERENCE_KINDS, { message: 'Choose the kind of hearing.' }),
	conferenceDate: optionalDate('Enter the hearing date as a real date, or leave it blank.'),
	qualifications: text(1000),
	distribution: text(1000),
	sharedWithHerOn: optionalDate('Enter the date it was shared with her, or leave it blank.'),
	summary: text(),
	referralQuestions: text(),
	sources: text(),
	background: text(),
	programmeResponse: text(),
	childPerspective: text(),
	integratedAnalysis: text(),
	rationale: text(),
	actionRequested: text(),
	areasOfNeed: text(),
	supportPlan: text(),
	limitations: text(),
	herComments: text()
});

export const supportSchema = z.object({
	domain: z.enum(DOMAIN_IDS, { message: 'Choose the domain the support is for.' }),
	need: text(500).min(3, 'Say what the support is for.'),
	provider: text(200).min(2, 'Name who will provide the support.'),
	frequency: text(100).min(2, 'Say how often, for example fortnightly.'),
	reviewDate: isoDate('Enter a review date.')
});

export const recommendationSchema = z
	.object({
		recommendation: z.enum(RECOMMENDATIONS, { message: 'Choose A, B or C.' }),
		overrideReason: text(4000),
		collusion: z.boolean(),
		supports: z.array(supportSchema).max(12)
	})
	.refine((v) => v.recommendation !== 'B' || v.supports.length > 0, {
		message: 'For B, add at least one support: provider, how often and a review date.',
		path: ['supports']
	});

export const amendmentSchema = z.object({
	section: z.enum(
		[
			'summary',
			'referralQuestions',
			'sources',
			'background',
			'programmeResponse',
			'childPerspective',
			'integratedAnalysis',
			'rationale',
			'actionRequested',
			'areasOfNeed',
			'supportPlan',
			'limitations',
			'herComments',
			'distribution',
			'sharedWithHerOn'
		],
		{ message: 'Choose the section you are amending.' }
	),
	text: text(),
	reason: z
		.string()
		.trim()
		.min(10, 'Give the reason for the amendment (at least 10 characters).')
		.max(2000, 'Keep the reason under 2,000 characters.')
});
