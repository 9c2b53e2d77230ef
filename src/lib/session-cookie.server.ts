import type { Cookies } from '@sveltejs/kit';
import { SESSION_COOKIE_NAME } from '$lib/shared/realtime-events';
import {
	PENDING_COOKIE_NAME,
	pendingCookieOptions,
	sessionCookieOptions
} from '$lib/server/auth/cookies';
import { getServices } from '$lib/server/services';

/** Sets the staff session cookie: HttpOnly, SameSite=Lax, Secure in production. */
export function setSessionCookie(cookies: Cookies, token: string, expiresAt: number): void {
	cookies.set(SESSION_COOKIE_NAME, token, {
		...sessionCookieOptions(getServices().config.secureCookies),
		expires: new Date(expiresAt)
	});
}

export function clearSessionCookie(cookies: Cookies): void {
	cookies.delete(SESSION_COOKIE_NAME, sessionCookieOptions(getServices().config.secureCookies));
}

export function readSessionCookie(cookies: Cookies): string | undefined {
	return cookies.get(SESSION_COOKIE_NAME);
}

/** The cookie that carries a sign-in from the password to the code from her app. */
export function setPendingCookie(cookies: Cookies, token: string, expiresAt: number): void {
	cookies.set(PENDING_COOKIE_NAME, token, {
		...pendingCookieOptions(getServices().config.secureCookies),
		expires: new Date(expiresAt)
	});
}

export function readPendingCookie(cookies: Cookies): string | undefined {
	return cookies.get(PENDING_COOKIE_NAME);
}

export function clearPendingCookie(cookies: Cookies): void {
	cookies.delete(PENDING_COOKIE_NAME, pendingCookieOptions(getServices().config.secureCookies));
}
