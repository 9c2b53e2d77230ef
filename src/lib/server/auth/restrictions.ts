import type { SessionRestriction } from './sessions';

/** Where a restricted session must go, and the only routes it may open meanwhile. */
const STEPS: Record<Exclude<SessionRestriction, null>, { page: string; routes: string[] }> = {
	'change-password': {
		page: '/sign-in/new-password',
		routes: ['/(auth)/sign-in/new-password', '/(staff)/session']
	},
	'set-up-two-factor': {
		page: '/sign-in/set-up',
		routes: ['/(auth)/sign-in/set-up', '/(staff)/session']
	}
};

/**
 * The page a signed-in person must finish first (a one-time password to replace, two-step
 * sign-in to set up), or null when the route may be opened.
 */
export function requiredStep(
	restriction: SessionRestriction,
	routeId: string | null
): string | null {
	if (!restriction) return null;
	const step = STEPS[restriction];
	return routeId !== null && step.routes.includes(routeId) ? null : step.page;
}

/** The idle-warning poll checks the session without counting as activity. */
export function isIdlePoll(routeId: string | null, method: string): boolean {
	return routeId === '/(staff)/session' && method === 'GET';
}
