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
});
