import { defineConfig, devices } from '@playwright/test';

import { E2E_DATABASE, E2E_PORT as PORT } from './tests/e2e/e2e-env';

/**
 * End-to-end tests drive Debian's Chromium against the production build, started
 * here with its own database file (removed first, so every run starts clean).
 */
export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: true,
	workers: 2,
	retries: 0,
	forbidOnly: true,
	timeout: 30_000,
	expect: { timeout: 7_000 },
	reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
	use: {
		baseURL: `http://localhost:${PORT}`,
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath: '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run'
			]
		}
	},
	projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
	webServer: {
		command: `rm -f ${E2E_DATABASE} ${E2E_DATABASE}-wal ${E2E_DATABASE}-shm && node server.js`,
		url: `http://localhost:${PORT}/health`,
		reuseExistingServer: false,
		timeout: 60_000,
		stdout: 'pipe',
		env: {
			NODE_ENV: 'production',
			PORT: String(PORT),
			HOST: '127.0.0.1',
			ORIGIN: `http://localhost:${PORT}`,
			DATABASE_PATH: E2E_DATABASE,
			CIRCLEWORK_DEMO: 'false',
			SIGN_IN_MAX_FAILURES: '5',
			// Every browser of the suite signs in from 127.0.0.1: the failures that specs make on
			// purpose must not add up to pausing that address for the specs that follow.
			SIGN_IN_ADDRESS_MAX_FAILURES: '10000'
		}
	}
});
