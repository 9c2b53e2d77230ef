import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './a11y';
import {
	BASE_URL,
	createEnrolledCase,
	createStaffAccount,
	expect,
	signInAs,
	test,
	testServices,
	type StaffAccount
} from './fixtures';

test.describe.configure({ timeout: 60_000 });

const suffix = () => randomBytes(3).toString('hex');
const actor = (account: StaffAccount) => ({ id: account.id, role: account.role });

/** A group of two facilitators, starting in the new year (its sessions are all ahead). */
async function createGroup(coordinator: StaffAccount) {
	const lead = await createStaffAccount('facilitator');
	const second = await createStaffAccount('facilitator');
	const name = `Tuesday evening ${suffix()}`;
	const id = testServices().cases.createGroup(actor(coordinator), {
		name,
		site: 'Riverside Family Centre',
		timeOfDay: 'evening',
		facilitatorId: lead.id,
		cofacilitatorId: second.id,
		startDate: '2027-01-05',
		startTime: '18:30'
	});
	return { id, name, lead, second };
}

/** A woman referred, assessed, allocated to the group and enrolled, straight through the domain. */
function enrolledCase(coordinator: StaffAccount, groupId: string | null, lastName: string) {
	return createEnrolledCase(
		coordinator,
		{
			firstName: 'Dawn',
			lastName,
			knownRisks: 'He may try to contact the children through her.',
			needs: { literacy: false, language: '', disability: '', childcare: true },
			children: [{ initials: 'JD', age: 7 }]
		},
		{
			groupId,
			suitability: groupId ? 'group' : 'one-to-one',
			familyDynamics: 'Lives with the two children.'
		}
	);
}

const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

