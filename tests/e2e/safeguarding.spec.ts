import { expectNoSeriousA11yViolations } from './a11y';
import { BASE_URL, createStaffAccount, expect, signInAs, test, testServices } from './fixtures';
import {
	firstOfType,
	goToExercise,
	joinOnTablet,
	openProjector,
	passContentNote,
	sessionOutline,
	startLiveSession
} from './live-helpers';

test.describe.configure({ timeout: 90_000 });

test('a reflection marked as a concern never reaches the projector, the lead is alerted and can open the seal with a reason', async ({
	browser
}) => {
	// The safeguarding lead has the dashboard open before anything happens.
	const lead = await createStaffAccount('coordinator', { safeguardingLead: true });
	const leadPage = await (await browser.newContext()).newPage();
	await signInAs(leadPage, lead);
	await leadPage.goto('/dashboard');
	await expect(leadPage.getByTestId('live-status')).toHaveText(/Live updates on/);

	const outline = sessionOutline(['introduction']);
	const reflection = firstOfType(outline, 'reflection', (e) => e.keepAuthorLink !== false);
	const live = await startLiveSession(browser, ['Amy', 'Beth'], ['1. Introduction']);
	const projector = await openProjector(browser, live.projectorUrl);
	const amy = await joinOnTablet(browser, live.code, live.pins.Amy!);
	const beth = await joinOnTablet(browser, live.code, live.pins.Beth!);
	await live.console.getByRole('button', { name: 'Start the session' }).click();
	await goToExercise(live.console, reflection.index);

	const worrying = 'He is still alone with the kids at weekends and it is our secret';
	const ordinary = 'I hope to feel less alone';
	for (const [tablet, text] of [
		[amy, worrying],
		[beth, ordinary]
	] as const) {
		await passContentNote(tablet);
		await tablet.getByRole('textbox').fill(text);
		await tablet.getByRole('button', { name: 'Send' }).click();
		await expect(tablet.getByTestId('answer-status')).toHaveText('Your answer is saved.');
	}

	// The queue highlights phrases that may indicate risk, but hides nothing by itself.
	const queue = live.console.getByTestId('moderation-queue').getByRole('listitem');
	const item = queue.filter({ hasText: 'weekends' });
	await expect(item.locator('mark')).toHaveText(['alone with', 'our secret']);
	await expect(item).toContainText('may need a safeguarding check');
	await expect(queue.filter({ hasText: ordinary }).locator('mark')).toHaveCount(0);
	await expectNoSeriousA11yViolations(live.console);

	live.console.once('dialog', (dialog) => void dialog.accept());
	await item.getByRole('button', { name: 'Mark as concern' }).click();
	await expect(item).toContainText('Safeguarding concern: the lead has been told. Never shown.');
	await expect(item.getByRole('button', { name: 'Approve' })).toHaveCount(0);
	await queue.filter({ hasText: ordinary }).getByRole('button', { name: 'Approve' }).click();
	await live.console.getByRole('button', { name: 'Reveal results on projector' }).click();
	await expect(projector.getByTestId('display-results')).toContainText(ordinary);
	await expect(projector.getByText('weekends')).toHaveCount(0);

	// The lead is told at once, on the page she already has open.
	const banner = leadPage.getByTestId('safeguarding-banner');
	await expect(banner).toContainText('New safeguarding concern');
	await banner.getByRole('link', { name: 'Open the concern' }).click();
	await expect(leadPage.getByTestId('concern-words')).toHaveText(worrying);
	const concernUrl = leadPage.url();

	// A facilitator cannot open the concern or its seal.
	const facilitatorPage = live.console;
	const response = await facilitatorPage.goto(concernUrl);
	expect(response?.status()).toBe(403);
	const forced = await facilitatorPage.request.post(`${concernUrl}?/openSeal`, {
		form: { reason: 'I would like to know who wrote this please' },
		headers: { origin: BASE_URL, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(forced.status()).toBe(403);

	// The lead must give a reason first; then she sees who wrote it, and the audit log records it.
	await leadPage.getByLabel('Your reason').fill('Too short');
	await leadPage.getByRole('button', { name: 'Record my reason and show who wrote it' }).click();
	await expect(
		leadPage.getByRole('alert').filter({ hasText: 'at least 20 characters' })
	).toBeVisible();
	await expect(leadPage.getByTestId('seal-author')).toHaveCount(0);
	const reason = 'Possible unsupervised contact with the children this weekend; need to act today.';
	await leadPage.getByLabel('Your reason').fill(reason);
	await leadPage.getByRole('button', { name: 'Record my reason and show who wrote it' }).click();
	await expect(leadPage.getByTestId('seal-author')).toHaveText('Written by Amy.');
	await leadPage.reload();
	await expect(leadPage.getByTestId('concern-history')).toContainText('Opened the seal');
	await expect(leadPage.getByTestId('concern-history')).toContainText(reason);
	await expectNoSeriousA11yViolations(leadPage);

	const audit = testServices()
		.db.prepare(
			"SELECT actor_id, detail FROM audit_log WHERE action = 'seal.open' AND detail LIKE ?"
		)
		.all(`%${reason}%`) as Array<{ actor_id: string }>;
	expect(audit).toEqual([{ actor_id: lead.id, detail: `Reason: ${reason}` }]);

	// The dashboard lists the open concern for the lead.
	await leadPage.goto('/dashboard');
	await expect(leadPage.getByTestId('dashboard-alerts')).toContainText('open concern');
});

test('an exercise that keeps no link stores no author anywhere in the database', async ({
	browser
}) => {
	const outline = sessionOutline(['self-and-group-assessment']);
	const noLink = firstOfType(outline, 'reflection', (e) => e.keepAuthorLink === false);
	const live = await startLiveSession(browser, ['Lena'], ['8. Self and Group Assessment']);
	const tablet = await joinOnTablet(browser, live.code, live.pins.Lena!);
	await live.console.getByRole('button', { name: 'Start the session' }).click();
	await goToExercise(live.console, noLink.index);
	await passContentNote(tablet);
	const text = 'Feedback with no name kept at all';
	await tablet.getByRole('textbox').fill(text);
	await tablet.getByRole('button', { name: 'Send' }).click();
	await expect(tablet.getByTestId('answer-status')).toHaveText('Your answer is saved.');

	const db = testServices().db;
	const { id: reflectionId } = db
		.prepare('SELECT id FROM reflections WHERE text = ?')
		.get(text) as {
		id: string;
	};
	const { id: participantId } = db
		.prepare('SELECT id FROM live_participants WHERE live_session_id = ?')
		.get(live.liveSessionId) as { id: string };
	const tables = (
		db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{
			name: string;
		}>
	).map((t) => t.name);
	for (const table of tables) {
		for (const row of db.prepare(`SELECT * FROM "${table}"`).all()) {
			const json = JSON.stringify(row);
			if (json.includes(reflectionId) || json.includes(text)) {
				expect(json, `${table} links the reflection to its author`).not.toContain(participantId);
			}
		}
	}
});

test('"I need a pause" alerts the console at once and is listed for the facilitator after the session', async ({
	browser
}) => {
	const live = await startLiveSession(browser, ['Mia'], ['1. Introduction']);
	const tablet = await joinOnTablet(browser, live.code, live.pins.Mia!);
	await live.console.getByRole('button', { name: 'Start the session' }).click();
	await passContentNote(tablet);
	await tablet.getByRole('button', { name: 'I need a pause' }).click();
	await expect(tablet.getByText('Your facilitator has been told.')).toBeVisible();
	await expect(live.console.getByTestId('alerts')).toContainText('Mia asked for a pause');

	live.console.once('dialog', (dialog) => void dialog.accept());
	await live.console.getByRole('button', { name: 'End session' }).click();
	await expect(live.console.getByRole('heading', { name: 'This session has ended' })).toBeVisible();
	await live.console.goto(`/live/${live.liveSessionId}`);
	await expect(live.console.getByTestId('pause-list')).toContainText('Mia');
	await expect(live.console.getByRole('cell', { name: 'Mia', exact: true })).toBeVisible();
});
