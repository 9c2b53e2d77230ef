import type { Action } from '../../shared/permissions';

/**
 * Every route id and the access it needs. The hook refuses any route not listed here,
 * so a new page is closed until someone decides who may open it.
 */
export type RouteAccess = { kind: 'public' } | { kind: 'staff'; action: Action };

const PUBLIC: RouteAccess = { kind: 'public' };
const staff = (action: Action): RouteAccess => ({ kind: 'staff', action });

export const ROUTE_ACCESS: Record<string, RouteAccess> = {
	'/': PUBLIC,
	'/(auth)/sign-in': PUBLIC,
	'/(auth)/sign-out': PUBLIC,
	'/(auth)/sign-in/code': PUBLIC,
	'/(auth)/sign-in/new-password': staff('account:manage-own'),
	'/(auth)/sign-in/set-up': staff('account:manage-own'),
	'/(staff)/session': staff('account:manage-own'),
	'/(staff)/accounts/new': staff('accounts:manage'),
	'/(staff)/accounts/[id]': staff('accounts:manage'),
	'/health': PUBLIC,
	'/(staff)/dashboard': staff('dashboard:view'),
	'/(staff)/account': staff('account:manage-own'),
	'/(staff)/groups': staff('groups:view'),
	'/(staff)/groups/new': staff('groups:manage'),
	'/(staff)/groups/[id]': staff('groups:view'),
	'/(staff)/groups/[id]/register': staff('groups:view'),
	'/(staff)/referrals': staff('referrals:view'),
	'/(staff)/referrals/new': staff('referrals:view'),
	'/(staff)/cases/[id]': staff('cases:view'),
	'/(staff)/cases/[id]/card': staff('cases:view'),
	'/(staff)/programme': staff('programme:view'),
	'/(staff)/programme/versions': staff('programme:view'),
	'/(staff)/programme/versions/[id]': staff('programme:view'),
	'/(staff)/programme/versions/[id]/export': staff('programme:view'),
	'/(staff)/programme/compare': staff('programme:view'),
	'/(staff)/programme/edit': staff('programme:edit'),
	'/(staff)/programme/edit/[moduleId]': staff('programme:edit'),
	'/(staff)/programme/import': staff('programme:edit'),
	'/(staff)/reports': staff('reports:view'),
	'/(staff)/cases/[id]/assessment': staff('reports:view'),
	'/(staff)/cases/[id]/report': staff('reports:view'),
	'/(staff)/cases/[id]/report/pdf': staff('reports:view'),
	'/(staff)/mentoring': staff('mentoring:view'),
	'/(staff)/accounts': staff('accounts:manage'),
	'/(staff)/live': staff('live:run'),
	'/(staff)/live/[id]/people/[participantId]': staff('live:run'),
	'/(staff)/live/[id]': staff('live:run'),
	'/(staff)/safeguarding': staff('safeguarding:view'),
	'/(staff)/safeguarding/concerns/[id]': staff('safeguarding:view'),
	'/(staff)/audit': staff('audit:view'),
	'/(staff)/audit/export': staff('audit:view'),
	'/(staff)/cases/[id]/subject-access': staff('cases:subject-access'),
	'/(staff)/privacy-notice': staff('privacy:view'),
	'/(live)/console/[id]': staff('live:run'),
	// Projector and tablets: the page itself holds nothing; the socket checks the key or token.
	'/(live)/display/[id]': PUBLIC,
	'/(live)/join': PUBLIC,
	'/(live)/privacy': PUBLIC,
	'/(live)/tablet': PUBLIC,
	'/(live)/tablet/leave': PUBLIC
};

export function accessFor(routeId: string | null): RouteAccess | undefined {
	if (routeId === null) return undefined;
	return ROUTE_ACCESS[routeId];
}