test('a coordinator takes a referral through assessment, allocation and enrolment; she joins her group session and her hours count', async ({
	page
}) => {
	const coordinator = await createStaffAccount('coordinator');
	const group = await createGroup(coordinator);
	const lastName = `Ashworth-${suffix()}`;
	await signInAs(page, coordinator);

	// The empty form is refused, with a summary at the top and a message next to each field.
	await page.goto('/referrals/new');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('New referral');
	await page.getByRole('button', { name: 'Save referral' }).click();
	const summary = page.getByTestId('error-summary');
	await expect(summary).toBeVisible();
	await expect(summary).toBeFocused();
	for (const message of [
		'Enter her first name.',
		'Enter her last name.',
		'Enter the referrer’s name.',
		'Enter the local authority.',
		'Choose whether she is together with him or separated.',
		'Enter a brief description of what he is convicted or accused of.'
	]) {
		await expect(summary.getByRole('link', { name: message })).toBeVisible();
	}
	const firstName = page.getByLabel('First name');
	await expect(firstName).toHaveAttribute('aria-invalid', 'true');
	await expect(page.locator('#firstName-error')).toHaveText('Enter her first name.');
	await expect(firstName).toHaveAccessibleDescription('Enter her first name.');
	await summary.getByRole('link', { name: 'Enter her first name.' }).click();
	await expect(firstName).toBeFocused();

	// She is entered; the second child has initials but no age yet.
	await firstName.fill('Helen');
	await page.getByLabel('Last name').fill(lastName);
	await page.getByLabel("Referrer's name").fill('Priya Shah');
	await page.getByLabel('Their role').fill('Social worker');
	await page.getByLabel('Agency (optional)').fill("Northshire children's services");
	await page.getByLabel('Local authority').fill('Northshire');
	await page.getByLabel('How to contact the referrer').fill('priya.shah@northshire.example');
	const child1 = page.getByRole('group', { name: 'Child 1' });
	await child1.getByLabel('Initials').fill('ab');
	await child1.getByLabel('Age').fill('9');
	await page.getByRole('button', { name: 'Add another child' }).click();
	const child2 = page.getByRole('group', { name: 'Child 2' });
	await expect(child2.getByLabel('Initials')).toBeFocused();
	await child2.getByLabel('Initials').fill('CD');
	await page.getByRole('radio', { name: 'Separated' }).check();
	await page
		.getByLabel('What he is convicted or accused of')
		.fill('Convicted of sexual assault of a child outside the family.');
	await page.getByLabel('She needs childcare to attend').check();
	await page.getByRole('button', { name: 'Save referral' }).click();

	await expect(summary.getByRole('link')).toHaveText([
		'Enter the age of child 2, or clear the initials.'
	]);
	await expect(child2.getByLabel('Age')).toHaveAttribute('aria-invalid', 'true');
	// What she typed is kept.
	await expect(page.getByLabel('Last name')).toHaveValue(lastName);
	await expect(child1.getByLabel('Initials')).toHaveValue('ab');
	await expect(page.getByRole('radio', { name: 'Separated' })).toBeChecked();
	await expect(page.getByLabel('She needs childcare to attend')).toBeChecked();

	await child2.getByLabel('Age').fill('6');
	await page.getByRole('button', { name: 'Save referral' }).click();

	// Her record.
	await expect(page).toHaveURL(/\/cases\/[\w-]+$/);
	const record = page.url();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Helen ${lastName}`);
	const caseSummary = page.getByTestId('case-summary');
	await expect(caseSummary.getByTestId('status-badge')).toHaveText('Referred');
	await expect(caseSummary.getByTestId('hours-text')).toHaveText('0 hours of 20');
	await expect(page.getByTestId('children').locator('tbody tr')).toHaveText([
		/AB\s*9 years/,
		/CD\s*6 years/
	]);
	await expect(region(page, 'Allocation')).toContainText(
		'Allocation opens once the initial assessment is saved.'
	);

	// Consent, then the initial assessment, which moves her to Assessing.
	const consent = region(page, 'Consent');
	await consent.getByLabel('She agrees to information sharing').check();
	await consent.getByLabel('The limits of confidentiality have been explained').check();
	await consent.getByRole('button', { name: 'Save consent' }).click();
	await expect(consent.getByRole('status')).toHaveText('Consent saved.');
	await expect(consent.getByTestId('consent-recorded')).toContainText('Recorded on');

	const assessment = region(page, 'Initial assessment');
	await assessment
		.getByLabel('Family dynamics')
		.fill('Separated since the arrest; the children live with her.');
	await assessment.getByLabel('Counselling may help her').check();
	await assessment.getByRole('radio', { name: /^Group/ }).check();
	await assessment.getByRole('button', { name: 'Save assessment' }).click();
	await expect(assessment.getByRole('status')).toHaveText(
		'Assessment saved. Her status is now Assessing.'
	);
	await expect(caseSummary.getByTestId('status-badge')).toHaveText('Assessing');
	await expect(assessment.getByLabel('Family dynamics')).toHaveValue(
		'Separated since the arrest; the children live with her.'
	);

	// Allocation to the group.
	const allocation = region(page, 'Allocation');
	await expect(allocation.getByRole('radio', { name: 'Group' })).toBeChecked();
	await allocation.getByRole('combobox', { name: 'Group' }).selectOption(group.id);
	await allocation.getByRole('button', { name: 'Allocate' }).click();
	await expect(caseSummary.getByTestId('status-badge')).toHaveText('Allocated');
	await expect(caseSummary.getByTestId('summary-group')).toHaveText(group.name);

	// Enrolment creates her PIN.
	const enrolment = region(page, 'Enrolment');
	await enrolment.getByRole('button', { name: 'Enrol and create her PIN' }).click();
	const pin = enrolment.getByTestId('pin');
	await expect(pin).toHaveText(/^\s*\d{4}\s*$/);
	const pinText = (await pin.textContent())!.trim();
	await expect(caseSummary.getByTestId('status-badge')).toHaveText('In programme');
	await expect(caseSummary.getByTestId('summary-pin')).toHaveText(pinText);
	await expect(page.getByTestId('status-history')).toContainText('Allocated → In programme');

	// Her attendance now lists the group's ten sessions.
	await expect(page.getByTestId('attendance').locator('tbody tr')).toHaveCount(10);

	// The join card shows her first name only, the PIN and the join address.
	await enrolment.getByRole('link', { name: 'Print her session card' }).click();
	await expect(page).toHaveTitle('Session card');
	const card = page.locator('article.session-card');
	await expect(card.getByTestId('card-pin')).toHaveText(pinText);
	await expect(card).toContainText('Hello Helen');
	await expect(card).not.toContainText(lastName);
	await expect(card.getByTestId('card-join')).toHaveText(`${new URL(BASE_URL).host}/join`);
	await expect(card).toContainText('Type the code on the big screen, then this PIN.');
	await expect(card.locator('svg')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Print' })).toBeVisible();
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByRole('button', { name: 'Print' })).toBeHidden();
	await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
	await expect(card.getByTestId('card-pin')).toBeVisible();
	await page.emulateMedia({ media: 'screen' });

	// The list and the board both show her.
	await page.goto('/referrals?status=in-programme');
	await expect(page.getByTestId('referrals-table')).toContainText(`Helen ${lastName}`);
	await page.goto('/referrals?view=board');
	await expect(page.getByTestId('column-in-programme')).toContainText(`Helen ${lastName}`);
	await expect(page.getByTestId('column-referred')).not.toContainText(`Helen ${lastName}`);

	// On the day, her facilitator starts session 1 from the group, and she joins with her PIN.
	const facilitatorPage = await (await page.context().browser()!.newContext()).newPage();
	await signInAs(facilitatorPage, group.lead);
	await facilitatorPage.goto(`/groups/${group.id}`);
	await facilitatorPage
		.getByRole('button', { name: 'Start live session for session 1', exact: true })
		.click();
	await expect(facilitatorPage.getByTestId('people')).toContainText('Helen');
	const code = (await facilitatorPage.getByTestId('session-code').textContent())!.trim();
	const tablet = await (await page.context().browser()!.newContext()).newPage();
	await tablet.goto(`/join?code=${code}`);
	await tablet.getByLabel('Your PIN').fill(pinText);
	await tablet.getByRole('button', { name: 'Join' }).click();
	await expect(tablet.getByRole('heading', { name: 'Welcome, Helen' })).toBeVisible();

	// Her attendance is recorded, and the hours on her record count it.
	await page.goto(record);
	await expect(page.getByTestId('case-summary')).toContainText('2 hours of 20');
});

test('only the facilitators of her group can open her record, and they record attendance and catch-ups', async ({
	browser
}) => {
	const coordinator = await createStaffAccount('coordinator');
	const hers = await createGroup(coordinator);
	const other = await createGroup(coordinator);
	const lastName = `Brennan-${suffix()}`;
	const { id } = enrolledCase(coordinator, hers.id, lastName);

	const outsider = await (await browser.newContext()).newPage();
	await signInAs(outsider, other.lead);
	const refused = await outsider.goto(`/cases/${id}`);
	expect(refused?.status()).toBe(403);
	await expect(outsider.getByText('This record is not available to you.')).toBeVisible();
	await expect(outsider.getByText(lastName)).toHaveCount(0);
	expect((await outsider.goto(`/cases/${id}/card`))?.status()).toBe(403);

	const page = await (await browser.newContext()).newPage();
	await signInAs(page, hers.second);
	await page.goto(`/cases/${id}`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Dawn ${lastName}`);
	await expect(page.getByRole('heading', { name: 'Attendance' })).toBeVisible();
	// Read only outside attendance: no assessment form, no status buttons.
	await expect(page.getByRole('button', { name: 'Save assessment' })).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Save consent' })).toHaveCount(0);
	await expect(page.getByRole('button', { name: /Withdraw/ })).toHaveCount(0);
	await expect(page.getByRole('heading', { name: 'Log a contact' })).toHaveCount(0);

	const first = page.getByTestId('session-1');
	await expect(first.getByTestId('mark')).toHaveText('Not recorded');
	await first.getByText('Change').click();
	await first.getByLabel('Attendance', { exact: true }).selectOption('absent');
	await first.getByRole('button', { name: 'Save session 1' }).click();
	await expect(first.getByText('Give the reason she was absent.')).toBeVisible();
	await first.getByLabel('Reason if absent').fill('Child unwell');
	await first.getByRole('button', { name: 'Save session 1' }).click();
	await expect(first.getByTestId('mark')).toHaveText('Absent: Child unwell');
	await expect(page.getByTestId('missed-modules')).toContainText('Introduction');

	const second = page.getByTestId('session-2');
	await second.getByText('Change').click();
	await second.getByLabel('Attendance', { exact: true }).selectOption('late');
	await second.getByLabel('Minutes late').fill('15');
	await second.getByRole('button', { name: 'Save session 2' }).click();
	await expect(second.getByTestId('mark')).toHaveText('Late 15 min');
	await expect(page.getByTestId('hours-text')).toHaveText('1 hour 45 minutes of 20');

	// A catch-up of the missed module counts toward her hours.
	await page.getByLabel('Module').selectOption({ label: 'Introduction (missed)' });
	await page.getByLabel('Length in minutes').fill('90');
	await page.getByLabel('Note (optional)').fill('Went through the ground rules at her home.');
	await page.getByRole('button', { name: 'Record catch-up' }).click();
	await expect(page.getByTestId('catchups')).toContainText('Introduction');
	await expect(page.getByTestId('catchups')).toContainText('1 hour 30 minutes');
	await expect(page.getByTestId('hours-text')).toHaveText('3 hours 15 minutes of 20');
	await expect(page.getByTestId('missed-modules')).not.toContainText('Introduction');
});

