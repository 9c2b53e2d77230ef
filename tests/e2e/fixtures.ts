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

type CaseService = Services['cases'];
type ReferralInput = Parameters<CaseService['createReferral']>[1];
type AssessmentInput = Parameters<CaseService['saveAssessment']>[2];
type Suitability = Parameters<CaseService['allocate']>[3];

const staffActor = (account: StaffAccount) => ({ id: account.id, role: account.role });

/** A referral made through the domain (audited as "Record created"); `details` overrides the defaults. */
export function createTestReferral(
	coordinator: StaffAccount,
	details: Partial<ReferralInput> & Pick<ReferralInput, 'firstName' | 'lastName'>
): string {
	return testServices().cases.createReferral(staffActor(coordinator), {
		phone: '',
		referrerName: 'Sam Okafor',
		referrerRole: 'Social worker',
		referrerAgency: "Children's services",
		localAuthority: 'Northshire',
		referrerContact: 'sam.okafor@northshire.example',
		referralReason: '',
		relationshipStatus: 'separated',
		offenceSummary: 'Accused of indecent images of children; under investigation.',
		knownRisks: '',
		needs: { literacy: false, language: '', disability: '', childcare: false },
		children: [],
		...details
	});
}

/**
 * A woman referred, assessed, allocated (to `groupId` for group work) and enrolled, straight
 * through the domain. Returns her record's id and her PIN.
 */
export function createEnrolledCase(
	coordinator: StaffAccount,
	details: Parameters<typeof createTestReferral>[1],
	placement: { groupId: string | null; suitability: Suitability; familyDynamics?: string }
): { id: string; pin: string } {
	const cases = testServices().cases;
	const actor = staffActor(coordinator);
	const id = createTestReferral(coordinator, details);
	const assessment: AssessmentInput = {
		familyDynamics: placement.familyDynamics ?? '',
		risks: '',
		needs: '',
		psychologicalFlag: false,
		psychologicalOutcome: '',
		counsellingFlag: false,
		counsellingOutcome: '',
		suitability: placement.suitability
	};
	cases.saveAssessment(actor, id, assessment);
	cases.allocate(actor, id, placement.groupId, placement.suitability);
	const pin = cases.enrol(actor, id);
	return { id, pin };
}
