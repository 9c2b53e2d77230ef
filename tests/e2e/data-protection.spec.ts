import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { expectNoSeriousA11yViolations } from './a11y';
import {
	BASE_URL,
	createStaffAccount,
	createTestReferral,
	expect,
	signInAs,
	test,
	testServices,
	type StaffAccount
} from './fixtures';
import { joinOnTablet } from './live-helpers';

test.describe.configure({ timeout: 60_000 });

const actor = (account: StaffAccount) => ({ id: account.id, role: account.role });
const unique = () => randomBytes(3).toString('hex');

/** A referral made through the domain (audited as "Record created"). */
function referral(coordinator: StaffAccount, firstName: string, lastName: string): string {
	return createTestReferral(coordinator, {
		firstName,
		lastName,
		phone: '07700 900456',
		referralReason: 'Protective parenting work',
		offenceSummary: 'Accused of offences against a child; under investigation.',
		needs: { literacy: false, language: '', disability: '', childcare: true },
		children: [{ initials: 'JD', age: 7 }]
	});
}

test('a coordinator filters the audit log by record and action, and downloads it as CSV', async ({
	page
}) => {
	const coordinator = await createStaffAccount('coordinator');
	const caseId = referral(coordinator, 'Hana', `Audit${unique()}`);
	await signInAs(page, coordinator);
	// Opening her record is itself logged.
	await page.goto(`/cases/${caseId}`);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Hana');

	await page.goto('/audit');
	await expect(page.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();
	await page.getByLabel('Action').selectOption({ label: 'Record viewed' });
	await page.getByLabel('Record number').fill(caseId);
	await page.getByRole('button', { name: 'Show entries' }).click();
	await expect(page).toHaveURL(new RegExp(`record=${caseId}`));
	await expect(page.getByTestId('audit-count')).toContainText('1 entry match this filter');
	const table = page.getByTestId('audit-table');
	await expect(table.getByRole('row')).toHaveCount(2);
	await expect(table).toContainText('Record viewed');
	await expect(table).toContainText(coordinator.displayName);
	await expect(table.getByRole('link', { name: caseId })).toHaveAttribute(
		'href',
		`/cases/${caseId}`
	);
	await expectNoSeriousA11yViolations(page);

	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Download these entries (CSV)' }).click();
	const file = await download;
	expect(file.suggestedFilename()).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
	const csv = readFileSync((await file.path())!, 'utf8')
		.trim()
		.split('\r\n');
	expect(csv[0]).toContain('"Staff member"');
	expect(csv).toHaveLength(2);
	expect(csv[1]).toContain('"Record viewed"');
	expect(csv[1]).toContain(`"${caseId}"`);

	// The export is itself in the log.
	await page.goto('/audit?action=audit.export');
	await expect(page.getByTestId('audit-table')).toContainText('Audit log exported');

	// A filter that makes no sense says so in plain English.
	await page.goto('/audit?from=2026-12-01&to=2026-11-01');
	await expect(page.getByTestId('error-summary')).toContainText(
		'The end date must be the same as or after the start date.'
	);
});

test('the audit log is for coordinators only', async ({ page }) => {
	const facilitator = await createStaffAccount('facilitator');
	await signInAs(page, facilitator);
	const response = await page.goto('/audit');
	expect(response?.status()).toBe(403);
	const post = await page.request.post('/audit/export', {
		headers: { origin: BASE_URL },
		form: { action: 'case.view' }
	});
	expect(post.status()).toBe(403);
});

test('a coordinator downloads her subject-access export as JSON and PDF, with nothing of another woman', async ({
	page
}) => {
	const coordinator = await createStaffAccount('coordinator');
	const last = `Subject${unique()}`;
	const caseId = referral(coordinator, 'Imani', last);
	const otherLast = `Other${unique()}`;
	referral(coordinator, 'Grace', otherLast);
	await signInAs(page, coordinator);
	await page.goto(`/cases/${caseId}`);
	const section = page.getByTestId('subject-access');

	const jsonDownload = page.waitForEvent('download');
	await section.getByRole('button', { name: 'Download as data file (JSON)' }).click();
	const json = await jsonDownload;
	expect(json.suggestedFilename()).toMatch(/^record-[a-z0-9]{8}-\d{4}-\d{2}-\d{2}\.json$/);
	expect(json.suggestedFilename()).not.toContain('Imani');
	const data = JSON.parse(readFileSync((await json.path())!, 'utf8')) as {
		record: { firstName: string; lastName: string; referral: { offenceSummary: string } };
		children: Array<{ initials: string }>;
		accessLog: Array<{ what: string }>;
	};
	expect(data.record).toMatchObject({ firstName: 'Imani', lastName: last });
	expect(data.record.referral.offenceSummary).toContain('under investigation');
	expect(data.children).toEqual([{ initials: 'JD', age: 7 }]);
	expect(data.accessLog.map((a) => a.what)).toContain('Record viewed');
	expect(JSON.stringify(data)).not.toContain(otherLast);

	const pdfDownload = page.waitForEvent('download');
	await section.getByRole('button', { name: 'Download as PDF (to give to her)' }).click();
	const pdf = await pdfDownload;
	expect(pdf.suggestedFilename()).toMatch(/^record-[a-z0-9]{8}-\d{4}-\d{2}-\d{2}\.pdf$/);
	const text = execFileSync('/usr/bin/pdftotext', ['-layout', (await pdf.path())!, '-']).toString();
	expect(text).toContain('Information we hold about you');
	expect(text).toContain(`Imani ${last}`);
	expect(text).toContain('JD (7)');
	expect(text).not.toContain(otherLast);

	// Both downloads are audited on her record.
	await page.goto(`/audit?action=case.subject-access&record=${caseId}`);
	await expect(page.getByTestId('audit-count')).toContainText('2 entries');
});

test('a facilitator cannot make a subject-access export', async ({ page }) => {
	const coordinator = await createStaffAccount('coordinator');
	const caseId = referral(coordinator, 'Jo', `Refused${unique()}`);
	const facilitator = await createStaffAccount('facilitator');
	await signInAs(page, facilitator);
	const response = await page.request.post(`/cases/${caseId}/subject-access`, {
		headers: { origin: BASE_URL },
		form: { format: 'json' }
	});
	expect(response.status()).toBe(403);
	expect(await response.text()).not.toContain('Jo');
});

test('the privacy notice is reachable from the join page, with a way back', async ({ page }) => {
	await page.setViewportSize({ width: 820, height: 1180 });
	await page.goto('/join');
	await page.getByRole('link', { name: /Your privacy/ }).click();
	await expect(page).toHaveURL(/\/privacy$/);
	await expect(page).toHaveTitle('Session');
	await expect(page.getByRole('heading', { name: 'Your privacy', level: 1 })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'What is anonymous' })).toBeVisible();
	await expect(page.getByText('we will always share it')).toBeVisible();
	await expect(page.getByText(/Your record is deleted 6 years\s+after/)).toBeVisible();
	await expect(page.getByText(/ask for a copy of everything we hold about you/)).toBeVisible();
	await expectNoSeriousA11yViolations(page);
	await page.screenshot({ path: 'test-results/privacy-notice-tablet.png', fullPage: true });
	await page.getByRole('link', { name: 'Back', exact: true }).click();
	await expect(page).toHaveURL(/\/join$/);
});

