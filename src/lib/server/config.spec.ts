import { describe, expect, it } from 'vitest';
import { parseConfig } from './config';

describe('configuration', () => {
	it('has safe defaults', () => {
		const config = parseConfig({});
		expect(config).toMatchObject({
			databasePath: './data/circlework.db',
			port: 3000,
			host: '127.0.0.1',
			demo: false,
			production: false,
			secureCookies: false
		});
	});

	it('uses Secure cookies in production', () => {
		expect(parseConfig({ NODE_ENV: 'production' }).secureCookies).toBe(true);
	});

	it('names the variable that is wrong', () => {
		expect(() => parseConfig({ PORT: 'eighty' })).toThrow(/PORT/);
	});

	it('reads the roles that must use two-step sign-in, none by default', () => {
		expect(parseConfig({}).totpRequiredRoles).toEqual([]);
		expect(
			parseConfig({ TOTP_REQUIRED_ROLES: 'coordinator, Facilitator,coordinator' }).totpRequiredRoles
		).toEqual(['coordinator', 'facilitator']);
		expect(() => parseConfig({ TOTP_REQUIRED_ROLES: 'coordinator,admin' })).toThrow(
			/TOTP_REQUIRED_ROLES/
		);
	});

	it('reads the lockout and idle-warning periods', () => {
		expect(parseConfig({})).toMatchObject({
			signInLockoutMs: 15 * 60_000,
			sessionWarningMs: 120_000
		});
		expect(
			parseConfig({ SIGN_IN_LOCKOUT_MINUTES: '30', SESSION_WARNING_MINUTES: '5' })
		).toMatchObject({ signInLockoutMs: 30 * 60_000, sessionWarningMs: 5 * 60_000 });
		expect(() => parseConfig({ SIGN_IN_LOCKOUT_MINUTES: '0' })).toThrow(/SIGN_IN_LOCKOUT_MINUTES/);
	});
});
