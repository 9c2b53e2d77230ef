import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/connection';
import { createSignInFailureStore } from '../db/sign-in-failures';
import { createStaffSessionStore } from '../db/staff-sessions';
import { createStaffUserStore } from '../db/staff-users';
import { createAccountService } from './accounts';
import { createSessionService, policyFrom } from './sessions';
import { createSignInService } from './sign-in';

async function setup(allowDemoAccounts = false) {
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
	const signIn = createSignInService({
		users,
		failures: createSignInFailureStore(db),
		policy: { maxFailures: 3, windowMs: 15 * 60_000 },
		allowDemoAccounts,
		now: () => clock
	});
	return { signIn, advance: (ms: number) => (clock += ms) };
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

	it('throttles a username after repeated failures, then lets it try again later', async () => {
		const { signIn, advance } = await setup();
		for (let i = 0; i < 3; i++) await signIn.signIn('Cora', 'wrong', `10.0.0.${i}`);
		const blocked = await signIn.signIn('Cora', 'the right password', '10.0.0.9');
		expect(blocked).toMatchObject({ ok: false, reason: 'throttled' });
		advance(15 * 60_000 + 1);
		expect(await signIn.signIn('Cora', 'the right password', '10.0.0.9')).toMatchObject({
			ok: true
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
