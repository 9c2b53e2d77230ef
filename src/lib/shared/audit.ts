import { z } from 'zod';
import './plain-errors';

/** How many audit rows one page of the audit screen shows. */
export const AUDIT_PAGE_SIZE = 50;

const isoDate = (label: string) =>
	z
		.string()
		.trim()
		.regex(/^\d{4}-\d{2}-\d{2}$/, `Enter the ${label} date as a date, for example 2026-11-23.`)
		.refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), {
			message: `Enter a real ${label} date.`
		});

const optional = <T extends z.ZodType>(schema: T) =>
	z.preprocess((value) => (value === '' || value === null ? undefined : value), schema.optional());

/**
 * The audit screen's filter, read from the address bar (so a filtered view can be bookmarked
 * and exported). It names staff and records by id only: never a name in a URL.
 */
export const auditFilterSchema = z
	.object({
		from: optional(isoDate('start')),
		to: optional(isoDate('end')),
		staff: optional(
			z
				.string()
				.trim()
				.max(64, 'Choose a staff member from the list.')
				.regex(/^[A-Za-z0-9_-]+$/, 'Choose a staff member from the list.')
		),
		action: optional(
			z
				.string()
				.trim()
				.max(80, 'Choose an action from the list.')
				.regex(/^[a-z0-9.:-]+$/, 'Choose an action from the list.')
		),
		record: optional(
			z
				.string()
				.trim()
				.max(100, 'A record number is at most 100 characters.')
				.regex(
					/^[A-Za-z0-9_.:-]+$/,
					'Enter the record number as shown on the record (letters, numbers and dashes).'
				)
		),
		page: optional(
			z.coerce
				.number({ message: 'The page must be a number.' })
				.int('The page must be a whole number.')
				.min(1, 'The page must be 1 or more.')
				.max(100_000, 'That page does not exist.')
		)
	})
	.refine((f) => !f.from || !f.to || f.from <= f.to, {
		message: 'The end date must be the same as or after the start date.',
		path: ['to']
	});

export type AuditFilter = z.output<typeof auditFilterSchema>;

/** Reads the filter from URL search parameters (unknown parameters are ignored). */
export function auditFilterFromParams(params: URLSearchParams) {
	return auditFilterSchema.safeParse({
		from: params.get('from') ?? undefined,
		to: params.get('to') ?? undefined,
		staff: params.get('staff') ?? undefined,
		action: params.get('action') ?? undefined,
		record: params.get('record') ?? undefined,
		page: params.get('page') ?? undefined
	});
}

/** Plain-English descriptions of the actions the app logs (unknown ones show as they are). */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
	'audit.export': 'Audit log exported',
	'case.create': 'Record created (referral)',
	'case.view': 'Record viewed',
	'case.consent': 'Consent recorded',
	'case.assessment': 'Assessment saved',
	'case.status': 'Status changed',
	'case.allocate': 'Allocated',
	'case.enrol': 'Enrolled (PIN given)',
	'case.mentor': 'Mentor assigned',
	'case.catchup': 'Catch-up recorded',
	'case.attendance': 'Attendance changed',
	'case.mentor-contact': 'Mentoring contact logged',
	'case.mentor-concern': 'Mentoring concern logged',
	'case.mentor-concern-acknowledged': 'Mentoring concern acknowledged',
	'case.subject-access': 'Subject-access export',
	'case.one-to-one': 'One-to-one sessions scheduled',
	'report.view': 'Report viewed',
	'report.download': 'Report PDF downloaded',
	'report.ratings': 'Domain ratings changed',
	'report.evidence': 'Evidence added',
	'report.content': 'Report text changed',
	'report.recommendation': 'Recommendation changed',
	'report.sign': 'Report signed',
	'report.signatures-cleared': 'Signatures cleared (changed after signing)',
	'report.approve': 'Report approved and locked',
	'report.amend': 'Report amended',
	'report.escalated': 'Recommendation C escalated',
	'report.escalation-acknowledged': 'Recommendation C escalation acknowledged',
	'accounts.list': 'Staff accounts listed',
	'account.view': 'Staff account viewed',
	'account.create': 'Staff account created',
	'account.deactivate': 'Staff account deactivated',
	'account.reactivate': 'Staff account reactivated',
	'account.reset-password': 'Password reset',
	'account.lock': 'Sign-in locked after failures',
	'account.unlock': 'Sign-in unlocked',
	'two-factor.enable': 'Two-step sign-in turned on',
	'two-factor.disable': 'Two-step sign-in turned off',
	'two-factor.reset': 'Two-step sign-in reset',
	'two-factor.recovery-code-used': 'Recovery code used',
	'concern.create': 'Reflection marked as a concern',
	'concern.view': 'Safeguarding concern viewed',
	'concern.acknowledge': 'Safeguarding concern acknowledged',
	'risk-phrase.add': 'Risk phrase added',
	'risk-phrase.remove': 'Risk phrase removed',
	'seal.open': 'Sealed author opened',
	'retention.run': 'Retention run',
	'retention.case-deleted': 'Record deleted (retention period ended)',
	'retention.live-session-cleared': 'Session answers deleted (retention period ended)'
};

export function auditActionLabel(action: string): string {
	return AUDIT_ACTION_LABELS[action] ?? action;
}
