import { z } from 'zod';
import './plain-errors';

/** Form schemas for cases and groups, shared by the pages and the services. */

const text = (label: string, max: number) =>
	z.string().trim().min(1, `Enter ${label}.`).max(max, `Keep ${label} to ${max} characters.`);
const optionalText = (max: number) => z.string().trim().max(max, `Keep this to ${max} characters.`);

export const childSchema = z.object({
	initials: z
		.string()
		.trim()
		.min(1, 'Enter the child’s initials.')
		.max(4, 'Initials only, up to 4 letters.')
		.regex(/^[A-Za-z]{1,4}$/, 'Initials only: letters, no full names.'),
	age: z.coerce
		.number({ error: 'Enter the child’s age in years.' })
		.int('Enter a whole number of years.')
		.min(0, 'Age cannot be below 0.')
		.max(17, 'Children are under 18.')
});

export const referralSchema = z.object({
	firstName: text('her first name', 60),
	lastName: text('her last name', 60),
	phone: optionalText(40),
	referrerName: text('the referrer’s name', 100),
	referrerRole: text('the referrer’s role', 100),
	referrerAgency: optionalText(100),
	localAuthority: text('the local authority', 100),
	referrerContact: text('how to contact the referrer', 200),
	referralReason: optionalText(2000),
	relationshipStatus: z.enum(['together', 'separated'], {
		error: 'Choose whether she is together with him or separated.'
	}),
	offenceSummary: text('a brief description of what he is convicted or accused of', 1000),
	knownRisks: optionalText(2000),
	needs: z.object({
		literacy: z.boolean(),
		language: optionalText(100),
		disability: optionalText(300),
		childcare: z.boolean()
	}),
	children: z.array(childSchema).max(12, 'Up to 12 children.')
});
export type ReferralInput = z.output<typeof referralSchema>;

export const consentSchema = z.object({
	informationSharing: z.boolean(),
	limitsOfConfidentiality: z.boolean()
});

export const SUITABILITIES = ['group', 'one-to-one', 'one-to-one-remote'] as const;
export const SUITABILITY_LABELS: Record<(typeof SUITABILITIES)[number], string> = {
	group: 'Group',
	'one-to-one': 'One-to-one in person',
	'one-to-one-remote': 'One-to-one remote'
};

export const assessmentSchema = z.object({
	familyDynamics: optionalText(4000),
	risks: optionalText(4000),
	needs: optionalText(4000),
	psychologicalFlag: z.boolean(),
	psychologicalOutcome: optionalText(2000),
	counsellingFlag: z.boolean(),
	counsellingOutcome: optionalText(2000),
	suitability: z.enum(SUITABILITIES).nullable()
});

const isoDate = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date.')
	.refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), 'Enter a real date.');
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter a time like 10:00 or 18:30.');

export const groupSchema = z
	.object({
		name: text('a name for the group', 80),
		site: text('where the group meets', 120),
		timeOfDay: z.enum(['daytime', 'evening'], { error: 'Choose daytime or evening.' }),
		facilitatorId: z.string().min(1, 'Choose the lead facilitator.'),
		cofacilitatorId: z.string().min(1, 'Choose the second facilitator.'),
		startDate: isoDate,
		startTime: clock
	})
	.refine((g) => g.facilitatorId !== g.cofacilitatorId, {
		path: ['cofacilitatorId'],
		message: 'Choose two different facilitators.'
	});
export type GroupInput = z.output<typeof groupSchema>;

/** Ten one-to-one remote sessions for one woman, a week apart, with one facilitator. */
export const oneToOneScheduleSchema = z.object({
	facilitatorId: z.string().min(1, 'Choose the facilitator.'),
	startDate: isoDate,
	startTime: clock
});

export const rescheduleSchema = z.object({
	date: isoDate,
	time: clock,
	durationMinutes: z.coerce
		.number()
		.int()
		.min(30, 'At least 30 minutes.')
		.max(240, 'At most 4 hours.')
});

export const attendanceSchema = z
	.object({
		status: z.enum(['present', 'late', 'left-early', 'absent']),
		minutesLate: z.coerce.number().int().min(0).max(240).default(0),
		minutesLeftEarly: z.coerce.number().int().min(0).max(240).default(0),
		absentReason: optionalText(300).default('')
	})
	.refine((a) => a.status !== 'absent' || a.absentReason.length > 0, {
		path: ['absentReason'],
		message: 'Give the reason she was absent.'
	})
	.refine((a) => a.status !== 'late' || a.minutesLate > 0, {
		path: ['minutesLate'],
		message: 'Enter how many minutes late she was.'
	})
	.refine((a) => a.status !== 'left-early' || a.minutesLeftEarly > 0, {
		path: ['minutesLeftEarly'],
		message: 'Enter how many minutes early she left.'
	});

export const catchupSchema = z.object({
	moduleId: z.string().min(1, 'Choose the module that was caught up.'),
	heldOn: isoDate,
	durationMinutes: z.coerce
		.number({ error: 'Enter the length in minutes.' })
		.int()
		.min(15, 'At least 15 minutes.')
		.max(240, 'At most 4 hours.'),
	note: optionalText(1000).default('')
});

export const mentorContactSchema = z
	.object({
		contactOn: isoDate,
		kind: z.enum(['phone', 'visit', 'message', 'other']),
		summary: text('a short summary of the contact', 2000),
		concern: z.boolean(),
		concernDetails: optionalText(2000).default('')
	})
	.refine((c) => !c.concern || c.concernDetails.length > 0, {
		path: ['concernDetails'],
		message: 'Describe the concern so a coordinator can act on it.'
	});

export type Suitability = (typeof SUITABILITIES)[number];
