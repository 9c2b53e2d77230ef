import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { seedDemoSelfAssessment } from '../../src/lib/server/assessment/demo-assessment';
import { SECTION_HEADINGS } from '../../src/lib/server/assessment/report-model';
import { ASSESSMENT_DOMAINS } from '../../src/lib/shared/assessment';
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

test.describe.configure({ timeout: 120_000 });

const actor = (a: StaffAccount) => ({ id: a.id, role: a.role });

/** A woman in a group that has met ten times: nine sessions present, one absent (18 hours). */
async function finishedCase(lastName: string) {
	const services = testServices();
	const coordinator = await createStaffAccount('coordinator');
	const fay = await createStaffAccount('facilitator');
	const fran = await createStaffAccount('facilitator');
	const groupId = services.cases.createGroup(actor(coordinator), {
		name: `Hillside ${lastName}`,
		site: 'Hillside Community Hub',
		timeOfDay: 'evening',
		facilitatorId: fay.id,
		cofacilitatorId: fran.id,
		startDate: '2026-06-02',
		startTime: '18:00'
	});
	const { id: caseId, pin } = createEnrolledCase(
		coordinator,
		{
			firstName: 'Gemma',
			lastName,
			referrerContact: 'sam@northshire.example',
			referralReason: 'Children on a child protection plan.',
			offenceSummary: 'Accused of sexual offences against a child; on bail.',
			children: [{ initials: 'KL', age: 8 }]
		},
		{ groupId, suitability: 'group', familyDynamics: 'Lives with her daughter.' }
	);
	services.cases.viewGroup(actor(coordinator), groupId).sessions.forEach((s, i) => {
		services.cases.editAttendance(actor(coordinator), caseId, s.id, {
			status: i === 4 ? 'absent' : 'present',
			minutesLate: 0,
			minutesLeftEarly: 0,
			absentReason: i === 4 ? 'Child unwell' : ''
		});
	});
	return { services, coordinator, fay, fran, caseId, pin };
}

async function switchTo(page: Page, account: StaffAccount) {
	await page.context().clearCookies();
	await signInAs(page, account);
}

/** Share of pixels that are not near-white in a PPM image (pdftoppm's default output). */
function inkShare(ppm: Buffer): number {
	const header = ppm.subarray(0, 64).toString('latin1');
	const m = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(header)!;
	const [width, height] = [Number(m[1]), Number(m[2])];
	const pixels = ppm.subarray(m[0].length);
	let ink = 0;
	for (let i = 0; i < width * height * 3; i += 3) {
		if (pixels[i]! < 200 || pixels[i + 1]! < 200 || pixels[i + 2]! < 200) ink++;
	}
	return ink / (width * height);
}

