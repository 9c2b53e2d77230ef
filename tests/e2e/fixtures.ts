import { randomBytes } from 'node:crypto';
import { test as base, expect, type Page } from '@playwright/test';
import { parseConfig } from '../../src/lib/server/config';
import { openDatabase, type Db } from '../../src/lib/server/db/connection';
import { createServices, type Services } from '../../src/lib/server/services';
import { SESSION_COOKIE_NAME } from '../../src/lib/shared/realtime-events';
import type { StaffRole } from '../../src/lib/shared/roles';

import { BASE_URL, E2E_DATABASE } from './e2e-env';

export { BASE_URL, E2E_DATABASE };

export interface StaffAccount {
	id: string;
	username: string;
	password: string;
	displayName: string;
	role: StaffRole;
}

let db: Db | undefined;
let services: Services | undefined;

/** The same database file the server under test uses (WAL lets both open it). */
export function testServices(): Services {
	if (!services) {
		db = openDatabase(E2E_DATABASE);
		services = createServices(
			db,
			parseConfig({ DATABASE_PATH: E2E_DATABASE, CIRCLEWORK_DEMO: 'false' })
		);
	}
	return services;
}

const NAMES: Record<StaffRole, string> = {
	coordinator: 'Cora Test',
	facilitator: 'Fay Test',
	mentor: 'Mina Test'
};

/** A fresh staff account with a unique username, so tests never share state. */
export async function createStaffAccount(
	role: StaffRole,
	options: { safeguardingLead?: boolean } = {}
): Promise<StaffAccount> {
	const username = `${role}-${randomBytes(4).toString('hex')}`;
	const password = `pw-${randomBytes(9).toString('base64url')}`;
	const displayName = NAMES[role];
	const { id } = await testServices().accounts.createUser(
		{ username, displayName, role, isSafeguardingLead: options.safeguardingLead ?? false },
		password
	);
	return { id, username, password, displayName, role };
}

/** Signs in by setting the session cookie directly (fast; the sign-in form has its own tests). */
export async function signInAs(page: Page, account: StaffAccount): Promise<void> {
	const session = testServices().sessions.create(account.id);
	await page.context().addCookies([
		{
			name: SESSION_COOKIE_NAME,
			value: session.token,
			url: BASE_URL,
			httpOnly: true,
			sameSite: 'Lax',
			secure: true
		}
	]);
}

export async function signInWithForm(page: Page, username: string, password: string) {
	await page.goto('/sign-in');
	await page.getByLabel('Username').fill(username);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
}

export const test = base;
export { expect };
