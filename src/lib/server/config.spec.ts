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

	it('reads STUN and TURN servers for calls, and names a wrong value', () => {
		expect(parseConfig({}).iceServers).toEqual([]);
		expect(
			parseConfig({
				WEBRTC_ICE_SERVERS: '[{"urls":"stun:stun.example.org:3478"}]',
				STUN_URLS: 'stun:a.example.org, stun:b.example.org',
				TURN_URL: 'turn:turn.example.org:3478',
				TURN_USERNAME: 'circlework',
				TURN_CREDENTIAL: 'secret'
			}).iceServers
		).toEqual([
			{ urls: 'stun:stun.example.org:3478' },
			{ urls: ['stun:a.example.org', 'stun:b.example.org'] },
			{ urls: 'turn:turn.example.org:3478', username: 'circlework', credential: 'secret' }
		]);
		expect(() => parseConfig({ WEBRTC_ICE_SERVERS: 'not json' })).toThrow(/WEBRTC_ICE_SERVERS/);
		expect(() => parseConfig({ WEBRTC_ICE_SERVERS: '[{"urls":"http://x"}]' })).toThrow(
			/WEBRTC_ICE_SERVERS/
		);
		expect(() => parseConfig({ TURN_URL: 'http://x' })).toThrow(/TURN_URL/);
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
