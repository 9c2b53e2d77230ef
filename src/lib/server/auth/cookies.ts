/** The staff session cookie's attributes: HttpOnly, SameSite=Lax, Path=/, Secure in production. */
export function sessionCookieOptions(secure: boolean) {
	return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure };
}

export const PENDING_COOKIE_NAME = 'cw_pending';

/** The half-way cookie between password and code: only the sign-in pages ever receive it. */
export function pendingCookieOptions(secure: boolean) {
	return { path: '/sign-in', httpOnly: true, sameSite: 'lax' as const, secure };
}
