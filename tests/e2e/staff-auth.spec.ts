import { io } from 'socket.io-client';
import { expectNoSeriousA11yViolations } from './a11y';
import { BASE_URL, createStaffAccount, expect, signInAs, signInWithForm, test } from './fixtures';

test('a coordinator signs in, sees the dashboard, and signs out', async ({ page }) => {
	const coordinator = await createStaffAccount('coordinator');

	await signInWithForm(page, coordinator.username, coordinator.password);

	await expect(page).toHaveURL(/\/dashboard$/);
	await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
	await expect(page.getByText('Welcome, Cora.')).toBeVisible();
	const nav = page.getByRole('navigation', { name: 'Main' });
	for (const item of [
		'Live sessions',
		'Groups',
		'Referrals',
		'Programme',
		'Reports',
		'Safeguarding',
		'Staff accounts'
	]) {
		await expect(nav.getByRole('link', { name: item })).toBeVisible();
	}
	await expect(page.getByTestId('live-status')).toHaveText(/Live updates on/);
	await expectNoSeriousA11yViolations(page);

	await page.getByRole('button', { name: /Cora Test/ }).click();
	await page.getByRole('button', { name: 'Sign out' }).click();

	await expect(page).toHaveURL(/\/sign-in\?signedOut=1$/);
	await expect(page.getByRole('status')).toHaveText('You have signed out.');

	await page.goto('/dashboard');
	await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fdashboard$/);
	await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
});

test('a wrong password shows a clear error and keeps the username', async ({ page }) => {
	const coordinator = await createStaffAccount('coordinator');

	await signInWithForm(page, coordinator.username, 'not-the-password');

	await expect(page.getByRole('alert')).toHaveText(
		'The username or password is not right. Check them and try again.'
	);
	await expect(page.getByLabel('Username')).toHaveValue(coordinator.username);
	await expect(page).toHaveURL(/\/sign-in$/);
	await expectNoSeriousA11yViolations(page);
});

test('an empty form says which fields are missing', async ({ page }) => {
	await page.goto('/sign-in');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByText('Enter your username.')).toBeVisible();
	await expect(page.getByText('Enter your password.')).toBeVisible();
});

test('repeated failed sign-ins are throttled, even with the right password', async ({ page }) => {
	const facilitator = await createStaffAccount('facilitator');
	for (let attempt = 0; attempt < 5; attempt++) {
		await signInWithForm(page, facilitator.username, `wrong-${attempt}`);
		await expect(page.getByRole('alert')).toContainText('not right');
	}
	await signInWithForm(page, facilitator.username, facilitator.password);
	await expect(page.getByRole('alert')).toContainText('Too many failed attempts');
	await expect(page).toHaveURL(/\/sign-in$/);
});

test('a facilitator opening a coordinator-only page gets a 403 page', async ({ page }) => {
	const facilitator = await createStaffAccount('facilitator');
	await signInAs(page, facilitator);

	await page.goto('/dashboard');
	await expect(page.getByRole('navigation', { name: 'Main' })).not.toContainText('Staff accounts');
	await expect(page.getByRole('navigation', { name: 'Main' })).not.toContainText('Referrals');

	const response = await page.goto('/accounts');
	expect(response?.status()).toBe(403);
	await expect(
		page.getByRole('heading', { name: 'You do not have access to this page' })
	).toBeVisible();
	await expect(page.getByText('Cora Test')).toHaveCount(0);

	const referrals = await page.goto('/referrals');
	expect(referrals?.status()).toBe(403);
});

test('a mentor sees only the mentoring pages', async ({ page }) => {
	const mentor = await createStaffAccount('mentor');
	await signInAs(page, mentor);
	await page.goto('/dashboard');
	const nav = page.getByRole('navigation', { name: 'Main' });
	await expect(nav.getByRole('link')).toHaveText(['Dashboard', 'Mentoring']);
	expect((await page.goto('/groups'))?.status()).toBe(403);
	expect((await page.goto('/mentoring'))?.status()).toBe(200);
});

test('a signed-out visitor is sent to sign in, and back after signing in', async ({ page }) => {
	const coordinator = await createStaffAccount('coordinator');
	await page.goto('/programme');
	await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fprogramme$/);
	await page.getByLabel('Username').fill(coordinator.username);
	await page.getByLabel('Password').fill(coordinator.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(/\/programme$/);
	await expect(page.getByRole('heading', { level: 1, name: 'Programme' })).toBeVisible();
});

test('changing the password signs out every other session', async ({ browser }) => {
	const coordinator = await createStaffAccount('coordinator');
	const laptop = await browser.newPage();
	const phone = await browser.newPage();
	await signInAs(laptop, coordinator);
	await signInAs(phone, coordinator);
	await phone.goto('/dashboard');
	await expect(phone.getByTestId('live-status')).toHaveText(/Live updates on/);

	await laptop.goto('/account');
	await laptop.getByLabel('Current password').fill(coordinator.password);
	await laptop.getByLabel('New password', { exact: true }).fill('a brand new long password');
	await laptop.getByLabel('New password again').fill('a brand new long password');
	await laptop.getByRole('button', { name: 'Change password' }).click();
	await expect(laptop.getByRole('status')).toContainText('Your password has been changed');

	// The other device's live connection is closed at once, and its next page load asks to sign in.
	await expect(phone.getByTestId('live-status')).not.toHaveText(/Live updates on/);
	await phone.goto('/dashboard');
	await expect(phone).toHaveURL(/\/sign-in/);

	// The device that changed it stays signed in.
	await laptop.goto('/dashboard');
	await expect(laptop.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
	await laptop.close();
	await phone.close();
});

test('a socket connection without a session is refused with a clear error', async () => {
	const socket = io(BASE_URL, {
		path: '/socket.io',
		transports: ['websocket'],
		reconnection: false
	});
	const refusal = await new Promise<{ message: string; data?: { code: string } }>((resolve) => {
		socket.on('connect', () => resolve({ message: 'connected' }));
		socket.on('connect_error', (err: Error & { data?: { code: string } }) =>
			resolve({ message: err.message, data: err.data })
		);
	});
	socket.close();
	expect(refusal.data?.code).toBe('unauthenticated');
	expect(refusal.message).toBe('You are not signed in. Sign in again to continue.');
});

test('a socket connection with a forged session cookie is refused', async () => {
	const socket = io(BASE_URL, {
		path: '/socket.io',
		transports: ['websocket'],
		reconnection: false,
		extraHeaders: { cookie: 'cw_session=aaaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbb' }
	});
	const code = await new Promise<string>((resolve) => {
		socket.on('connect', () => resolve('connected'));
		socket.on('connect_error', (err: Error & { data?: { code: string } }) =>
			resolve(err.data?.code ?? err.message)
		);
	});
	socket.close();
	expect(code).toBe('unauthenticated');
});

test('pages carry the security headers', async ({ request }) => {
	const response = await request.get('/sign-in');
	const headers = response.headers();
	expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
	expect(headers['content-security-policy']).toContain("default-src 'self'");
	expect(headers['referrer-policy']).toBe('same-origin');
	expect(headers['x-content-type-options']).toBe('nosniff');
});
