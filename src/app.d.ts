import type { SessionUser } from '$lib/server/auth/sessions';

declare global {
	namespace App {
		interface Locals {
			user: SessionUser | null;
			sessionId: string | null;
			/** Set by the hook when the role may not open the page; the group layout shows a 403. */
			accessDenied: boolean;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
