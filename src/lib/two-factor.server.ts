import { fail, type RequestEvent } from '@sveltejs/kit';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { SessionUser } from '$lib/server/auth/sessions';
import { getServices } from '$lib/server/services';
import { formErrors } from '$lib/sign-in.server';

/** The enrolment under way for this person: a QR code and the secret to type by hand. */
export async function enrolmentView(userId: string) {
	const pending = getServices().twoFactor.pendingEnrolment(userId);
	if (!pending) return null;
	const qrSvg = await QRCode.toString(pending.uri, {
		type: 'svg',
		margin: 1,
		errorCorrectionLevel: 'M',
		color: { dark: '#24201c', light: '#ffffff' }
	});
	return { qrSvg, secret: pending.grouped };
}

const confirmSchema = z.object({
	code: z
		.string()
		.transform((value) => value.replace(/\s/g, ''))
		.pipe(
			z
				.string()
				.min(1, 'Enter the 6-digit code your app shows for Circlework.')
				.regex(/^\d{6}$/, 'Enter the 6 digits your app shows, without letters.')
		)
});

const disableSchema = z.object({
	disablePassword: z.string().min(1, 'Enter your password.').max(256, 'That password is too long.'),
	disableCode: z
		.string()
		.trim()
		.min(1, 'Enter the code from your app.')
		.max(30, 'That code is too long.')
});

function text(form: FormData, name: string): string {
	const value = form.get(name);
	return typeof value === 'string' ? value : '';
}

/** Form actions shared by the forced set-up step and Your account. */
export const twoFactorActions = {
	start(user: SessionUser) {
		getServices().twoFactor.startEnrolment(user.id);
		return { twoFactor: 'started' as const };
	},

	cancel(user: SessionUser) {
		getServices().twoFactor.cancelEnrolment(user.id);
		return { twoFactor: 'cancelled' as const };
	},

	async confirm(user: SessionUser, event: RequestEvent) {
		const parsed = confirmSchema.safeParse({ code: text(await event.request.formData(), 'code') });
		if (!parsed.success) {
			return fail(400, { twoFactorErrors: formErrors(parsed.error.issues) });
		}
		const result = getServices().twoFactor.confirmEnrolment(user.id, parsed.data.code);
		if (!result.ok) return fail(400, { twoFactorErrors: { code: result.message } });
		return { twoFactor: 'enabled' as const, recoveryCodes: result.recoveryCodes };
	},

	async disable(user: SessionUser, event: RequestEvent) {
		const form = await event.request.formData();
		const parsed = disableSchema.safeParse({
			disablePassword: text(form, 'disablePassword'),
			disableCode: text(form, 'disableCode')
		});
		if (!parsed.success) {
			return fail(400, { disableErrors: formErrors(parsed.error.issues) });
		}
		const result = await getServices().twoFactor.disable(
			user.id,
			parsed.data.disablePassword,
			parsed.data.disableCode
		);
		if (!result.ok) {
			return fail(400, {
				disableErrors: {
					[result.field === 'password' ? 'disablePassword' : 'disableCode']: result.message
				}
			});
		}
		return { twoFactor: 'disabled' as const };
	}
};
