import {
	error,
	redirect,
	type Handle,
	type HandleServerError,
	type ServerInit
} from '@sveltejs/kit';
import { building } from '$app/environment';
import { can } from '$lib/shared/permissions';
import { accessFor } from '$lib/server/auth/route-access';
import { isIdlePoll, requiredStep } from '$lib/server/auth/restrictions';
import { closeSharedDatabase } from '$lib/server/db/connection';
import { attachRealtime, closeRealtime } from '$lib/server/realtime';
import { scheduleRetention } from '$lib/server/privacy/retention';
import { getServices } from '$lib/server/services';
import {
	clearSessionCookie,
	readSessionCookie,
	setSessionCookie
} from '$lib/session-cookie.server';

const RUNTIME_KEY = Symbol.for('circlework.runtime');

/**
 * Runs once when the server starts: opens the database (applying migrations) and
 * registers the realtime attach so the production entry can put socket.io on its
 * HTTP server without a second copy of the code.
 */
export const init: ServerInit = () => {
	if (building) return;
	const services = getServices();
	services.safeguarding.prepareRiskPhrases();
	// Deletes what has passed its retention period, daily by default (timers unref'd).
	const stopRetention = scheduleRetention(
		() => getServices().retention.run(),
		services.config.retention.intervalMs
	);
	(globalThis as Record<symbol, unknown>)[RUNTIME_KEY] = {
		attach: attachRealtime,
		close: async () => {
			stopRetention();
			await closeRealtime();
			closeSharedDatabase();
		}
	};
};

// `same-origin`: no referrer ever leaves the site (`no-referrer` would make browsers send
// `Origin: null` on form posts, which the CSRF check rightly refuses).
const SECURITY_HEADERS: Record<string, string> = {
	'referrer-policy': 'same-origin',
	'x-content-type-options': 'nosniff',
	'x-frame-options': 'DENY',
	'cross-origin-opener-policy': 'same-origin',
	'permissions-policy': 'camera=(self), microphone=(self), geolocation=(), payment=()'
};

export const handle: Handle = async ({ event, resolve }) => {
	const services = getServices();
	event.locals.user = null;
	event.locals.sessionId = null;
	event.locals.accessDenied = false;
	event.locals.restriction = null;
	event.locals.session = null;

	const token = readSessionCookie(event.cookies);
	if (token) {
		const renew = !isIdlePoll(event.route.id, event.request.method);
		const session = services.sessions.validate(token, { renew });
		if (session) {
			event.locals.user = session.user;
			event.locals.sessionId = session.id;
			event.locals.restriction = session.restriction;
			event.locals.session = { expiresAt: session.expiresAt, endsAt: session.endsAt };
			if (session.renewed) setSessionCookie(event.cookies, token, session.expiresAt);
		} else {
			clearSessionCookie(event.cookies);
		}
	}

	const access = accessFor(event.route.id);
	if (event.route.id !== null) {
		if (!access) error(404, 'Not found');
		if (access.kind === 'staff') {
			const user = event.locals.user;
			if (!user) {
				const back = event.url.pathname + event.url.search;
				redirect(303, `/sign-in?redirectTo=${encodeURIComponent(back)}`);
			}
			// A one-time password to replace, or two-step sign-in to set up, comes before anything else.
			const step = requiredStep(event.locals.restriction, event.route.id);
			if (step) redirect(303, step);
			if (!can(user.role, access.action)) {
				// A page render goes on to its group layout, which shows the app's own 403 page;
				// anything else (actions, data requests, endpoints) stops here.
				const pageRender =
					event.request.method === 'GET' &&
					!event.isDataRequest &&
					(event.request.headers.get('accept') ?? '').includes('text/html');
				if (!pageRender) error(403, 'This page is not available to your role.');
				event.locals.accessDenied = true;
			}
		}
	}

	const response = await resolve(event);
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
		if (!response.headers.has(name)) response.headers.set(name, value);
	}
	if (event.locals.user) response.headers.set('cache-control', 'no-store');
	return response;
};

export const handleError: HandleServerError = ({ error: err, status, message }) => {
	// Log the failure without request data: URLs, bodies and cookies may hold personal data.
	if (status >= 500) {
		const detail = err instanceof Error ? `${err.name}: ${err.message}` : 'unknown error';
		console.error(`[circlework] ${status} ${detail}`);
	}
	return { message: status >= 500 ? 'Something went wrong on our side.' : message };
};
