import type { StaffRole } from './roles';

/**
 * The one permissions table: which staff role may perform which action.
 * The server consults it for every page, form action and socket event;
 * the navigation reads it only to hide links a role could not open anyway.
 */
export const PERMISSIONS = {
	'dashboard:view': ['coordinator', 'facilitator', 'mentor'],
	'account:manage-own': ['coordinator', 'facilitator', 'mentor'],
	'groups:view': ['coordinator', 'facilitator'],
	'live:run': ['coordinator', 'facilitator'],
	'referrals:view': ['coordinator'],
	'cases:view': ['coordinator', 'facilitator', 'mentor'],
	'groups:manage': ['coordinator'],
	'programme:view': ['coordinator', 'facilitator'],
	'programme:edit': ['coordinator'],
	'reports:view': ['coordinator', 'facilitator'],
	'reports:edit': ['coordinator', 'facilitator'],
	'reports:sign': ['facilitator'],
	'reports:approve': ['coordinator'],
	'mentoring:view': ['coordinator', 'mentor'],
	'accounts:manage': ['coordinator'],
	'safeguarding:view': ['coordinator'],
	'audit:view': ['coordinator'],
	'cases:subject-access': ['coordinator'],
	'privacy:view': ['coordinator', 'facilitator', 'mentor'],
	'realtime:connect': ['coordinator', 'facilitator', 'mentor']
} as const satisfies Record<string, readonly StaffRole[]>;

export type Action = keyof typeof PERMISSIONS;

export function can(role: StaffRole, action: Action): boolean {
	return (PERMISSIONS[action] as readonly StaffRole[]).includes(role);
}
