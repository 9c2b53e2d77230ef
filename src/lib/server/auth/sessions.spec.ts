import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/connection';
import { createStaffSessionStore } from '../db/staff-sessions';
import { createStaffUserStore } from '../db/staff-users';
import { createAccountService } from './accounts';
import { createSessionService, policyFrom } from './sessions';

const MINUTE = 60_000;

async function setup(options: { allowDemoAccounts?: boolean } = {}) {
	const db = openDatabase(':memory:');
	const users = createStaffUserStore(db);
	const store = createStaffSessionStore(db);
	let clock = 1_800_000_000_000;
	const sessions = createSessionService({
		sessions: store,
		users,
		policy: policyFrom(120 * MINUTE, 12 * 60 * MINUTE),
		allowDemoAccounts: options.allowDemoAccounts ?? false,
		now: () => clock
	});
	const accounts = createAccountService({ users, sessions, now: () => clock });
	const { id } = await accounts.createUser(
		{ username: 'fay', displayName: 'Fay Adeyemi', role: 'facilitator' },
		'a long enough password'
	);
	return {
		db,
		store,
		sessions,
		accounts,
		users,
		userId: id,
		advance: (ms: number) => (clock += ms)
	};
}

describe('staff sessions', () => {
	it('creates a token whose secret is never stored', async () => {
		const { sessions, store, userId } = await setup();
		const { token, id } = sessions.create(userId);
		const [tokenId, secret] = token.split('.');
		expect(tokenId).toBe(id);
		expect(secret).toMatch(/^[a-z2-7]{25}$/);
		const stored = store.findById(id);
		expect(stored).toBeDefined();
		expect(Buffer.from(stored!.secretHash).toString('utf8')).not.toContain(secret);
		expect(stored!.secretHash.byteLength).toBe(32);
	});

	it('validates a good token and returns the user without the password hash', async () => {
		const { sessions, userId } = await setup();
		const { token } = sessions.create(userId);
		const session = sessions.validate(token);
		expect(session?.user).toEqual({
			id: userId,
			username: 'fay',
			displayName: 'Fay Adeyemi',
			role: 'facilitator',
			isSafeguardingLead: false
		});
	});

	it('refuses a token with a wrong secret or a malformed shape', async () => {
		const { sessions, userId } = await setup();
		const { id } = sessions.create(userId);
		expect(sessions.validate(`${id}.${'a'.repeat(25)}`)).toBeNull();
		expect(sessions.validate('nonsense')).toBeNull();
		expect(sessions.validate(`${id}.`)).toBeNull();
		expect(sessions.validate('')).toBeNull();
	});

	it('expires after the idle timeout and deletes the session', async () => {
		const { sessions, store, userId, advance } = await setup();
		const { token, id } = sessions.create(userId);
		advance(120 * MINUTE);
		expect(sessions.validate(token)).toBeNull();
		expect(store.findById(id)).toBeUndefined();
	});

	it('renews while in use, so activity keeps the session alive', async () => {
		const { sessions, userId, advance } = await setup();
		const { token, expiresAt } = sessions.create(userId);
		advance(100 * MINUTE);
		const renewed = sessions.validate(token);
		expect(renewed?.renewed).toBe(true);
		expect(renewed!.expiresAt).toBeGreaterThan(expiresAt);
		advance(100 * MINUTE); // 200 minutes after creation, but only 100 idle
		expect(sessions.validate(token)).not.toBeNull();
	});

	it('does not write on every request', async () => {
		const { sessions, userId, advance } = await setup();
		const { token } = sessions.create(userId);
		advance(MINUTE);
		expect(sessions.validate(token)?.renewed).toBe(false);
	});

	it('ends at the absolute lifetime even when in constant use', async () => {
		const { sessions, userId, advance } = await setup();
		const { token } = sessions.create(userId);
		for (let hour = 0; hour < 11; hour++) {
			advance(60 * MINUTE);
			expect(sessions.validate(token)).not.toBeNull();
		}
		advance(60 * MINUTE);
		expect(sessions.validate(token)).toBeNull();
	});

	it('invalidates one session on sign-out', async () => {
		const { sessions, userId } = await setup();
		const a = sessions.create(userId);
		const b = sessions.create(userId);
		sessions.invalidate(a.id);
		expect(sessions.validate(a.token)).toBeNull();
		expect(sessions.validate(b.token)).not.toBeNull();
	});

	it('invalidates every session when the password changes, and opens a new one', async () => {
		const { sessions, accounts, userId } = await setup();
		const a = sessions.create(userId);
		const b = sessions.create(userId);
		const result = await accounts.changePassword(
			userId,
			'a long enough password',
			'another long password'
		);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.closed.sort()).toEqual([a.id, b.id].sort());
		expect(sessions.validate(a.token)).toBeNull();
		expect(sessions.validate(b.token)).toBeNull();
		expect(sessions.validate(result.newSession.token)).not.toBeNull();
	});

	it('refuses a password change with the wrong current password', async () => {
		const { sessions, accounts, userId } = await setup();
		const a = sessions.create(userId);
		const result = await accounts.changePassword(userId, 'wrong', 'another long password');
		expect(result).toMatchObject({ ok: false, field: 'currentPassword' });
		expect(sessions.validate(a.token)).not.toBeNull();
	});

	it('refuses a too-short new password', async () => {
		const { accounts, userId } = await setup();
		const result = await accounts.changePassword(userId, 'a long enough password', 'short');
		expect(result).toMatchObject({ ok: false, field: 'newPassword' });
	});

	it('does not accept demo accounts outside demo mode', async () => {
		const { sessions, accounts } = await setup({ allowDemoAccounts: false });
		const demo = await accounts.createUser(
			{ username: 'demo', displayName: 'Demo', role: 'coordinator' },
			'circlework-demo',
			{ isDemo: true }
		);
		expect(sessions.validate(sessions.create(demo.id).token)).toBeNull();
	});

	it('checks without renewing when asked (the idle-warning poll is not activity)', async () => {
		const { sessions, userId, advance } = await setup();
		const { token, expiresAt } = sessions.create(userId);
		advance(100 * MINUTE);
		const polled = sessions.validate(token, { renew: false });
		expect(polled?.renewed).toBe(false);
		expect(polled?.expiresAt).toBe(expiresAt);
		advance(20 * MINUTE);
		expect(sessions.validate(token, { renew: false })).toBeNull();
	});

	it('extends on "Stay signed in", but never past the absolute lifetime', async () => {
		const { sessions, userId, advance } = await setup();
		const { token, id, expiresAt } = sessions.create(userId);
		advance(110 * MINUTE);
		const extended = sessions.extend(id);
		expect(extended!.expiresAt).toBe(expiresAt + 110 * MINUTE);
		expect(extended!.endsAt).toBe(expiresAt - 120 * MINUTE + 12 * 60 * MINUTE);
		advance(100 * MINUTE);
		expect(sessions.validate(token)).not.toBeNull();
		advance(11 * 60 * MINUTE);
		expect(sessions.extend(id)).toBeNull();
		expect(sessions.validate(token)).toBeNull();
	});
});
