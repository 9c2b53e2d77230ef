import type { Cookies } from '@sveltejs/kit';
import { SESSION_COOKIE_NAME } from '$lib/shared/realtime-events';
import { getServices } from '$lib/server/services';

/** Sets the staff session cookie: HttpOnly, SameSite=Lax, Secure in production. */
export function setSessionCookie(cookies: Cookies, token: string, expiresAt: number): void {
	cookies.set(SESSION_COOKIE_NAME, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: getServices().config.secureCookies,
		expires: new Date(expiresAt)
	});
}

export function clearSessionCookie(cookies: Cookies): void {
	cookies.delete(SESSION_COOKIE_NAME, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: getServices().config.secureCookies
	});
}

export function readSessionCookie(cookies: Cookies): string | undefined {
	return cookies.get(SESSION_COOKIE_NAME);
}
