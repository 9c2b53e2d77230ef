import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { requireStaff } from '$lib/guard.server';
import { disconnectStaffSessions } from '$lib/server/realtime';
import { getServices } from '$lib/server/services';
import { ROLE_LABELS } from '$lib/shared/roles';
import { setSessionCookie } from '$lib/session-cookie.server';
import { enrolmentView, twoFactorActions } from '$lib/two-factor.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const user = requireStaff(locals, 'account:manage-own');
	const services = getServices();
	const twoFactor = services.twoFactor.status(user.id);
	return {
		account: {
			displayName: user.displayName,
			username: user.username,
			roleLabel: ROLE_LABELS[user.role]
		},
		signInEndsAt: locals.session?.endsAt ?? null,
		twoFactor: {
			...twoFactor,
			required: services.config.totpRequiredRoles.includes(user.role),
			enrolment: twoFactor.enabled ? null : await enrolmentView(user.id)
		}
	};
};

const changePasswordSchema = z
	.object({
		currentPassword: z.string().min(1, 'Enter your current password.').max(256),
		newPassword: z.string().min(1, 'Enter a new password.').max(256, 'Use at most 256 characters.'),
		confirmPassword: z.string().max(256)
	})
	.refine((value) => value.newPassword === value.confirmPassword, {
		path: ['confirmPassword'],
		message: 'The two new passwords do not match.'
	});

export const actions: Actions = {
	startTwoFactor: ({ locals }) =>
		twoFactorActions.start(requireStaff(locals, 'account:manage-own')),
	cancelTwoFactor: ({ locals }) =>
		twoFactorActions.cancel(requireStaff(locals, 'account:manage-own')),
	confirmTwoFactor: (event) =>
		twoFactorActions.confirm(requireStaff(event.locals, 'account:manage-own'), event),
	disableTwoFactor: (event) => {
		const user = requireStaff(event.locals, 'account:manage-own');
		if (getServices().config.totpRequiredRoles.includes(user.role)) {
			return fail(400, {
				disableErrors: {
					disableCode: 'Your role must use two-step sign-in, so it cannot be turned off.'
				}
			});
		}
		return twoFactorActions.disable(user, event);
	},
	changePassword: async ({ locals, request, cookies }) => {
		const user = requireStaff(locals, 'account:manage-own');
		const form = await request.formData();
		const text = (name: string) => {
			const value = form.get(name);
			return typeof value === 'string' ? value : '';
		};
		const parsed = changePasswordSchema.safeParse({
			currentPassword: text('currentPassword'),
			newPassword: text('newPassword'),
			confirmPassword: text('confirmPassword')
		});
		if (!parsed.success) {
			const errors: Record<string, string> = {};
			for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
			return fail(400, { errors });
		}
		const result = await getServices().accounts.changePassword(
			user.id,
			parsed.data.currentPassword,
			parsed.data.newPassword
		);
		if (!result.ok) return fail(400, { errors: { [result.field]: result.message } });
		disconnectStaffSessions(result.closed);
		setSessionCookie(cookies, result.newSession.token, result.newSession.expiresAt);
		return { changed: true };
	}
};
