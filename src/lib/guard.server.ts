import { error, redirect } from '@sveltejs/kit';
import { can, type Action } from '$lib/shared/permissions';
import type { SessionUser } from '$lib/server/auth/sessions';

/**
 * Per-route check, on top of the guard in hooks.server.ts: the signed-in staff user,
 * or a redirect to sign in, or a 403 when the role may not perform the action.
 */
export function requireStaff(locals: App.Locals, action: Action): SessionUser {
	const user = locals.user;
	if (!user) redirect(303, '/sign-in');
	if (!can(user.role, action)) error(403, 'This page is not available to your role.');
	return user;
}
