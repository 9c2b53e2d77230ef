import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import { pendingCookieOptions, sessionCookieOptions } from './cookies';

describe('session cookie', () => {
	it('is HttpOnly, SameSite=Lax, for the whole site, and Secure in production', () => {
		const production = parseConfig({ NODE_ENV: 'production' });
		expect(sessionCookieOptions(production.secureCookies)).toEqual({
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: true
		});
	});

	it('is not Secure in development (plain http on localhost), nor when turned off explicitly', () => {
		expect(sessionCookieOptions(parseConfig({}).secureCookies).secure).toBe(false);
		expect(
			sessionCookieOptions(
				parseConfig({ NODE_ENV: 'production', SECURE_COOKIES: 'false' }).secureCookies
			).secure
		).toBe(false);
	});

	it('the second-step cookie is HttpOnly and sent only to the sign-in pages', () => {
		expect(pendingCookieOptions(true)).toEqual({
			path: '/sign-in',
			httpOnly: true,
			sameSite: 'lax',
			secure: true
		});
	});
});
