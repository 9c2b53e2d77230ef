import type { SessionRestriction, SessionUser } from '$lib/server/auth/sessions';

declare global {
	namespace App {
		interface Locals {
			user: SessionUser | null;
			sessionId: string | null;
			/** Set by the hook when the role may not open the page; the group layout shows a 403. */
			accessDenied: boolean;
			/** A step she must finish before anything else (see auth/restrictions.ts). */
			restriction: SessionRestriction;
			/** When the session expires unless used, and when it ends whatever the use. */
			session: { expiresAt: number; endsAt: number } | null;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
