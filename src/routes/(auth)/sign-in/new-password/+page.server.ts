import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { requireStaff } from '$lib/guard.server';
import { disconnectStaffSessions } from '$lib/server/realtime';
import { getServices } from '$lib/server/services';
import { setSessionCookie } from '$lib/session-cookie.server';
import { formErrors } from '$lib/sign-in.server';
import type { Actions, PageServerLoad } from './$types';

const schema = z
	.object({
		newPassword: z.string().min(1, 'Enter a new password.').max(256, 'Use at most 256 characters.'),
		confirmPassword: z.string().max(256)
	})
	.refine((value) => value.newPassword === value.confirmPassword, {
		path: ['confirmPassword'],
		message: 'The two new passwords do not match.'
	});

export const load: PageServerLoad = ({ locals }) => {
	const user = requireStaff(locals, 'account:manage-own');
	return {
		displayName: user.displayName,
		needed: locals.restriction === 'change-password'
	};
};

export const actions: Actions = {
	default: async ({ locals, request, cookies }) => {
		const user = requireStaff(locals, 'account:manage-own');
		const form = await request.formData();
		const text = (name: string) => {
			const value = form.get(name);
			return typeof value === 'string' ? value : '';
		};
		const parsed = schema.safeParse({
			newPassword: text('newPassword'),
			confirmPassword: text('confirmPassword')
		});
		if (!parsed.success) return fail(400, { errors: formErrors(parsed.error.issues) });
		const result = await getServices().accounts.replaceTemporaryPassword(
			user.id,
			parsed.data.newPassword
		);
		if (!result.ok) return fail(400, { errors: { newPassword: result.message } });
		disconnectStaffSessions(result.closed);
		setSessionCookie(cookies, result.newSession.token, result.newSession.expiresAt);
		redirect(303, '/dashboard');
	}
};
