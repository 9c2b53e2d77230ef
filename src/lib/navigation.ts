import { can, type Action } from './shared/permissions';
import type { StaffRole } from './shared/roles';

export interface NavItem {
	href: string;
	label: string;
	action: Action;
}

export const STAFF_NAV: NavItem[] = [
	{ href: '/dashboard', label: 'Dashboard', action: 'dashboard:view' },
	{ href: '/live', label: 'Live sessions', action: 'live:run' },
	{ href: '/groups', label: 'Groups', action: 'groups:view' },
	{ href: '/referrals', label: 'Referrals', action: 'referrals:view' },
	{ href: '/programme', label: 'Programme', action: 'programme:view' },
	{ href: '/reports', label: 'Reports', action: 'reports:view' },
	{ href: '/mentoring', label: 'Mentoring', action: 'mentoring:view' },
	{ href: '/safeguarding', label: 'Safeguarding', action: 'safeguarding:view' },
	{ href: '/audit', label: 'Audit log', action: 'audit:view' },
	{ href: '/accounts', label: 'Staff accounts', action: 'accounts:manage' }
];

export function navFor(role: StaffRole): NavItem[] {
	return STAFF_NAV.filter((item) => can(role, item.action));
}
