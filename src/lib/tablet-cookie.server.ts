import type { Cookies } from '@sveltejs/kit';
import { TABLET_COOKIE_NAME } from '$lib/shared/realtime-events';
import { getServices } from '$lib/server/services';

/**
 * The tablet's participant token: HttpOnly, SameSite=Strict, and a browser-session cookie
 * (no expiry), so closing the browser on a shared tablet forgets it.
 */
export function setTabletCookie(cookies: Cookies, token: string): void {
	cookies.set(TABLET_COOKIE_NAME, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'strict',
		secure: getServices().config.secureCookies
	});
}

export function clearTabletCookie(cookies: Cookies): void {
	cookies.delete(TABLET_COOKIE_NAME, {
		path: '/',
		httpOnly: true,
		sameSite: 'strict',
		secure: getServices().config.secureCookies
	});
}

export function readTabletCookie(cookies: Cookies): string | undefined {
	return cookies.get(TABLET_COOKIE_NAME);
}
