import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/connection';
import { createAuditLogStore } from '../db/audit-log';
import { createSignInFailureStore } from '../db/sign-in-failures';
import { createSignInLockStore } from '../db/sign-in-locks';
import { createStaffSessionStore } from '../db/staff-sessions';
import { createStaffUserStore } from '../db/staff-users';
import { createAccountService } from './accounts';
import { createSessionService, policyFrom } from './sessions';
import { createSignInService } from './sign-in';

async function setup(allowDemoAccounts = false, addressMaxFailures?: number) {
	const db = openDatabase(':memory:');
	const users = createStaffUserStore(db);
	let clock = 1_800_000_000_000;
	const sessions = createSessionService({
		sessions: createStaffSessionStore(db),
		users,
		policy: policyFrom(60_000, 60_000),
		allowDemoAccounts
	});
	const accounts = createAccountService({ users, sessions });
	await accounts.createUser(
		{ username: 'Cora', displayName: 'Cora Bennett', role: 'coordinator' },
		'the right password'
	);
	await accounts.createUser(
		{ username: 'demo', displayName: 'Demo', role: 'coordinator' },
		'circlework-demo',
		{ isDemo: true }
	);
	const audit = createAuditLogStore(db);
	const signIn = createSignInService({
		users,
		failures: createSignInFailureStore(db),
		locks: createSignInLockStore(db),
		audit,
		policy: { maxFailures: 3, windowMs: 15 * 60_000, lockoutMs: 30 * 60_000, addressMaxFailures },
		allowDemoAccounts,
		now: () => clock
	});
	const cora = users.findByUsername('Cora')!;
	const actions = () => audit.forSubject('staff_user', cora.id).map((e) => e.action);
	return { signIn, cora, actions, clock: () => clock, advance: (ms: number) => (clock += ms) };
}

describe('sign-in', () => {
	it('accepts the right password, ignoring the case of the username', async () => {
		const { signIn } = await setup();
		expect(await signIn.signIn('cora', 'the right password', '10.0.0.1')).toMatchObject({
			ok: true
		});
	});

	it('gives the same answer for an unknown user and a wrong password', async () => {
		const { signIn } = await setup();
		expect(await signIn.signIn('nobody', 'x', '10.0.0.1')).toEqual({
			ok: false,
			reason: 'invalid'
		});
		expect(await signIn.signIn('Cora', 'x', '10.0.0.1')).toEqual({ ok: false, reason: 'invalid' });
	});

	it('locks a username after repeated failures for the lockout period, then lets it in', async () => {
		const { signIn, advance, clock, actions } = await setup();
		for (let i = 0; i < 3; i++) await signIn.signIn('Cora', 'wrong', `10.0.0.${i}`);
		const blocked = await signIn.signIn('Cora', 'the right password', '10.0.0.9');
		expect(blocked).toEqual({ ok: false, reason: 'locked', lockedUntil: clock() + 30 * 60_000 });
		expect(actions()).toEqual(['account.lock']);
		advance(20 * 60_000); // past the counting window, still inside the lockout
		expect(await signIn.signIn('Cora', 'the right password', '10.0.0.9')).toMatchObject({
			reason: 'locked'
		});
		advance(10 * 60_000 + 1);
		expect(await signIn.signIn('Cora', 'the right password', '10.0.0.9')).toMatchObject({
			ok: true
		});
		expect(actions()).toEqual(['account.lock', 'account.unlock']);
	});

	it('counts failures only within the window', async () => {
		const { signIn, advance } = await setup();
		await signIn.signIn('Cora', 'wrong', '10.0.0.1');
		await signIn.signIn('Cora', 'wrong', '10.0.0.1');
		advance(15 * 60_000 + 1);
		await signIn.signIn('Cora', 'wrong', '10.0.0.1');
		expect(await signIn.signIn('Cora', 'the right password', '10.0.0.1')).toMatchObject({
			ok: true
		});
	});

	it('locks an unknown username just the same, so a lock reveals nothing', async () => {
		const { signIn } = await setup();
		for (let i = 0; i < 3; i++) await signIn.signIn('nobody', 'wrong', '10.0.0.1');
		expect(await signIn.signIn('nobody', 'wrong', '10.0.0.2')).toMatchObject({
			ok: false,
			reason: 'locked'
		});
	});

	it('counts wrong second-step codes as failures', async () => {
		const { signIn, cora } = await setup();
		await signIn.signIn('Cora', 'wrong', '10.0.0.1');
		expect(signIn.secondFactorFailed(cora.id, '10.0.0.1')).toBeNull();
		expect(signIn.secondFactorFailed(cora.id, '10.0.0.1')).not.toBeNull();
		expect(signIn.lockedUntil(cora.id)).not.toBeNull();
		expect(await signIn.signIn('Cora', 'the right password', '10.0.0.1')).toMatchObject({
			reason: 'locked'
		});
	});

	it('a coordinator can unlock at once, and the unlock is audited with her as the actor', async () => {
		const { signIn, cora, actions } = await setup();
		for (let i = 0; i < 3; i++) await signIn.signIn('Cora', 'wrong', '10.0.0.1');
		expect(signIn.lockOf('cora')).not.toBeNull();
		expect(signIn.unlock('coordinator-id', cora.id)).toBe(true);
		expect(signIn.lockOf('cora')).toBeNull();
		expect(actions()).toEqual(['account.lock', 'account.unlock']);
		expect(await signIn.signIn('Cora', 'the right password', '10.0.0.1')).toMatchObject({
			ok: true
		});
		expect(signIn.unlock('coordinator-id', cora.id)).toBe(false);
	});

	it('pauses an address that fails for many usernames', async () => {
		const { signIn } = await setup();
		for (let i = 0; i < 30; i++) await signIn.signIn(`someone-${i}`, 'wrong', '10.9.9.9');
		expect(await signIn.signIn('Cora', 'the right password', '10.9.9.9')).toMatchObject({
			reason: 'throttled'
		});
		expect(await signIn.signIn('Cora', 'the right password', '10.0.0.1')).toMatchObject({
			ok: true
		});
	});

	it('pauses an address after the configured number of failures when one is set', async () => {
		const { signIn } = await setup(false, 4);
		for (let i = 0; i < 3; i++) await signIn.signIn(`someone-${i}`, 'wrong', '10.9.9.9');
		expect(await signIn.signIn('Cora', 'the right password', '10.9.9.9')).toMatchObject({
			ok: true
		});
		await signIn.signIn('someone-3', 'wrong', '10.9.9.9');
		expect(await signIn.signIn('Cora', 'the right password', '10.9.9.9')).toMatchObject({
			reason: 'throttled'
		});
	});

	it('refuses demo accounts outside demo mode, and accepts them in demo mode', async () => {
		expect(
			await (await setup(false)).signIn.signIn('demo', 'circlework-demo', '10.0.0.1')
		).toMatchObject({ ok: false });
		expect(
			await (await setup(true)).signIn.signIn('demo', 'circlework-demo', '10.0.0.1')
		).toMatchObject({ ok: true });
	});
});
