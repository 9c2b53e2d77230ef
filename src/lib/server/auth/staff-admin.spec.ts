import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import { openDatabase } from '../db/connection';
import { createServices } from '../services';
import { totpCode } from './totp';

async function setup(env: Record<string, string> = {}) {
	const services = createServices(
		openDatabase(':memory:'),
		parseConfig({ SIGN_IN_MAX_FAILURES: '3', ...env })
	);
	const { id: coraId } = await services.accounts.createUser(
		{ username: 'cora', displayName: 'Cora Bennett', role: 'coordinator' },
		'the right password'
	);
	const cora = { id: coraId };
	const actions = (id: string) =>
		services.staffAdmin && services.db
			? (
					services.db
						.prepare(
							"SELECT action FROM audit_log WHERE subject_type = 'staff_user' AND subject_id = ?"
						)
						.all(id) as Array<{ action: string }>
				).map((r) => r.action)
			: [];
	return { services, admin: services.staffAdmin, cora, actions };
}

describe('staff account management', () => {
	it('creates an account with a one-time password that must be changed', async () => {
		const { services, admin, cora, actions } = await setup();
		const created = await admin.create(cora, {
			username: 'fay',
			displayName: 'Fay Adeyemi',
			role: 'facilitator'
		});
		if (!created.ok) throw new Error(created.message);
		expect(created.temporaryPassword).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
		const result = await services.signIn.signIn('fay', created.temporaryPassword, '10.0.0.1');
		expect(result).toMatchObject({ ok: true });
		const session = services.sessions.create(created.id);
		expect(services.sessions.validate(session.token)?.restriction).toBe('change-password');
		expect(actions(created.id)).toEqual(['account.create']);

		const replaced = await services.accounts.replaceTemporaryPassword(
			created.id,
			created.temporaryPassword
		);
		expect(replaced).toMatchObject({ ok: false });
		const ok = await services.accounts.replaceTemporaryPassword(created.id, 'my own long password');
		expect(ok).toMatchObject({ ok: true });
		if (!ok.ok) return;
		expect(services.sessions.validate(session.token)).toBeNull();
		expect(services.sessions.validate(ok.newSession.token)?.restriction).toBeNull();
	});

	it('refuses a username already taken', async () => {
		const { admin, cora } = await setup();
		expect(
			await admin.create(cora, { username: 'CORA', displayName: 'Another', role: 'mentor' })
		).toMatchObject({ ok: false, message: expect.stringContaining('already taken') });
	});

	it('a coordinator cannot deactivate herself', async () => {
		const { admin, cora, services } = await setup();
		expect(admin.deactivate(cora, cora.id)).toMatchObject({
			ok: false,
			message: expect.stringContaining('your own account')
		});
		expect(services.users.findById(cora.id)?.active).toBe(true);
	});

	it('the last active coordinator cannot be deactivated', async () => {
		const { admin, cora, services } = await setup();
		const other = await admin.create(cora, {
			username: 'dee',
			displayName: 'Dee',
			role: 'coordinator'
		});
		if (!other.ok) throw new Error();
		const dee = { id: other.id };
		expect(admin.deactivate(dee, cora.id)).toMatchObject({ ok: true });
		// Cora was deactivated; now Dee is the last one, and Cora (were she signed in) could not remove her.
		expect(admin.deactivate(cora, dee.id)).toMatchObject({
			ok: false,
			message: expect.stringContaining('last active coordinator')
		});
		expect(services.users.findById(dee.id)?.active).toBe(true);
		expect(services.users.countActiveCoordinators()).toBe(1);
	});

	it('deactivation ends every session at once and refuses sign-in; reactivation allows it again', async () => {
		const { admin, cora, services, actions } = await setup();
		const fay = await admin.create(cora, {
			username: 'fay',
			displayName: 'Fay',
			role: 'facilitator'
		});
		if (!fay.ok) throw new Error();
		const a = services.sessions.create(fay.id);
		const b = services.sessions.create(fay.id);
		const result = admin.deactivate(cora, fay.id);
		expect(result).toMatchObject({ ok: true });
		if (!result.ok) return;
		expect(result.closed.sort()).toEqual([a.id, b.id].sort());
		expect(services.sessions.validate(a.token)).toBeNull();
		expect(await services.signIn.signIn('fay', fay.temporaryPassword, '10.0.0.1')).toMatchObject({
			ok: false
		});
		expect(admin.reactivate(cora, fay.id)).toEqual({ ok: true });
		expect(await services.signIn.signIn('fay', fay.temporaryPassword, '10.0.0.1')).toMatchObject({
			ok: true
		});
		expect(actions(fay.id)).toEqual(['account.create', 'account.deactivate', 'account.reactivate']);
	});

	it('resets a password and, when asked, two-step sign-in; ends sessions', async () => {
		const { admin, cora, services } = await setup();
		const fay = await admin.create(cora, {
			username: 'fay',
			displayName: 'Fay',
			role: 'facilitator'
		});
		if (!fay.ok) throw new Error();
		const { secret } = services.twoFactor.startEnrolment(fay.id);
		services.twoFactor.confirmEnrolment(fay.id, totpCode(secret, Date.now()));
		const session = services.sessions.create(fay.id);
		const reset = await admin.resetPassword(cora, fay.id, { resetTwoFactor: true });
		if (!reset.ok) throw new Error(reset.message);
		expect(reset.temporaryPassword).not.toBe(fay.temporaryPassword);
		expect(services.sessions.validate(session.token)).toBeNull();
		expect(services.users.findById(fay.id)).toMatchObject({
			mustChangePassword: true,
			twoFactorEnabled: false
		});
		expect(await admin.resetPassword(cora, cora.id, { resetTwoFactor: false })).toMatchObject({
			ok: false
		});
	});

	it('records a view of the list and of an account', async () => {
		const { admin, cora, actions } = await setup();
		admin.list(cora);
		admin.view(cora, cora.id);
		expect(actions('*')).toEqual(['accounts.list']);
		expect(actions(cora.id)).toEqual(['account.view']);
	});

	it('unlocks a locked account, and says when it was not locked', async () => {
		const { admin, cora, services } = await setup();
		const fay = await admin.create(cora, {
			username: 'fay',
			displayName: 'Fay',
			role: 'facilitator'
		});
		if (!fay.ok) throw new Error();
		for (let i = 0; i < 3; i++) await services.signIn.signIn('fay', 'wrong', '10.0.0.1');
		expect(admin.list(cora).find((a) => a.id === fay.id)?.lockedUntil).not.toBeNull();
		expect(admin.unlock(cora, fay.id)).toEqual({ ok: true });
		expect(admin.unlock(cora, fay.id)).toMatchObject({ ok: false });
		expect(await services.signIn.signIn('fay', fay.temporaryPassword, '10.0.0.1')).toMatchObject({
			ok: true
		});
	});

	it('sends a user of a role that requires two-step sign-in to set it up first', async () => {
		const { services, admin, cora } = await setup({ TOTP_REQUIRED_ROLES: 'facilitator' });
		const fay = await admin.create(cora, {
			username: 'fay',
			displayName: 'Fay',
			role: 'facilitator'
		});
		const mo = await admin.create(cora, { username: 'mona', displayName: 'Mona', role: 'mentor' });
		if (!fay.ok || !mo.ok) throw new Error();
		await services.accounts.replaceTemporaryPassword(fay.id, 'fay own long password');
		await services.accounts.replaceTemporaryPassword(mo.id, 'mo own long password');
		const faySession = services.sessions.create(fay.id);
		expect(services.sessions.validate(faySession.token)?.restriction).toBe('set-up-two-factor');
		expect(
			services.sessions.validate(services.sessions.create(mo.id).token)?.restriction
		).toBeNull();
		const { secret } = services.twoFactor.startEnrolment(fay.id);
		services.twoFactor.confirmEnrolment(fay.id, totpCode(secret, Date.now()));
		expect(services.sessions.validate(faySession.token)?.restriction).toBeNull();
	});
});