test('on the tablet, the privacy notice opens over the session and closing it keeps her place', async ({
	browser
}) => {
	const facilitator = await createStaffAccount('facilitator');
	const services = testServices();
	const created = services.live.create(actor(facilitator), {
		title: `Privacy ${unique()}`,
		moduleIds: ['introduction'],
		participants: ['Kerry']
	});
	services.live.command(actor(facilitator), created.id, { type: 'start' });
	services.live.command(actor(facilitator), created.id, { type: 'goto', index: 1 });
	const tablet = await joinOnTablet(browser, created.code, created.people[0]!.pin);
	const question = tablet.getByRole('main').getByRole('heading', { level: 2 }).first();
	await expect(question).toBeVisible();
	const before = await question.textContent();

	await tablet.getByRole('button', { name: 'Privacy', exact: true }).click();
	const dialog = tablet.getByRole('dialog', { name: 'Your privacy' });
	await expect(dialog).toBeVisible();
	await expect(dialog.getByRole('heading', { name: 'The sealed link' })).toBeVisible();
	await expect(dialog.getByText(/Only a\s+safeguarding lead\s+can open it/)).toBeVisible();
	await expectNoSeriousA11yViolations(tablet);
	await tablet.screenshot({ path: 'test-results/privacy-dialog-tablet.png' });
	await dialog.getByRole('button', { name: 'Back to the session' }).click();
	await expect(dialog).toBeHidden();
	await expect(tablet).toHaveURL(/\/tablet$/);
	await expect(question).toHaveText(before!);
	await expect(tablet.getByTestId('connection')).toHaveText(/Connected/);
	await tablet.context().close();
});

test('staff can read the same privacy notice the women see', async ({ page }) => {
	const mentor = await createStaffAccount('mentor');
	await signInAs(page, mentor);
	await page.goto('/dashboard');
	await page
		.getByRole('button', { name: /Mina Test|account/i })
		.first()
		.click();
	await page.getByRole('link', { name: 'Participants’ privacy notice' }).click();
	await expect(page.getByRole('heading', { name: 'Participants’ privacy notice' })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'When we must share' })).toBeVisible();
	await expectNoSeriousA11yViolations(page);
});

