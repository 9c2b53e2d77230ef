import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { requireStaff } from '$lib/guard.server';
import { disconnectStaffSessions } from '$lib/server/realtime';
import { getServices } from '$lib/server/services';
import { ROLE_LABELS } from '$lib/shared/roles';
import type { Actions, PageServerLoad } from './$types';

const idSchema = z.string().regex(/^[a-z2-7]{25}$/);

function accountId(params: { id: string }): string {
	const parsed = idSchema.safeParse(params.id);
	if (!parsed.success) error(404, 'There is no such account.');
	return parsed.data;
}

export const load: PageServerLoad = ({ locals, params }) => {
	const actor = requireStaff(locals, 'accounts:manage');
	const account = getServices().staffAdmin.view(actor, accountId(params));
	if (!account) error(404, 'There is no such account.');
	return {
		account: {
			id: account.id,
			displayName: account.displayName,
			username: account.username,
			roleLabel: ROLE_LABELS[account.role],
			isSafeguardingLead: account.isSafeguardingLead,
			active: account.active,
			twoFactorEnabled: account.twoFactorEnabled,
			mustChangePassword: account.mustChangePassword,
			lockedUntil: account.lockedUntil,
			createdAt: account.createdAt,
			isYou: account.id === actor.id
		}
	};
};

export const actions: Actions = {
	deactivate: ({ locals, params }) => {
		const actor = requireStaff(locals, 'accounts:manage');
		const result = getServices().staffAdmin.deactivate(actor, accountId(params));
		if (!result.ok) return fail(400, { error: result.message });
		// Her open pages lose their live connection at once; the next page load asks her to sign in.
		disconnectStaffSessions(result.closed);
		return { done: 'deactivated' as const };
	},
	reactivate: ({ locals, params }) => {
		const actor = requireStaff(locals, 'accounts:manage');
		const result = getServices().staffAdmin.reactivate(actor, accountId(params));
		if (!result.ok) return fail(400, { error: result.message });
		return { done: 'reactivated' as const };
	},
	resetPassword: async ({ locals, params, request }) => {
		const actor = requireStaff(locals, 'accounts:manage');
		const form = await request.formData();
		const result = await getServices().staffAdmin.resetPassword(actor, accountId(params), {
			resetTwoFactor: form.get('resetTwoFactor') === 'on'
		});
		if (!result.ok) return fail(400, { error: result.message });
		disconnectStaffSessions(result.closed);
		return { done: 'reset' as const, temporaryPassword: result.temporaryPassword };
	},
	unlock: ({ locals, params }) => {
		const actor = requireStaff(locals, 'accounts:manage');
		const result = getServices().staffAdmin.unlock(actor, accountId(params));
		if (!result.ok) return fail(400, { error: result.message });
		return { done: 'unlocked' as const };
	}
};
