import { randomBytes } from 'node:crypto';
import type { Browser, Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './a11y';
import {
	createStaffAccount,
	expect,
	signInAs,
	signInWithForm,
	test,
	testServices
} from './fixtures';

const unique = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;

/** A page in a context of its own (axe needs one it made itself). */
async function freshPage(browser: Browser): Promise<Page> {
	return (await browser.newContext()).newPage();
}

async function screenshot(page: Page, name: string) {
	if (process.env.SCREENSHOT_DIR) {
		await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/${name}.png`, fullPage: true });
	}
}

test('a coordinator adds a facilitator, who signs in with the one-time password and must choose her own', async ({
	browser
}) => {
	const coordinator = await createStaffAccount('coordinator');
	const page = await freshPage(browser);
	await signInAs(page, coordinator);
	await page.goto('/accounts');
	await expect(page.getByRole('heading', { level: 1, name: 'Staff accounts' })).toBeVisible();
	await expectNoSeriousA11yViolations(page);
	await screenshot(page, 'accounts');

	await page.getByRole('link', { name: 'Add a staff account' }).click();
	await page.getByRole('button', { name: 'Create account' }).click();
	const summary = page.getByTestId('error-summary');
	await expect(summary).toContainText('Enter her full name.');
	await expect(summary).toContainText('Enter a username.');
	await expect(summary).toContainText('Choose a role.');
	await expect(summary).toBeFocused();

	const username = unique('fnewman');
	await page.getByLabel('Full name').fill('Fay Newman');
	await page.getByLabel('Username').fill(username);
	await page.getByRole('radio', { name: /Facilitator/ }).check();
	await page.getByRole('button', { name: 'Create account' }).click();
	const shown = page.getByTestId('one-time-password');
	await expect(shown).toContainText("Fay Newman's account is ready");
	await expect(shown).toContainText('It is shown only this once');
	const temporary = (await page.getByTestId('one-time-value').innerText()).trim();
	expect(temporary).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
	await expectNoSeriousA11yViolations(page);

	await page.goto('/accounts');
	const row = page.getByTestId('account-row').filter({ hasText: username });
	await expect(row).toContainText('Facilitator');
	await expect(row).toContainText('Has a one-time password');

	// She signs in with it, and can do nothing else until she has chosen her own password.
	const her = await freshPage(browser);
	await signInWithForm(her, username, temporary);
	await expect(her).toHaveURL(/\/sign-in\/new-password$/);
	await expect(her.getByRole('heading', { name: 'Choose your own password' })).toBeVisible();
	await her.goto('/groups');
	await expect(her).toHaveURL(/\/sign-in\/new-password$/);
	await expectNoSeriousA11yViolations(her);

	await her.getByLabel('New password', { exact: true }).fill(temporary);
	await her.getByLabel('New password again').fill(temporary);
	await her.getByRole('button', { name: 'Save my password' }).click();
	await expect(her.getByTestId('error-summary')).toContainText(
		'Choose a password different from the one-time password.'
	);
	await her.getByLabel('New password', { exact: true }).fill('my very own password');
	await her.getByLabel('New password again').fill('my very own password');
	await her.getByRole('button', { name: 'Save my password' }).click();
	await expect(her).toHaveURL(/\/dashboard$/);
	await expect(her.getByText('Welcome, Fay.')).toBeVisible();

	// The one-time password no longer works; hers does.
	const again = await freshPage(browser);
	await signInWithForm(again, username, temporary);
	await expect(again.getByRole('alert')).toContainText('not right');
	await signInWithForm(again, username, 'my very own password');
	await expect(again).toHaveURL(/\/dashboard$/);
	await Promise.all([page.context().close(), her.context().close(), again.context().close()]);
});

test('a coordinator deactivates a facilitator: her open session is refused at the next page load', async ({
	browser
}) => {
	const coordinator = await createStaffAccount('coordinator');
	const facilitator = await createStaffAccount('facilitator');
	const her = await freshPage(browser);
	await signInAs(her, facilitator);
	await her.goto('/dashboard');
	await expect(her.getByTestId('live-status')).toHaveText(/Live updates on/);

	const page = await freshPage(browser);
	await signInAs(page, coordinator);
	await page.goto(`/accounts/${facilitator.id}`);
	await expect(
		page.getByRole('heading', { level: 1, name: facilitator.displayName })
	).toBeVisible();

	// Cancel first: nothing happens.
	await page.getByRole('button', { name: 'Deactivate account' }).click();
	const dialog = page.getByRole('dialog', { name: /Deactivate Fay Test's account\?/ });
	await expect(dialog).toContainText('signed out at once on every device');
	await dialog.getByRole('button', { name: 'Cancel' }).click();
	await expect(dialog).toBeHidden();
	await expect(page.getByTestId('account-status')).toHaveText('Active');

	await page.getByRole('button', { name: 'Deactivate account' }).click();
	await dialog.getByRole('button', { name: 'Deactivate account' }).click();
	await expect(page.getByRole('status')).toContainText('She has been signed out everywhere.');
	await expect(page.getByTestId('account-status')).toHaveText('Deactivated');

	await expect(her.getByTestId('live-status')).not.toHaveText(/Live updates on/);
	await her.goto('/dashboard');
	await expect(her).toHaveURL(/\/sign-in/);
	await signInWithForm(her, facilitator.username, facilitator.password);
	await expect(her.getByRole('alert')).toContainText('not right');

	await page.getByRole('button', { name: 'Reactivate account' }).click();
	await expect(page.getByTestId('account-status')).toHaveText('Active');
	await signInWithForm(her, facilitator.username, facilitator.password);
	await expect(her).toHaveURL(/\/dashboard$/);

	// Her own account cannot be deactivated from here.
	await page.goto(`/accounts/${coordinator.id}`);
	await expect(page.getByRole('heading', { name: 'This is your account' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Deactivate account' })).toHaveCount(0);
	const actions = testServices()
		.db.prepare(
			"SELECT action FROM audit_log WHERE subject_type = 'staff_user' AND subject_id = ? ORDER BY id"
		)
		.all(facilitator.id) as Array<{ action: string }>;
	expect(actions.map((a) => a.action)).toEqual(
		expect.arrayContaining(['account.view', 'account.deactivate', 'account.reactivate'])
	);
	await Promise.all([page.context().close(), her.context().close()]);
});

test('a coordinator resets a password: the old one stops working and a new one-time password is shown once', async ({
	browser
}) => {
	const coordinator = await createStaffAccount('coordinator');
	const mentor = await createStaffAccount('mentor');
	const her = await freshPage(browser);
	await signInAs(her, mentor);
	await her.goto('/dashboard');

	const page = await freshPage(browser);
	await signInAs(page, coordinator);
	await page.goto(`/accounts/${mentor.id}`);
	await page.getByRole('button', { name: 'Reset password' }).click();
	const dialog = page.getByRole('dialog', { name: /Reset Mina Test's password\?/ });
	await dialog.getByRole('button', { name: 'Reset password' }).click();
	await expect(page.getByTestId('one-time-password')).toContainText('New one-time password');
	const temporary = (await page.getByTestId('one-time-value').innerText()).trim();
	await expectNoSeriousA11yViolations(page);

	await her.goto('/dashboard');
	await expect(her).toHaveURL(/\/sign-in/);
	await signInWithForm(her, mentor.username, mentor.password);
	await expect(her.getByRole('alert')).toContainText('not right');
	await signInWithForm(her, mentor.username, temporary);
	await expect(her).toHaveURL(/\/sign-in\/new-password$/);

	// Reloading the account page does not show the password again.
	await page.reload();
	await expect(page.getByTestId('one-time-password')).toHaveCount(0);
	await Promise.all([page.context().close(), her.context().close()]);
});

test('repeated failures lock the username with a plain message, the same for an unknown one; a coordinator unlocks', async ({
	browser
}) => {
	const facilitator = await createStaffAccount('facilitator');
	const coordinator = await createStaffAccount('coordinator');
	const page = await freshPage(browser);
	for (let attempt = 0; attempt < 5; attempt++) {
		await signInWithForm(page, facilitator.username, `wrong-${attempt}`);
		await expect(page.getByRole('alert')).toContainText('not right');
	}
	await signInWithForm(page, facilitator.username, facilitator.password);
	const locked =
		/^Too many failed attempts\. For your security, signing in with this username is locked until \d\d:\d\d\. Try again then, or ask a coordinator to unlock it\.$/;
	await expect(page.getByRole('alert')).toHaveText(locked);
	await expect(page).toHaveURL(/\/sign-in$/);
	await expectNoSeriousA11yViolations(page);

	// Someone guessing usernames learns nothing: an unknown one says exactly the same.
	const stranger = await freshPage(browser);
	const nobody = unique('nobody');
	for (let attempt = 0; attempt < 5; attempt++) {
		await signInWithForm(stranger, nobody, 'guess');
		await expect(stranger.getByRole('alert')).toContainText('not right');
	}
	await signInWithForm(stranger, nobody, 'guess');
	await expect(stranger.getByRole('alert')).toHaveText(locked);

	const coordinatorPage = await freshPage(browser);
	await signInAs(coordinatorPage, coordinator);
	await coordinatorPage.goto('/accounts');
	await expect(
		coordinatorPage.getByTestId('account-row').filter({ hasText: facilitator.username })
	).toContainText(/Locked until \d\d:\d\d/);
	await coordinatorPage.goto(`/accounts/${facilitator.id}`);
	await coordinatorPage.getByRole('button', { name: 'Unlock account' }).click();
	await expect(coordinatorPage.getByRole('status')).toContainText('The account is unlocked.');

	await signInWithForm(page, facilitator.username, facilitator.password);
	await expect(page).toHaveURL(/\/dashboard$/);
	const actions = testServices()
		.db.prepare(
			"SELECT action, actor_id AS actorId FROM audit_log WHERE subject_type = 'staff_user' AND subject_id = ? ORDER BY id"
		)
		.all(facilitator.id) as Array<{ action: string; actorId: string | null }>;
	expect(actions.filter((a) => a.action.startsWith('account.lock'))).toEqual([
		{ action: 'account.lock', actorId: null }
	]);
	expect(actions.filter((a) => a.action === 'account.unlock')).toEqual([
		{ action: 'account.unlock', actorId: coordinator.id }
	]);
	await Promise.all([
		page.context().close(),
		stranger.context().close(),
		coordinatorPage.context().close()
	]);
});
