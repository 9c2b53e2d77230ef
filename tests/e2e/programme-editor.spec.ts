import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './a11y';
import { BASE_URL, createStaffAccount, expect, signInAs, test } from './fixtures';
import {
	firstOfType,
	goToExercise,
	joinOnTablet,
	passContentNote,
	sessionOutline,
	startLiveSession
} from './live-helpers';

/*
 * This test publishes a new programme version, which every live session created after it
 * runs. It only changes module 2, "Defining the Problem", which no other test runs.
 */
const MODULE = 'defining-the-problem';
const MODULE_TITLE = '2. Defining the Problem';
const NEW_LABEL = 'Myth: most abusers are someone the child knows';

test.describe.configure({ timeout: 120_000 });

function outlineButtons(consolePage: Page) {
	return consolePage.getByRole('navigation', { name: 'Session outline' }).getByRole('button');
}

test('a coordinator edits a poll and the order, publishes, and only new live sessions run it', async ({
	browser
}) => {
	const outline = sessionOutline([MODULE]);
	const poll = firstOfType(outline, 'poll', (e) => e.id === 'dp-myth-strangers');
	const oldOption = poll.exercise.options![0]!.label;
	const [first, second] = [outline[1]!, outline[2]!];

	// A live session that starts before the change keeps the version it started with.
	const before = await startLiveSession(browser, ['Olive'], [MODULE_TITLE]);
	await expect(outlineButtons(before.console).nth(1)).toContainText(first.title);

	const coordinator = await createStaffAccount('coordinator');
	const page = await (await browser.newContext()).newPage();
	await signInAs(page, coordinator);
	await page.goto('/programme');
	await expect(page.getByTestId('sessions').locator(':scope > li')).toHaveCount(10);
	await page.getByRole('link', { name: 'Edit the programme' }).click();
	await page.getByRole('link', { name: /Edit module 2, Defining the Problem/ }).click();
	await expect(page).toHaveURL(/\/programme\/edit\/defining-the-problem$/);

	// Reorder: the second exercise moves below the third.
	await page.getByRole('button', { name: `Move ${first.title} down` }).click();
	const items = page.getByTestId('editor-exercise');
	await expect(items.nth(1)).toContainText(second.title);
	await expect(items.nth(2)).toContainText(first.title);
	await expect(page.getByTestId('draft-note')).toContainText('Changes go into your draft');

	// Edit the poll's first option, seeing the tablet preview change as she types.
	await items.filter({ hasText: poll.exercise.title }).getByRole('link').first().click();
	const option = page.getByLabel('Option 1', { exact: true });
	await expect(option).toHaveValue(oldOption);
	await option.fill('');
	await page.getByRole('button', { name: 'Save exercise' }).click();
	const summary = page.getByTestId('error-summary');
	await expect(summary).toContainText('Option 1: enter the text of the option.');
	await summary.getByRole('link', { name: 'Option 1: enter the text of the option.' }).click();
	await expect(option).toBeFocused();
	await option.fill(NEW_LABEL);
	await expect(page.getByTestId('preview-tablet')).toContainText(NEW_LABEL);
	await expect(page.getByTestId('preview-projector')).toContainText(NEW_LABEL);
	await page.getByRole('button', { name: 'Save exercise' }).click();
	await expect(page.getByTestId('save-status')).toHaveText('Saved to your draft.');
	await expect(summary).toHaveCount(0);

	// Publish, with a note, as a new version.
	await page.getByRole('link', { name: 'Review and publish' }).click();
	await expect(page.getByTestId('exercise-change')).toHaveCount(2);
	await page.getByRole('button', { name: /^Publish version \d+$/ }).click();
	await expect(page.getByText('Say in a few words what changed').first()).toBeVisible();
	await page.getByLabel('What changed').fill('Clearer myth answer; word cloud first');
	await page.getByRole('button', { name: /^Publish version \d+$/ }).click();
	await expect(page).toHaveURL(/\/programme\/versions\/\d+\?published=1$/);
	await expect(page.getByRole('status')).toContainText('is published');
	const published = Number(/versions\/(\d+)/.exec(page.url())![1]);

	// The versions list and the diff show it; the earlier version stays readable.
	await page.goto(`/programme/compare?from=${published - 1}&to=${published}`);
	await expect(page.getByTestId('exercise-change').filter({ hasText: 'Moved' })).toHaveCount(1);
	const fieldChange = page.getByTestId('field-change').filter({ hasText: 'Option 1' });
	await expect(fieldChange).toContainText(oldOption);
	await expect(fieldChange).toContainText(NEW_LABEL);
	await page.goto(`/programme/versions/${published - 1}`);
	await expect(page.getByTestId('version-line')).toContainText(`Version ${published - 1}`);

	// A new live session runs the new version: the new order, and the edited option.
	const after = await startLiveSession(browser, ['Nina'], [MODULE_TITLE]);
	await expect(outlineButtons(after.console).nth(1)).toContainText(second.title);
	await expect(outlineButtons(after.console).nth(2)).toContainText(first.title);
	const nina = await joinOnTablet(browser, after.code, after.pins.Nina!);
	await after.console.getByRole('button', { name: 'Start the session' }).click();
	await goToExercise(after.console, poll.index);
	await passContentNote(nina);
	await expect(nina.getByRole('radio', { name: NEW_LABEL })).toBeVisible();

	// The session started before publishing still runs the old version.
	await expect(outlineButtons(before.console).nth(1)).toContainText(first.title);
	await expect(outlineButtons(before.console).nth(2)).toContainText(second.title);
	const olive = await joinOnTablet(browser, before.code, before.pins.Olive!);
	await before.console.getByRole('button', { name: 'Start the session' }).click();
	await goToExercise(before.console, poll.index);
	await passContentNote(olive);
	await expect(olive.getByRole('radio', { name: oldOption })).toBeVisible();
	await expect(olive.getByText(NEW_LABEL)).toHaveCount(0);
});

