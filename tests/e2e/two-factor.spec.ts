import type { Browser, Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { expectNoSeriousA11yViolations } from './a11y';
import {
	createStaffAccount,
	expect,
	signInAs,
	signInWithForm,
	test,
	testServices,
	type StaffAccount
} from './fixtures';

/** A page in a context of its own (axe needs one it made itself). */
async function freshPage(browser: Browser): Promise<Page> {
	return (await browser.newContext()).newPage();
}

async function screenshot(page: Page, name: string) {
	if (process.env.SCREENSHOT_DIR) {
		await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/${name}.png`, fullPage: true });
	}
}

function codeFor(secret: string, at = Date.now()): string {
	return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({
		timestamp: at
	});
}

/** Turns on two-step sign-in from Your account, as she would, and returns the secret shown. */
async function enrol(page: Page): Promise<{ secret: string; recoveryCodes: string[] }> {
	await page.goto('/account');
	await page.getByRole('button', { name: 'Set up two-step sign-in' }).click();
	const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
	await page.getByLabel('6-digit code').fill(codeFor(secret));
	await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
	await expect(page.getByTestId('recovery-codes').getByRole('listitem')).toHaveCount(8);
	const recoveryCodes = await page
		.getByTestId('recovery-codes')
		.getByRole('listitem')
		.allInnerTexts();
	return { secret, recoveryCodes };
}

async function passwordStep(page: Page, account: StaffAccount) {
	await signInWithForm(page, account.username, account.password);
	await expect(page).toHaveURL(/\/sign-in\/code$/);
}

test('she sets up two-step sign-in on Your account with the QR code or the key', async ({
	page
}) => {
	const facilitator = await createStaffAccount('facilitator');
	await signInAs(page, facilitator);
	await page.goto('/account');
	await expect(page.getByTestId('sign-in-ends')).toHaveText(
		/^This sign-in ends at \d\d:\d\d, however busy you are\./
	);
	await page.getByRole('button', { name: 'Set up two-step sign-in' }).click();
	await expect(page.getByRole('figure')).toBeVisible();
	await expect(page.locator('figure svg')).toBeVisible();
	const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
	expect(secret).toMatch(/^[A-Z2-7]{32}$/);
	await expectNoSeriousA11yViolations(page);
	await screenshot(page, 'two-factor-enrolment');

	// A wrong code is refused, clearly, and nothing changes.
	await page.getByLabel('6-digit code').fill('000000');
	await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
	await expect(page.getByTestId('error-summary')).toContainText('That code did not match.');
	await expect(page.getByLabel('6-digit code')).toHaveAttribute('aria-invalid', 'true');
	// The same key stays after the error, so she need not scan again.
	await expect(page.getByTestId('totp-secret')).toHaveText(/\S/);
	expect((await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '')).toBe(secret);

	await page.getByLabel('6-digit code').fill(codeFor(secret));
	await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
	await expect(
		page.getByRole('status').filter({ hasText: 'Two-step sign-in is on.' })
	).toBeVisible();
	await expect(page.getByTestId('recovery-codes').getByRole('listitem')).toHaveCount(8);
	await page.reload();
	await expect(page.getByTestId('two-factor-status')).toContainText(
		'Two-step sign-in is on. You have 8 unused recovery codes.'
	);
	await expect(page.getByTestId('recovery-codes')).toHaveCount(0);
	await expectNoSeriousA11yViolations(page);
});

test('sign-in asks for the code after the password; a wrong or reused code is refused', async ({
	browser
}) => {
	const coordinator = await createStaffAccount('coordinator');
	const setup = await freshPage(browser);
	await signInAs(setup, coordinator);
	const { secret } = await enrol(setup);
	await setup.context().close();

	const page = await freshPage(browser);
	await page.goto('/groups');
	await page.getByLabel('Username').fill(coordinator.username);
	await page.getByLabel('Password').fill(coordinator.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(/\/sign-in\/code\?redirectTo=%2Fgroups$/);
	await expect(page.getByRole('heading', { name: 'Enter your code' })).toBeVisible();
	// The password alone opens nothing.
	await page.goto('/dashboard');
	await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fdashboard$/);
	await page.goBack();
	await expect(page).toHaveURL(/\/sign-in\/code/);

	await page.getByLabel('Code from your app').fill('123456');
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.getByTestId('error-summary')).toContainText(
		'That code is not right. Enter the newest 6-digit code from your authenticator app.'
	);
	await expectNoSeriousA11yViolations(page);
	await screenshot(page, 'two-factor-sign-in');

	// The enrolment code's 30 seconds are spent, so she types the app's next code.
	const code = codeFor(secret, Date.now() + 30_000);
	await page.getByLabel('Code from your app').fill(code);
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page).toHaveURL(/\/groups$/);

	// Someone who watched her type it cannot use the same code again.
	const other = await freshPage(browser);
	await passwordStep(other, coordinator);
	await other.getByLabel('Code from your app').fill(code);
	await other.getByRole('button', { name: 'Continue' }).click();
	await expect(other.getByTestId('error-summary')).toContainText('That code has just been used.');
	await expect(other).toHaveURL(/\/sign-in\/code$/);
	await Promise.all([page.context().close(), other.context().close()]);
});

test('a recovery code signs her in once', async ({ browser }) => {
	const mentor = await createStaffAccount('mentor');
	const setup = await freshPage(browser);
	await signInAs(setup, mentor);
	const { recoveryCodes } = await enrol(setup);
	await setup.context().close();

	const page = await freshPage(browser);
	await passwordStep(page, mentor);
	await page.getByLabel('Code from your app').fill(recoveryCodes[0]!);
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page).toHaveURL(/\/dashboard$/);

	const again = await freshPage(browser);
	await passwordStep(again, mentor);
	await again.getByLabel('Code from your app').fill(recoveryCodes[0]!);
	await again.getByRole('button', { name: 'Continue' }).click();
	await expect(again.getByTestId('error-summary')).toContainText('That code is not right.');
	await Promise.all([page.context().close(), again.context().close()]);
});

test('wrong codes count toward the lockout', async ({ browser }) => {
	const facilitator = await createStaffAccount('facilitator');
	const setup = await freshPage(browser);
	await signInAs(setup, facilitator);
	await enrol(setup);
	await setup.context().close();

	const page = await freshPage(browser);
	await passwordStep(page, facilitator);
	for (let attempt = 0; attempt < 4; attempt++) {
		await page.getByLabel('Code from your app').fill(`00000${attempt}`);
		await page.getByRole('button', { name: 'Continue' }).click();
		await expect(page.getByTestId('error-summary')).toContainText('That code is not right.');
	}
	await page.getByLabel('Code from your app').fill('000009');
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.getByTestId('error-summary')).toContainText(
		'Too many failed attempts. For your security, signing in with this username is locked until'
	);
	await expect(page.getByRole('link', { name: 'Sign in again' })).toBeVisible();
	await signInWithForm(page, facilitator.username, facilitator.password);
	await expect(page.getByRole('alert')).toContainText('Too many failed attempts');
	await page.context().close();
});

test('she turns it off with her password and a code', async ({ page }) => {
	const mentor = await createStaffAccount('mentor');
	await signInAs(page, mentor);
	const { secret } = await enrol(page);
	await page.goto('/account');
	await page.getByLabel('Your password', { exact: true }).fill('not my password');
	await page.getByLabel('Code from your app').fill(codeFor(secret, Date.now() + 30_000));
	await page.getByRole('button', { name: 'Turn off two-step sign-in' }).click();
	await expect(page.getByTestId('error-summary')).toContainText('Your password is not right.');
	await page.getByLabel('Your password', { exact: true }).fill(mentor.password);
	await page.getByLabel('Code from your app').fill(codeFor(secret, Date.now() + 30_000));
	await page.getByRole('button', { name: 'Turn off two-step sign-in' }).click();
	await expect(
		page.getByRole('status').filter({ hasText: 'Two-step sign-in is off.' })
	).toBeVisible();
	expect(testServices().users.findById(mentor.id)?.twoFactorEnabled).toBe(false);
});

test('the idle warning appears before the timeout, and Stay signed in keeps the session', async ({
	page
}) => {
	const facilitator = await createStaffAccount('facilitator');
	await signInAs(page, facilitator);
	await page.clock.install();
	const timing = page.waitForResponse((r) => r.url().endsWith('/session'));
	await page.goto('/dashboard');
	const { expiresInMs, warnBeforeMs } = (await (await timing).json()) as {
		expiresInMs: number;
		warnBeforeMs: number;
	};
	const warning = page.getByRole('dialog', { name: 'Are you still there?' });
	await expect(warning).toBeHidden();
	// The countdown is set once the page has read /session; moving the clock before that would
	// move it past nothing.
	const countdown = page.getByTestId('idle-warning');
	await expect(countdown).toHaveAttribute('data-scheduled', '1');

	await page.clock.fastForward(expiresInMs - warnBeforeMs - 60_000);
	await expect(warning).toBeHidden();
	await page.clock.fastForward(60_000 + 1_000);
	await expect(warning).toBeVisible();
	await expect(warning).toContainText("You'll be signed out in 2 minutes to protect the records.");
	await expect(warning.getByRole('button', { name: 'Stay signed in' })).toBeFocused();
	await expectNoSeriousA11yViolations(page);
	await screenshot(page, 'idle-warning');

	const db = testServices().db;
	const before = db
		.prepare('SELECT last_verified_at AS at FROM staff_sessions WHERE user_id = ?')
		.get(facilitator.id) as { at: number };
	const extended = page.waitForResponse(
		(r) => r.url().endsWith('/session') && r.request().method() === 'POST'
	);
	await warning.getByRole('button', { name: 'Stay signed in' }).click();
	expect((await extended).status()).toBe(200);
	await expect(warning).toBeHidden();
	const after = db
		.prepare('SELECT last_verified_at AS at FROM staff_sessions WHERE user_id = ?')
		.get(facilitator.id) as { at: number };
	expect(after.at).toBeGreaterThan(before.at);
	await page.reload();
	await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
	await expect(countdown).toHaveAttribute('data-scheduled', '1');

	// When the session has ended on the server, the timeout sends her to sign in and says why.
	testServices().sessions.invalidateAllForUser(facilitator.id);
	await page.clock.fastForward(expiresInMs + 5_000);
	await expect(page).toHaveURL(/\/sign-in\?reason=idle$/);
	await expect(page.getByTestId('sign-in-reason')).toContainText(
		'You were signed out because Circlework was not used for a while on this device.'
	);
});
