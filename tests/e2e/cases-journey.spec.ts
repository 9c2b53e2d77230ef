import { expectNoSeriousA11yViolations } from './a11y';
import { createStaffAccount, expect, signInAs, test, testServices } from './fixtures';

test.describe.configure({ timeout: 90_000 });

function referral(firstName: string) {
	return {
		firstName,
		lastName: 'Example',
		phone: '',
		referrerName: 'Sam Social',
		referrerRole: 'Social worker',
		referrerAgency: "Children's services",
		localAuthority: 'Northshire',
		referrerContact: 'sam@example.org',
		referralReason: 'Partner charged; children on a child protection plan.',
		relationshipStatus: 'separated' as const,
		offenceSummary: 'Charged with offences against a child in the family.',
		knownRisks: '',
		needs: { literacy: true, language: '', disability: '', childcare: true },
		children: [{ initials: 'AB', age: 9 }]
	};
}

test('a woman enrolled in a group joins the scheduled session with her PIN and her attendance and hours are recorded', async ({
	browser
}) => {
	const coordinator = await createStaffAccount('coordinator');
	const lead = await createStaffAccount('facilitator');
	const second = await createStaffAccount('facilitator');
	const cases = testServices().cases;
	const today = new Date().toISOString().slice(0, 10);
	const nowTime = new Intl.DateTimeFormat('en-GB', {
		timeZone: 'Europe/London',
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23'
	}).format(new Date());

	// Referral → initial assessment → allocation → enrolment (the record pages have their own tests).
	const groupId = cases.createGroup(coordinator, {
		name: `Riverside group ${Date.now()}`,
		site: 'Riverside Family Centre',
		timeOfDay: 'daytime',
		facilitatorId: lead.id,
		cofacilitatorId: second.id,
		startDate: today,
		startTime: nowTime
	});
	const caseId = cases.createReferral(coordinator, referral('Nadia'));
	cases.saveAssessment(coordinator, caseId, {
		familyDynamics: 'Lives with two children.',
		risks: '',
		needs: 'Reading support.',
		psychologicalFlag: false,
		psychologicalOutcome: '',
		counsellingFlag: true,
		counsellingOutcome: 'Referred to counselling.',
		suitability: 'group'
	});
	cases.allocate(coordinator, caseId, groupId, 'group');
	const pin = cases.enrol(coordinator, caseId);

	// The facilitator starts the live session from the group's first scheduled session.
	const consolePage = await (await browser.newContext()).newPage();
	await signInAs(consolePage, lead);
	await consolePage.goto('/dashboard');
	await expect(consolePage.getByTestId('upcoming-sessions')).toContainText('session 1');
	await consolePage
		.getByTestId('upcoming-sessions')
		.getByRole('link', { name: 'Open the group' })
		.click();
	await expect(consolePage).toHaveURL(new RegExp(`/groups/${groupId}$`));
	await expect(consolePage.getByTestId('group-members')).toContainText('Nadia Example');
	await expect(consolePage.getByTestId('group-members')).toContainText(`PIN ${pin}`);
	await expectNoSeriousA11yViolations(consolePage);
	await consolePage
		.getByRole('button', { name: 'Start live session for session 1', exact: true })
		.click();
	await expect(consolePage).toHaveURL(/\/console\//);
	await expect(consolePage.getByTestId('people')).toContainText('Nadia');
	await expect(consolePage.getByTestId('people')).toContainText(`PIN ${pin}`);
	const code = (await consolePage.getByTestId('session-code').textContent())!.trim();

	// She joins on a tablet with the code on the screen and the PIN from her card.
	const tablet = await (await browser.newContext()).newPage();
	await tablet.goto(`/join?code=${code}`);
	await tablet.getByLabel('Your PIN').fill(pin);
	await tablet.getByRole('button', { name: 'Join' }).click();
	await expect(tablet.getByRole('heading', { name: 'Welcome, Nadia' })).toBeVisible();
	await expect(consolePage.getByText('1 of 1 joined')).toBeVisible();

	// Her arrival is recorded against session 1, and counts toward her hours.
	await consolePage.goto(`/groups/${groupId}/register`);
	await expect(consolePage.getByTestId('register')).toContainText('Present');
	await expect(consolePage.getByTestId('register')).toContainText('2 h');
	await consolePage.goto(`/groups/${groupId}`);
	await expect(
		consolePage.getByRole('progressbar', { name: 'Nadia: hours toward 20' })
	).toHaveAttribute('aria-valuenow', '10');
	// The group page offers to reopen the running console rather than start another.
	await expect(
		consolePage.getByRole('button', { name: 'Open console for session 1', exact: true })
	).toBeVisible();
});

test('a facilitator only sees the groups she runs', async ({ browser }) => {
	const coordinator = await createStaffAccount('coordinator');
	const mine = await createStaffAccount('facilitator');
	const other = await createStaffAccount('facilitator');
	const third = await createStaffAccount('facilitator');
	const cases = testServices().cases;
	const groupId = cases.createGroup(coordinator, {
		name: `Hillside group ${Date.now()}`,
		site: 'Hillside',
		timeOfDay: 'evening',
		facilitatorId: mine.id,
		cofacilitatorId: other.id,
		startDate: '2026-12-01',
		startTime: '18:30'
	});
	const page = await (await browser.newContext()).newPage();
	await signInAs(page, third);
	expect((await page.goto(`/groups/${groupId}`))?.status()).toBe(403);
	expect((await page.goto(`/groups/${groupId}/register`))?.status()).toBe(403);
	await page.goto('/groups');
	await expect(page.getByText('Hillside group')).toHaveCount(0);
	expect((await page.goto('/groups/new'))?.status()).toBe(403);
});

test('a coordinator forms a group through the form, with errors first', async ({ browser }) => {
	const coordinator = await createStaffAccount('coordinator');
	const a = await createStaffAccount('facilitator');
	await createStaffAccount('facilitator');
	const page = await (await browser.newContext()).newPage();
	await signInAs(page, coordinator);
	await page.goto('/groups/new');
	await page.getByRole('button', { name: 'Create group and schedule ten sessions' }).click();
	await expect(page.getByRole('alert')).toContainText('Enter a name for the group.');
	await expect(page.getByRole('alert')).toContainText('Choose daytime or evening.');
	await page.getByLabel('Group name').fill('Northside Thursday group');
	await page.getByLabel('Site').fill('Northside Library');
	await page.getByLabel('Evening').check();
	await page.getByLabel('Lead facilitator').selectOption({ label: a.displayName });
	const options = await page.getByLabel('Second facilitator').locator('option').allTextContents();
	expect(options.length).toBeGreaterThan(2);
	await page.getByLabel('Second facilitator').selectOption({ index: 2 });
	await page.getByLabel('First session').fill('2026-12-03');
	await page.getByLabel('Start time').fill('18:30');
	await page.getByRole('button', { name: 'Create group and schedule ten sessions' }).click();
	await expect(
		page.getByRole('heading', { level: 1, name: 'Northside Thursday group' })
	).toBeVisible();
	await expect(page.getByTestId('group-sessions').getByRole('listitem')).toHaveCount(10);
	await expect(page.getByTestId('group-sessions')).toContainText('3 December 2026 at 18:30');
	await expect(page.getByTestId('group-sessions')).toContainText('4 February 2027 at 18:30');
});