test('facilitators rate, write and sign, a coordinator approves; the PDF is complete; the locked report takes only amendments', async ({
	page
}) => {
	const { services, coordinator, fay, fran, caseId, pin } = await finishedCase('Lockwood');
	const pageErrors: string[] = [];
	page.on('pageerror', (e) => pageErrors.push(e.message));
	// Her self-assessment on a tablet and a note in the console, through the live engine.
	seedDemoSelfAssessment(services.live, actor(fay), { caseId, firstName: 'Gemma', pin });

	await signInAs(page, fay);
	await page.goto(`/cases/${caseId}`);
	await page.getByRole('link', { name: 'Assessment and report' }).click();
	await expect(
		page.getByRole('heading', { level: 1, name: 'Assessment and report' })
	).toBeVisible();
	await expect(page.getByTestId('report-status-label')).toHaveText('Draft');

	// The note written live in the console is evidence under its domain.
	await expect(page.getByTestId('evidence-D7')).toContainText(
		'Tested her safety plan against the school-holiday scenario'
	);
	await expect(page.getByTestId('evidence-D7')).toContainText('noted live');
	// Her own answers to the module-8 scales, beside the facilitators' ratings.
	await expect(
		page.getByTestId('self-assessment').getByRole('row', { name: /^D1 / })
	).toContainText('9 of 10');

	// End-of-programme ratings: every domain at 3, improving.
	await page.getByRole('link', { name: 'End of programme' }).click();
	for (const d of ASSESSMENT_DOMAINS) {
		await page.getByLabel(`${d.id} rating`).selectOption('3');
		await page.getByLabel(`${d.id} trajectory`).selectOption('improving');
	}
	await page.getByLabel('D1 interpretation (opinion)').fill('She now believes her daughter.');
	await page.getByRole('button', { name: 'Save end of programme ratings' }).click();
	await expect(page.getByText('Ratings saved: 12 domains.')).toBeVisible();
	await expect(page.getByTestId('ratings-table').getByRole('row', { name: /^D1 / })).toContainText(
		'3'
	);

	// Evidence added afterwards, her own words as a quotation.
	await page.getByLabel('Domain', { exact: true }).selectOption('D1');
	await page.getByLabel('Where it comes from').selectOption('self-report');
	await page
		.getByLabel('Evidence', { exact: true })
		.fill('I believe her. I do not need him to say it.');
	await page.getByLabel('These are her own words').check();
	await page.getByRole('button', { name: 'Add evidence' }).click();
	await expect(page.getByText('Evidence added.')).toBeVisible();
	await expect(page.getByTestId('evidence-D1').locator('blockquote')).toHaveText(
		'“I believe her. I do not need him to say it.”'
	);
	await expectNoSeriousA11yViolations(page);

	// The rules propose A; choosing B without a reason is refused in plain English.
	await expect(page.getByTestId('proposal')).toContainText('Proposed: A');
	await page.getByRole('radio', { name: /^B –/ }).check();
	await page.getByRole('button', { name: 'Save recommendation' }).click();
	await expect(page.getByTestId('recommendation-errors')).toContainText(
		'For B, add at least one support'
	);
	await page.getByRole('radio', { name: /^A –/ }).check();
	await page.getByRole('button', { name: 'Save recommendation' }).click();
	await expect(page.getByText('Recommendation saved.')).toBeVisible();
	await expect(page.getByTestId('confirmed')).toContainText('A – capable of ensuring');

	await page.getByLabel('Summary', { exact: true }).fill('She is able to protect her daughter.');
	await page
		.getByLabel('Rationale for the recommendation')
		.fill('Every critical domain is at 3 and improving.');
	await page.getByLabel('Prepared for (conference or court)').fill('Northshire review conference');
	await page.getByLabel('Kind of hearing').selectOption('review');
	await page.getByLabel('Conference or hearing date').fill('2026-12-14');
	await page.getByRole('button', { name: 'Save report text' }).click();
	await expect(page.getByText('Report text saved.')).toBeVisible();

	// Both facilitators sign.
	await page.getByRole('button', { name: 'Sign the report' }).click();
	await expect(page.getByText('You have signed the report.')).toBeVisible();
	await expect(page.getByTestId('report-status-label')).toHaveText('Awaiting signatures');
	await switchTo(page, fran);
	await page.goto(`/cases/${caseId}/assessment`);
	await page.getByRole('button', { name: 'Sign the report' }).click();
	await expect(page.getByText('You have signed the report.')).toBeVisible();
	await expect(page.getByTestId('signatures').getByRole('listitem')).toHaveCount(2);
	await expect(page.getByRole('button', { name: 'Approve and lock' })).toHaveCount(0);

	// A coordinator approves; the report locks.
	await switchTo(page, coordinator);
	await page.goto('/reports');
	await page.getByRole('link', { name: 'Gemma Lockwood' }).click();
	await page.getByRole('button', { name: 'Approve and lock' }).click();
	await expect(page.getByTestId('report-status-label')).toHaveText('Approved and locked');
	await expect(page.getByTestId('locked-notice')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Save report text' })).toHaveCount(0);
	await expect(page.getByRole('button', { name: /Save .* ratings/ })).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Sign the report' })).toHaveCount(0);

	// A direct POST to the locked report is refused, and changes nothing.
	await switchTo(page, fay);
	const refused = await page.request.post(`/cases/${caseId}/assessment?/content`, {
		headers: { origin: BASE_URL, accept: 'text/html' },
		form: { summary: 'Changed behind the lock', conferenceKind: 'none' }
	});
	expect(refused.status()).toBe(409);
	const ratingPost = await page.request.post(`/cases/${caseId}/assessment?/ratings`, {
		headers: { origin: BASE_URL, accept: 'text/html' },
		form: { stage: 'end', 'D1-rating': '1', 'D1-trajectory': 'declining', 'D1-confidence': 'low' }
	});
	expect(ratingPost.status()).toBe(409);
	await page.goto(`/cases/${caseId}/report`);
	await expect(page.getByText('She is able to protect her daughter.')).toBeVisible();
	await expect(page.getByText('Changed behind the lock')).toHaveCount(0);

	// An amendment with a reason, shown in the history.
	await page.goto(`/cases/${caseId}/assessment#history`);
	await page.getByLabel('Section', { exact: true }).selectOption('herComments');
	await page.getByLabel('The new text of the section').fill('She agrees with the report.');
	await page.getByLabel('Reason for the amendment').fill('short');
	await page.getByRole('button', { name: 'Save amendment' }).click();
	await expect(page.getByTestId('amend-errors')).toContainText('Give the reason for the amendment');
	await page.getByLabel('Section', { exact: true }).selectOption('herComments');
	await page.getByLabel('The new text of the section').fill('She agrees with the report.');
	await page.getByLabel('Reason for the amendment').fill('Her comments arrived after approval.');
	await page.getByRole('button', { name: 'Save amendment' }).click();
	await expect(page.getByTestId('amendments')).toContainText(
		'Version 2: Her comments on the report'
	);
	await expect(page.getByTestId('amendments')).toContainText(
		'Reason: Her comments arrived after approval.'
	);
	await expect(page.getByTestId('amendments')).toContainText('Fay Test');

	// The HTML report: every section, the deadline, the amendment in its history.
	await page.goto(`/cases/${caseId}/report`);
	for (const heading of SECTION_HEADINGS) {
		await expect(page.getByRole('heading', { level: 2, name: heading, exact: true })).toBeVisible();
	}
	await expect(page.getByTestId('deadline')).toContainText('by 7 December 2026');
	await expect(page.getByText('Her comments arrived after approval.')).toBeVisible();
	await expectNoSeriousA11yViolations(page);

	// The PDF downloads with a discreet name and carries the report.
	const downloading = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Download PDF' }).click();
	const download = await downloading;
	expect(download.suggestedFilename()).toMatch(/^cw-[a-z0-9]+-v2\.pdf$/);
	const dir = mkdtempSync(join(tmpdir(), 'cw-report-'));
	const file = join(dir, 'report.pdf');
	await download.saveAs(file);
	const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
	const flat = text.replace(/\s+/g, ' ');
	for (const heading of SECTION_HEADINGS) expect(flat).toContain(heading);
	expect(flat).toContain('18 hours of 20 hours');
	expect(flat).toContain(
		'Recommendation A – capable of ensuring her children are adequately protected'
	);
	expect(flat).toContain('GL · Confidential');
	expect(flat).toMatch(/Page 1 of \d+/);
	expect(flat).toContain('I believe her. I do not need him to say it.');
	expect(flat).not.toContain('Changed behind the lock');
	execFileSync('pdftoppm', ['-r', '40', '-f', '4', '-l', '4', file, join(dir, 'page')]);
	const ppm = readFileSync(join(dir, 'page-4.ppm'));
	expect(statSync(join(dir, 'page-4.ppm')).size).toBeGreaterThan(10_000);
	expect(inkShare(ppm)).toBeGreaterThan(0.02);

	expect(pageErrors).toEqual([]);

	// Every view, change, download, signature, approval and amendment is in the audit log.
	const actions = services.db
		.prepare<[string], { action: string }>(
			"SELECT action FROM audit_log WHERE subject_type = 'report' AND subject_id = ?"
		)
		.all(caseId)
		.map((r) => r.action);
	for (const a of [
		'report.view',
		'report.ratings',
		'report.evidence',
		'report.recommendation',
		'report.content',
		'report.sign',
		'report.approve',
		'report.amend',
		'report.download'
	]) {
		expect(actions).toContain(a);
	}
});

test('recommendation C is escalated at once to coordinators on the dashboard', async ({ page }) => {
	const { coordinator, fay, caseId } = await finishedCase('Cartwright');
	await signInAs(page, fay);
	await page.goto(`/cases/${caseId}/assessment#recommendation`);
	await page.getByRole('radio', { name: /^C –/ }).check();
	await page.getByLabel(/evidence of collusion/).check();
	await page.getByRole('button', { name: 'Save recommendation' }).click();
	await expect(page.getByText('Recommendation C saved.')).toBeVisible();
	await expect(page.getByTestId('c-alert')).toContainText('Recommendation C (unable to protect)');

	await switchTo(page, coordinator);
	await page.goto('/dashboard');
	const alert = page.getByTestId('dashboard-escalations');
	await expect(alert).toContainText('Recommendation C: unable to protect');
	await alert.getByRole('link', { name: 'Gemma Cartwright' }).click();
	await page.getByRole('button', { name: /Acknowledge/ }).click();
	await page.goto('/dashboard');
	await expect(page.getByRole('link', { name: 'Gemma Cartwright' })).toHaveCount(0);
});

test('the reports list shows each report with its status, and mentors cannot open a report', async ({
	page
}) => {
	const { coordinator, caseId } = await finishedCase('Lister');
	const mentor = await createStaffAccount('mentor');
	await signInAs(page, coordinator);
	await page.goto('/reports');
	const row = page.getByTestId('reports-table').getByRole('row', { name: /Gemma Lister/ });
	await expect(row).toContainText('Not started');
	await page.getByRole('link', { name: 'Gemma Lister' }).click();
	// Opening her assessment starts the draft.
	await expect(
		page.getByRole('heading', { level: 1, name: 'Assessment and report' })
	).toBeVisible();
	await page.goto('/reports');
	await expect(row).toContainText('Draft');
	await expectNoSeriousA11yViolations(page);

	await switchTo(page, mentor);
	const refused = await page.goto(`/cases/${caseId}/report`);
	expect(refused?.status()).toBe(403);
	const pdf = await page.request.get(`/cases/${caseId}/report/pdf`);
	expect(pdf.status()).toBe(403);
});
