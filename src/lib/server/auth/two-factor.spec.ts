import { describe, expect, it } from 'vitest';
import { createAuditLogStore } from '../db/audit-log';
import { openDatabase } from '../db/connection';
import { createStaffTwoFactorStore } from '../db/staff-two-factor';
import { createStaffUserStore } from '../db/staff-users';
import { createStaffSessionStore } from '../db/staff-sessions';
import { createAccountService } from './accounts';
import { createSessionService, policyFrom } from './sessions';
import { totpCode } from './totp';
import { codeSchema, createTwoFactorService } from './two-factor';

const STEP = 30_000;

async function setup() {
	const db = openDatabase(':memory:');
	const users = createStaffUserStore(db);
	let clock = 1_800_000_000_000; // a step boundary
	const sessions = createSessionService({
		sessions: createStaffSessionStore(db),
		users,
		policy: policyFrom(60_000, 60_000),
		allowDemoAccounts: false
	});
	const { id } = await createAccountService({ users, sessions }).createUser(
		{ username: 'fay', displayName: 'Fay Adeyemi', role: 'facilitator' },
		'a long enough password'
	);
	const audit = createAuditLogStore(db);
	const service = createTwoFactorService({
		store: createStaffTwoFactorStore(db),
		users,
		audit,
		now: () => clock
	});
	return {
		service,
		users,
		userId: id,
		audit,
		now: () => clock,
		advance: (ms: number) => (clock += ms)
	};
}

async function enrolled() {
	const ctx = await setup();
	const { secret } = ctx.service.startEnrolment(ctx.userId);
	const result = ctx.service.confirmEnrolment(ctx.userId, totpCode(secret, ctx.now()));
	if (!result.ok) throw new Error(result.message);
	ctx.advance(STEP); // the enrolment code's step is spent
	return { ...ctx, secret, recoveryCodes: result.recoveryCodes };
}

describe('two-step sign-in (TOTP)', () => {
	it('is only turned on by a right code from the new secret', async () => {
		const { service, userId, users, now } = await setup();
		const { secret, uri, grouped } = service.startEnrolment(userId);
		expect(uri).toContain('otpauth://totp/Circlework:fay');
		expect(grouped.replace(/ /g, '')).toBe(secret);
		expect(service.confirmEnrolment(userId, '000000')).toMatchObject({ ok: false });
		expect(users.findById(userId)?.twoFactorEnabled).toBe(false);
		const result = service.confirmEnrolment(userId, totpCode(secret, now()));
		expect(result).toMatchObject({ ok: true });
		expect(users.findById(userId)?.twoFactorEnabled).toBe(true);
		expect(service.status(userId)).toEqual({ enabled: true, recoveryCodesLeft: 8 });
	});

	it('accepts the code of the step before and after, and no further', async () => {
		const { service, userId, secret, now } = await enrolled();
		expect(service.checkCode(userId, totpCode(secret, now() - 2 * STEP))).toEqual({
			ok: false,
			replayed: false
		});
		expect(service.checkCode(userId, totpCode(secret, now() + 2 * STEP))).toMatchObject({
			ok: false
		});
		expect(service.checkCode(userId, totpCode(secret, now() - STEP + 1))).toMatchObject({
			ok: false // the previous step is the enrolment code's, already used
		});
		expect(service.checkCode(userId, totpCode(secret, now()))).toMatchObject({ ok: true });
		expect(service.checkCode(userId, totpCode(secret, now() + STEP))).toMatchObject({ ok: true });
	});

	it('accepts the previous step when it has not been used (a slow phone clock)', async () => {
		const { service, userId, secret, now, advance } = await enrolled();
		advance(5 * STEP);
		expect(service.checkCode(userId, totpCode(secret, now() - STEP))).toMatchObject({ ok: true });
	});

	it('refuses a code used again within its window (replay)', async () => {
		const { service, userId, secret, now, advance } = await enrolled();
		const code = totpCode(secret, now());
		expect(service.checkCode(userId, code)).toMatchObject({ ok: true });
		expect(service.checkCode(userId, code)).toEqual({ ok: false, replayed: true });
		advance(STEP); // still inside the ±1 window
		expect(service.checkCode(userId, code)).toEqual({ ok: false, replayed: true });
	});

	it('accepts each recovery code once, and audits its use', async () => {
		const { service, userId, recoveryCodes, audit } = await enrolled();
		const code = recoveryCodes[0]!;
		expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
		expect(service.checkCode(userId, code.toUpperCase())).toEqual({
			ok: true,
			usedRecoveryCode: true
		});
		expect(service.checkCode(userId, code)).toMatchObject({ ok: false });
		expect(service.status(userId).recoveryCodesLeft).toBe(7);
		expect(audit.forSubject('staff_user', userId).map((e) => e.action)).toEqual([
			'two-factor.enable',
			'two-factor.recovery-code-used'
		]);
	});

	it('turns off only with the password and a current code', async () => {
		const { service, userId, secret, now, users } = await enrolled();
		expect(await service.disable(userId, 'wrong password', totpCode(secret, now()))).toMatchObject({
			ok: false,
			field: 'password'
		});
		expect(await service.disable(userId, 'a long enough password', '123456')).toMatchObject({
			ok: false,
			field: 'code'
		});
		expect(
			await service.disable(userId, 'a long enough password', totpCode(secret, now()))
		).toEqual({ ok: true });
		expect(users.findById(userId)?.twoFactorEnabled).toBe(false);
		expect(service.status(userId)).toEqual({ enabled: false, recoveryCodesLeft: 0 });
	});

	it('reads codes with spaces and dashes, and explains a malformed one', () => {
		expect(codeSchema.parse(' 123 456 ')).toBe('123456');
		expect(codeSchema.parse('ABCDE-FGHIJ')).toBe('abcdefghij');
		expect(codeSchema.safeParse('12345').success).toBe(false);
		expect(codeSchema.safeParse('').error?.issues[0]?.message).toBe(
			'Enter the 6-digit code from your authenticator app.'
		);
	});
});