test('the audit screen at tablet size', async ({ page }) => {
	await page.setViewportSize({ width: 820, height: 1180 });
	const coordinator = await createStaffAccount('coordinator');
	referral(coordinator, 'Lena', `Screen${unique()}`);
	await signInAs(page, coordinator);
	await page.goto('/audit');
	await expect(page.getByTestId('audit-table')).toBeVisible();
	await expectNoSeriousA11yViolations(page);
	await page.screenshot({ path: 'test-results/audit-tablet.png', fullPage: true });
});

/** Fuzzed bodies to real form endpoints: never a server error, whatever arrives. */
test('form endpoints answer fuzzed bodies without a server error', async ({ page }) => {
	test.setTimeout(90_000);
	const coordinator = await createStaffAccount('coordinator');
	const caseId = referral(coordinator, 'Mara', `Fuzz${unique()}`);
	await signInAs(page, coordinator);
	const endpoints: Array<{ path: string; fields: string[] }> = [
		{ path: '/join', fields: ['code', 'pin'] },
		{ path: '/referrals/new', fields: ['firstName', 'lastName', 'children', 'relationshipStatus'] },
		{
			path: `/cases/${caseId}?/consent`,
			fields: ['informationSharing', 'limitsOfConfidentiality']
		},
		{ path: `/cases/${caseId}?/status`, fields: ['to', 'reason'] },
		{ path: `/cases/${caseId}?/contact`, fields: ['contactOn', 'kind', 'summary', 'concern'] },
		{ path: '/live?/create', fields: ['title', 'moduleIds', 'names'] },
		{ path: '/audit/export', fields: ['from', 'to', 'staff', 'action', 'record'] },
		{ path: `/cases/${caseId}/subject-access`, fields: ['format'] }
	];
	const value = fc.oneof(
		fc.string({ maxLength: 30 }),
		fc.constantFrom('', '0', '-1', '9999999999', 'true', '2026-02-30', '<b>x</b>', '\u0000', 'é😀'),
		fc.string({ minLength: 2000, maxLength: 6000 })
	);
	for (const endpoint of endpoints) {
		await fc.assert(
			fc.asyncProperty(
				fc.dictionary(
					fc.oneof(fc.constantFrom(...endpoint.fields), fc.string({ maxLength: 8 })),
					value,
					{
						maxKeys: 6
					}
				),
				async (form) => {
					const response = await page.request.post(endpoint.path, {
						headers: { origin: BASE_URL, accept: 'application/json' },
						form,
						maxRedirects: 0
					});
					expect(
						response.status(),
						`${endpoint.path} ${JSON.stringify(form).slice(0, 200)}`
					).toBeLessThan(500);
				}
			),
			{ numRuns: 12, seed: 424242 }
		);
	}
});

test('session cookies are HttpOnly, scoped to the site, SameSite and Secure in production', async ({
	request
}) => {
	const coordinator = await createStaffAccount('coordinator');
	const signIn = await request.post('/sign-in', {
		headers: { origin: BASE_URL, accept: 'text/html' },
		form: { username: coordinator.username, password: coordinator.password },
		maxRedirects: 0
	});
	expect(signIn.status()).toBe(303);
	const staffCookie = signIn
		.headersArray()
		.filter((h) => h.name.toLowerCase() === 'set-cookie')
		.map((h) => h.value)
		.find((v) => v.startsWith('cw_session='));
	expect(staffCookie).toBeDefined();
	expect(staffCookie).toMatch(/; HttpOnly/i);
	expect(staffCookie).toMatch(/; Secure/i);
	expect(staffCookie).toMatch(/; SameSite=Lax/i);
	expect(staffCookie).toMatch(/; Path=\//i);
	expect(staffCookie).not.toMatch(/; Domain=/i);

	const facilitator = await createStaffAccount('facilitator');
	const created = testServices().live.create(actor(facilitator), {
		title: `Cookies ${unique()}`,
		moduleIds: ['introduction'],
		participants: ['Nell']
	});
	const join = await request.post('/join', {
		headers: { origin: BASE_URL, accept: 'text/html' },
		form: { code: created.code, pin: created.people[0]!.pin },
		maxRedirects: 0
	});
	expect(join.status()).toBe(303);
	const tabletCookie = join
		.headersArray()
		.filter((h) => h.name.toLowerCase() === 'set-cookie')
		.map((h) => h.value)
		.find((v) => v.startsWith('cw_tablet='));
	expect(tabletCookie).toMatch(/; HttpOnly/i);
	expect(tabletCookie).toMatch(/; Secure/i);
	expect(tabletCookie).toMatch(/; SameSite=Strict/i);
	// Forgotten when the browser closes: no expiry.
	expect(tabletCookie).not.toMatch(/; (Expires|Max-Age)=/i);
});
