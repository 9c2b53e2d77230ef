import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import { createAuditLogStore } from '../db/audit-log';
import { openDatabase } from '../db/connection';
import { createStaffTwoFactorStore } from '../db/staff-two-factor';
import { createStaffUserStore } from '../db/staff-users';
import { createSecretBox, plainBox } from './secret-box';
import { totpCode } from './totp';
import { createTwoFactorService } from './two-factor';

describe('two-step secrets at rest', () => {
	it('are encrypted with the configured key, and only that key opens them', () => {
		const box = createSecretBox(randomBytes(32));
		const sealed = box.seal('JBSWY3DPEHPK3PXP');
		expect(sealed).toMatch(/^enc1:/);
		expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
		expect(box.open(sealed)).toBe('JBSWY3DPEHPK3PXP');
		expect(box.seal('JBSWY3DPEHPK3PXP')).not.toBe(sealed);
		expect(() => createSecretBox(randomBytes(32)).open(sealed)).toThrow();
		expect(() => plainBox.open(sealed)).toThrow(/TOTP_ENCRYPTION_KEY/);
		expect(box.open('JBSWY3DPEHPK3PXP')).toBe('JBSWY3DPEHPK3PXP'); // written before the key
	});

	it('are stored encrypted by the service when a key is set, and codes still check', () => {
		const db = openDatabase(':memory:');
		const users = createStaffUserStore(db);
		users.insert({
			id: 'u1',
			username: 'fay',
			displayName: 'Fay',
			role: 'facilitator',
			isSafeguardingLead: false,
			passwordHash: 'x',
			isDemo: false,
			createdAt: 0
		});
		const store = createStaffTwoFactorStore(db);
		const service = createTwoFactorService({
			store,
			users,
			audit: createAuditLogStore(db),
			box: createSecretBox(randomBytes(32))
		});
		const { secret } = service.startEnrolment('u1');
		expect(store.find('u1')?.pendingSecret).toMatch(/^enc1:/);
		expect(service.confirmEnrolment('u1', totpCode(secret, Date.now()))).toMatchObject({
			ok: true
		});
		expect(store.find('u1')?.secret).toMatch(/^enc1:/);
		expect(service.checkCode('u1', totpCode(secret, Date.now() + 30_000))).toMatchObject({
			ok: true
		});
	});

	it('refuses a key of the wrong length, naming the variable', () => {
		expect(() => parseConfig({ TOTP_ENCRYPTION_KEY: 'c2hvcnQ=' })).toThrow(/TOTP_ENCRYPTION_KEY/);
		expect(
			parseConfig({ TOTP_ENCRYPTION_KEY: randomBytes(32).toString('base64') }).totpEncryptionKey
		).toHaveLength(32);
		expect(parseConfig({}).totpEncryptionKey).toBeNull();
	});
});