test('mentors see only their own mentees, and a concern they log reaches the coordinator at once', async ({
	browser
}) => {
	const coordinator = await createStaffAccount('coordinator');
	const mentor = await createStaffAccount('mentor');
	const otherMentor = await createStaffAccount('mentor');
	const lastName = `Carver-${suffix()}`;
	const { id, pin } = enrolledCase(coordinator, null, lastName);

	// The coordinator matches her with the mentor from her record.
	const coordinatorPage = await (await browser.newContext()).newPage();
	await signInAs(coordinatorPage, coordinator);
	await coordinatorPage.goto(`/cases/${id}`);
	const mentoring = region(coordinatorPage, 'Mentoring');
	await mentoring.getByLabel('Mentor', { exact: true }).selectOption(mentor.id);
	await mentoring.getByRole('button', { name: 'Save mentor' }).click();
	await expect(mentoring.getByRole('status')).toHaveText('Mentor assigned.');
	await expect(coordinatorPage.getByTestId('summary-mentor')).toHaveText(mentor.displayName);

	const page = await (await browser.newContext()).newPage();
	await signInAs(page, mentor);
	await page.goto('/mentoring');
	await page
		.getByTestId('mentees')
		.getByRole('link', { name: `Dawn ${lastName}` })
		.click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Dawn ${lastName}`);
	// The mentor sees the summary, her hours and mentoring only.
	await expect(page.getByTestId('hours-text')).toHaveText('0 hours of 20');
	for (const hidden of ['Initial assessment', 'Attendance', 'Consent', 'Enrolment', 'Status']) {
		await expect(page.getByRole('heading', { name: hidden, exact: true })).toHaveCount(0);
	}
	await expect(page.getByText(pin, { exact: true })).toHaveCount(0);
	await expect(page.getByText('He may try to contact the children')).toHaveCount(0);
	expect((await page.request.get(`/cases/${id}/card`)).status()).toBe(403);

	const stranger = await (await browser.newContext()).newPage();
	await signInAs(stranger, otherMentor);
	await stranger.goto('/mentoring');
	await expect(stranger.getByText('No mentees yet')).toBeVisible();
	expect((await stranger.goto(`/cases/${id}`))?.status()).toBe(403);

	// A concern needs its details; then it goes to the coordinators.
	const log = region(page, 'Mentoring');
	await log.getByLabel('Kind of contact').selectOption('visit');
	await log
		.getByLabel('Summary')
		.fill('Visited at home. She talked about the contact arrangements.');
	await log.getByLabel('This is a concern').check();
	await log.getByRole('button', { name: 'Log contact' }).click();
	const errors = page.getByTestId('contact-errors');
	await expect(errors).toContainText('Describe the concern so a coordinator can act on it.');
	await expect(log.getByLabel('Summary')).toHaveValue(
		'Visited at home. She talked about the contact arrangements.'
	);
	const details = 'She said he collected the children from school on Friday, against the plan.';
	await log.getByLabel('Details of the concern').fill(details);
	await log.getByRole('button', { name: 'Log contact' }).click();
	await expect(log.getByRole('status')).toHaveText(
		'Contact logged. The concern has gone to the coordinators.'
	);
	await expect(page.getByTestId('contacts')).toContainText(details);

	await coordinatorPage.goto('/dashboard');
	const flag = coordinatorPage.getByTestId('dashboard-mentor-concerns');
	await expect(flag).toContainText('1 open concern from mentors');
	await expect(flag).toContainText(`Dawn ${lastName}`);
	await expect(flag).toContainText(details);
	await expect(flag).toContainText(`From ${mentor.displayName}`);
	await expect(flag).toHaveClass(/border-alert-600/);

	// Acknowledged from the mentoring page, it leaves the dashboard.
	await coordinatorPage.goto('/mentoring');
	const concerns = coordinatorPage.getByTestId('mentor-concerns');
	await expect(concerns).toContainText(details);
	await expect(coordinatorPage.getByTestId('mentees')).toContainText(`Dawn ${lastName}`);
	await concerns
		.getByRole('button', { name: `Acknowledge the concern about Dawn ${lastName}` })
		.click();
	await expect(coordinatorPage.getByRole('status')).toContainText('Concern acknowledged');
	await expect(concerns).not.toContainText(details);
	await coordinatorPage.goto('/dashboard');
	await expect(coordinatorPage.getByTestId('dashboard-mentor-concerns')).not.toContainText(details);
});

test('the referral pages, her record and the session card have no serious accessibility problems', async ({
	page
}) => {
	const coordinator = await createStaffAccount('coordinator');
	const group = await createGroup(coordinator);
	const { id } = enrolledCase(coordinator, group.id, `Dunmore-${suffix()}`);
	await signInAs(page, coordinator);

	await page.goto('/referrals');
	await expect(page.getByTestId('referrals-table')).toBeVisible();
	await expectNoSeriousA11yViolations(page);
	await page.goto('/referrals?view=board');
	await expect(page.getByTestId('referrals-board')).toBeVisible();
	await expectNoSeriousA11yViolations(page);

	await page.goto('/referrals/new');
	await expectNoSeriousA11yViolations(page);
	await page.getByRole('button', { name: 'Save referral' }).click();
	await expect(page.getByTestId('error-summary')).toBeVisible();
	await expectNoSeriousA11yViolations(page);

	await page.goto(`/cases/${id}`);
	await expect(page.getByTestId('attendance')).toBeVisible();
	await expectNoSeriousA11yViolations(page);

	await page.goto(`/cases/${id}/card`);
	await expect(page.getByTestId('card-pin')).toBeVisible();
	await expectNoSeriousA11yViolations(page);
});

test('without JavaScript the referral form still adds and removes children and keeps what was typed', async ({
	browser
}) => {
	const coordinator = await createStaffAccount('coordinator');
	const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
	await signInAs(page, coordinator);
	await page.goto('/referrals/new');
	await page.getByLabel('First name').fill('Nina');
	await page.getByRole('group', { name: 'Child 1' }).getByLabel('Initials').fill('XY');
	await page.getByRole('button', { name: 'Add another child' }).click();
	await expect(page.getByRole('group', { name: 'Child 2' })).toBeVisible();
	await expect(page.getByLabel('First name')).toHaveValue('Nina');
	await expect(page.getByRole('group', { name: 'Child 1' }).getByLabel('Initials')).toHaveValue(
		'XY'
	);
	await expect(page.getByTestId('error-summary')).toHaveCount(0);

	await page.getByRole('group', { name: 'Child 2' }).getByLabel('Initials').fill('ZZ');
	await page.getByRole('button', { name: 'Remove child 1' }).click();
	await expect(page.getByRole('group', { name: 'Child 2' })).toHaveCount(0);
	await expect(page.getByRole('group', { name: 'Child 1' }).getByLabel('Initials')).toHaveValue(
		'ZZ'
	);

	// Enter in a field saves the referral; it never adds or removes a child.
	await page.getByLabel('First name').press('Enter');
	const summary = page.getByTestId('error-summary');
	await expect(summary).toContainText('Enter the age of child 1, or clear the initials.');
	await expect(summary).toContainText('Enter her last name.');
	await expect(page.getByRole('group', { name: /^Child/ })).toHaveCount(1);
});