test('a facilitator can read the programme but cannot open the editor', async ({ browser }) => {
	const facilitator = await createStaffAccount('facilitator');
	const page = await (await browser.newContext()).newPage();
	await signInAs(page, facilitator);

	await page.goto('/programme');
	await expect(page.getByRole('heading', { name: 'Programme', level: 1 })).toBeVisible();
	await expect(page.getByTestId('module')).toHaveCount(8);
	await expect(page.getByRole('link', { name: 'Edit the programme' })).toHaveCount(0);
	await page.getByTestId('module').nth(3).locator('summary').first().click();
	await page.getByTestId('module').nth(3).getByText('Text and facilitator notes').first().click();
	await expect(
		page.getByTestId('module').nth(3).getByText('Facilitator notes').first()
	).toBeVisible();

	for (const path of [
		'/programme/edit',
		'/programme/edit/defining-the-problem',
		'/programme/import'
	]) {
		const response = await page.goto(path);
		expect(response?.status(), path).toBe(403);
		await expect(
			page.getByRole('heading', { name: 'You do not have access to this page' })
		).toBeVisible();
	}
	const post = await page.request.post('/programme/edit/defining-the-problem?/remove', {
		form: { exerciseId: 'dp-check-in' },
		headers: { origin: BASE_URL }
	});
	expect(post.status()).toBe(403);
});

test('a coordinator downloads a version and imports a broken file, with errors that name the field', async ({
	browser
}) => {
	const coordinator = await createStaffAccount('coordinator');
	const page = await (await browser.newContext()).newPage();
	await signInAs(page, coordinator);
	await page.goto('/programme/versions');
	const download = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Download version 1' }).click();
	const file = await download;
	expect(file.suggestedFilename()).toBe('programme-v1.json');
	const exported = JSON.parse(readFileSync(await file.path(), 'utf8')) as {
		programme: { modules: Array<{ exercises: Array<Record<string, unknown>> }> };
	};
	exported.programme.modules[1]!.exercises[4]!.options = [{ id: 'only', label: 'Only one' }];

	await page.goto('/programme/import');
	await page.getByLabel('Programme file').setInputFiles({
		name: 'programme-broken.json',
		mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify(exported))
	});
	await page.getByLabel('What this version is').fill('A broken file');
	await page.getByRole('button', { name: 'Check and publish' }).click();
	await expect(page.getByTestId('import-problems')).toContainText(
		'Module 2 “Defining the Problem”, exercise 5 “Myth or fact? Strangers”: Add at least 2 options.'
	);
	await expect(page.getByTestId('error-summary')).toContainText('Nothing was published');
});

test('the programme pages and the editor have no serious accessibility problems', async ({
	browser
}) => {
	const coordinator = await createStaffAccount('coordinator');
	const page = await (await browser.newContext()).newPage();
	await signInAs(page, coordinator);
	for (const path of [
		'/programme',
		'/programme/versions',
		'/programme/versions/1',
		'/programme/edit',
		'/programme/edit/defining-the-problem',
		'/programme/import'
	]) {
		await page.goto(path);
		await expectNoSeriousA11yViolations(page);
	}
	for (const exercise of [
		'dp-myth-strangers',
		'dp-words-cloud',
		'dp-check-in',
		'dp-hannahs-first-days',
		'dp-what-is-csa'
	]) {
		await page.goto(`/programme/edit/defining-the-problem?exercise=${exercise}`);
		await expect(page.getByTestId('exercise-preview')).toBeVisible();
		await expectNoSeriousA11yViolations(page);
	}
	await page.goto('/programme/edit/how-did-he-do-this?exercise=hd-four-walls-sort');
	await expectNoSeriousA11yViolations(page);
	await page.goto('/programme/edit/how-did-he-do-this?exercise=hd-four-walls-me');
	await expectNoSeriousA11yViolations(page);
	await page.goto('/programme/edit/how-did-he-do-this?exercise=hd-trust-my-judgement');
	await expectNoSeriousA11yViolations(page);
	await page.goto('/programme/compare?from=1&to=1');
	await expectNoSeriousA11yViolations(page);
});
