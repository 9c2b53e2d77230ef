import { expectNoSeriousA11yViolations } from './a11y';
import { expect, test, testServices } from './fixtures';
import {
	firstOfType,
	goToExercise,
	joinOnTablet,
	objectsHolding,
	openProjector,
	passContentNote,
	recordFrames,
	sessionOutline,
	startLiveSession
} from './live-helpers';

const MODULES = ['introduction', 'victim-awareness', 'good-lives'];
const MODULE_TITLES = [
	'1. Introduction',
	'5. Victim Awareness',
	'6. The Good Lives Model – Better Lives'
];
const NAMES = ['Amy', 'Beth', 'Cara'];

test.describe.configure({ timeout: 120_000 });

test('a facilitator, a projector and three tablets run every kind of exercise', async ({
	browser
}) => {
	const outline = sessionOutline(MODULES);
	const live = await startLiveSession(browser, NAMES, MODULE_TITLES);
	const consolePage = live.console;
	const consoleFrames = recordFrames(consolePage);

	// The projector shows the code and a QR code until the first exercise.
	const projector = await openProjector(browser, live.projectorUrl);
	const projectorFrames = recordFrames(projector);
	await expect(projector.getByTestId('display-code')).toHaveText(
		`${live.code.slice(0, 3)} ${live.code.slice(3)}`
	);
	await expect(projector.getByRole('figure').locator('svg')).toBeVisible();
	await expectNoSeriousA11yViolations(projector);

	const tablets: Record<string, import('@playwright/test').Page> = {};
	const tabletFrames: Record<string, unknown[]> = {};
	for (const name of NAMES) {
		tablets[name] = await joinOnTablet(browser, live.code, live.pins[name]!);
		tabletFrames[name] = recordFrames(tablets[name]);
		await expect(tablets[name].getByRole('heading', { name: `Welcome, ${name}` })).toBeVisible();
	}
	await expectNoSeriousA11yViolations(tablets.Amy!);
	await expect(projector.getByText('3 joined so far')).toBeVisible();
	await expect(consolePage.getByText('3 of 3 joined')).toBeVisible();

	// Slide
	const slide = firstOfType(outline, 'slide');
	await consolePage.getByRole('button', { name: 'Start the session' }).click();
	await goToExercise(consolePage, slide.index);
	await expect(projector.getByRole('heading', { name: slide.exercise.title })).toBeVisible();
	for (const name of NAMES) {
		await passContentNote(tablets[name]!);
		await expect(tablets[name]!.getByText(slide.exercise.title).first()).toBeVisible();
	}
	await expectNoSeriousA11yViolations(consolePage);

	// Reflection: anonymous, moderated, then revealed
	const reflection = firstOfType(outline, 'reflection', (e) => e.keepAuthorLink !== false);
	await goToExercise(consolePage, reflection.index);
	const words = {
		Amy: 'I hope to feel less alone here',
		Beth: 'I want to understand what happened',
		Cara: 'Something I would rather keep off the screen'
	} as const;
	for (const name of NAMES) {
		const tablet = tablets[name]!;
		await passContentNote(tablet);
		await expect(tablet.getByTestId('visibility')).toHaveText('Shared anonymously with the group');
		await tablet.getByRole('textbox').fill(words[name as keyof typeof words]);
		await tablet.getByRole('button', { name: 'Send' }).click();
		await expect(tablet.getByTestId('answer-status')).toHaveText('Your answer is saved.');
	}
	await expectNoSeriousA11yViolations(tablets.Beth!);
	const queue = consolePage.getByTestId('moderation-queue').getByRole('listitem');
	await expect(queue).toHaveCount(3);
	await expect(consolePage.getByTestId('answer-count')).toContainText('3 of 3 answered');
	await queue.filter({ hasText: words.Amy }).getByRole('button', { name: 'Approve' }).click();
	await queue.filter({ hasText: words.Beth }).getByRole('button', { name: 'Approve' }).click();
	await queue.filter({ hasText: words.Cara }).getByRole('button', { name: 'Hide' }).click();
	await expect(queue.filter({ hasText: words.Cara })).toContainText('Hidden');
	await consolePage.getByRole('button', { name: 'Reveal results on projector' }).click();
	const revealed = projector.getByTestId('display-results');
	await expect(revealed).toContainText(words.Amy);
	await expect(revealed).toContainText(words.Beth);
	await expect(projector.getByText(words.Cara)).toHaveCount(0);
	for (const name of NAMES)
		await expect(projector.getByText(name, { exact: false })).toHaveCount(0);
	await expectNoSeriousA11yViolations(projector);

	// Poll
	const poll = firstOfType(outline, 'poll');
	await goToExercise(consolePage, poll.index);
	for (const name of NAMES) {
		const tablet = tablets[name]!;
		await passContentNote(tablet);
		await tablet.getByLabel(poll.exercise.options![0]!.label).check();
		await tablet.getByRole('button', { name: 'Save my answer' }).click();
		await expect(tablet.getByTestId('answer-status')).toHaveText('Your answer is saved.');
	}
	await expect(consolePage.getByTestId('answer-count')).toContainText('3 of 3 answered');
	await consolePage.getByRole('button', { name: 'Reveal results on projector' }).click();
	await expect(projector.getByTestId('display-results')).toContainText(
		poll.exercise.options![0]!.label
	);

	// Scale
	const scale = firstOfType(outline, 'scale');
	await goToExercise(consolePage, scale.index);
	for (const [i, name] of NAMES.entries()) {
		const tablet = tablets[name]!;
		await passContentNote(tablet);
		await tablet.getByRole('radio', { name: String(5 + i), exact: true }).click();
		await tablet.getByRole('button', { name: 'Save my answer' }).click();
		await expect(tablet.getByTestId('answer-status')).toHaveText('Your answer is saved.');
	}
	await expect(consolePage.getByTestId('answer-count')).toContainText('3 of 3 answered');
	await consolePage.getByRole('button', { name: 'Reveal results on projector' }).click();
	await expect(projector.getByTestId('display-results')).toBeVisible();

	// Word cloud
	const cloud = firstOfType(outline, 'wordcloud');
	await goToExercise(consolePage, cloud.index);
	for (const name of NAMES) {
		const tablet = tablets[name]!;
		await passContentNote(tablet);
		await tablet.getByLabel('Word 1').fill(name === 'Cara' ? 'calm' : 'hopeful');
		await tablet.getByRole('button', { name: 'Send' }).click();
		await expect(tablet.getByTestId('answer-status')).toHaveText('Your answer is saved.');
	}
	await consolePage.getByRole('button', { name: 'Reveal results on projector' }).click();
	await expect(projector.getByTestId('display-results')).toContainText('hopeful');
	await expect(projector.getByTestId('display-results')).toContainText('calm');

	// Sort
	const sort = firstOfType(outline, 'sort');
	await goToExercise(consolePage, sort.index);
	for (const name of NAMES) {
		const tablet = tablets[name]!;
		await passContentNote(tablet);
		for (const card of sort.exercise.cards!) {
			await tablet
				.getByRole('group', { name: card.label })
				.getByRole('button', { name: sort.exercise.buckets![0]!.label })
				.click();
		}
		await tablet.getByRole('button', { name: 'Save my answer' }).click();
		await expect(tablet.getByTestId('answer-status')).toHaveText('Your answer is saved.');
	}
	await expect(consolePage.getByTestId('answer-count')).toContainText('3 of 3 answered');
	await consolePage.getByRole('button', { name: 'Reveal results on projector' }).click();
	await expect(projector.getByTestId('display-results')).toContainText(
		sort.exercise.cards![0]!.label
	);

	// Worksheet: private to her and to staff
	const worksheet = firstOfType(outline, 'worksheet');
	await goToExercise(consolePage, worksheet.index);
	const amyPlan = 'Walk with the children on Saturdays';
	const bethPlan = 'Call my sister every Sunday';
	for (const [name, text] of [
		['Amy', amyPlan],
		['Beth', bethPlan]
	] as const) {
		const tablet = tablets[name]!;
		await passContentNote(tablet);
		const textField = worksheet.exercise.fields!.find((f) => f.kind !== 'scale')!;
		await tablet.getByLabel(textField.label, { exact: true }).fill(text);
		await tablet.getByRole('button', { name: 'Save my answer' }).click();
		await expect(tablet.getByTestId('answer-status')).toHaveText('Your answer is saved.');
	}
	await expect(consolePage.getByRole('button', { name: /Reveal results/ })).toHaveCount(0);
	await expect(projector.getByText(amyPlan)).toHaveCount(0);
	await expect(tablets.Beth!.getByText(amyPlan)).toHaveCount(0);
	await expect(tablets.Cara!.getByText(amyPlan)).toHaveCount(0);

	// Staff see her worksheet on her record.
	const amyRecordLink = consolePage.getByRole('link', { name: 'Record for Amy' });
	const recordUrl = (await amyRecordLink.getAttribute('href'))!;
	const record = await consolePage.context().newPage();
	await record.goto(recordUrl);
	await expect(record.getByTestId('worksheet')).toContainText(amyPlan);
	await expect(record.getByText(bethPlan)).toHaveCount(0);
	// Her record never holds what she wrote anonymously.
	await expect(record.getByText(words.Amy)).toHaveCount(0);
	await record.close();

	// No socket frame sent to the console, the projector or another tablet ties a reflection to its author.
	const amyId = recordUrl.split('/').pop()!;
	for (const frames of [consoleFrames, projectorFrames, tabletFrames.Beth!, tabletFrames.Cara!]) {
		for (const holder of objectsHolding(frames, words.Amy)) {
			const json = JSON.stringify(holder);
			expect(json).not.toContain(amyId);
			expect(json).not.toContain('Amy');
			expect(Object.keys(holder)).not.toEqual(expect.arrayContaining(['participantId']));
		}
	}
	// The tablet of another woman never received Amy's reflection at all.
	expect(objectsHolding(tabletFrames.Beth!, words.Amy)).toEqual([]);
});

test('a tablet that goes offline keeps its reflection and it arrives exactly once', async ({
	browser
}) => {
	const outline = sessionOutline(MODULES);
	const live = await startLiveSession(browser, ['Dana'], MODULE_TITLES);
	const tablet = await joinOnTablet(browser, live.code, live.pins.Dana!);
	const reflection = firstOfType(outline, 'reflection', (e) => e.keepAuthorLink !== false);
	await live.console.getByRole('button', { name: 'Start the session' }).click();
	await goToExercise(live.console, reflection.index);
	await passContentNote(tablet);
	await expect(tablet.getByRole('textbox')).toBeVisible();

	await tablet.context().setOffline(true);
	await expect(tablet.getByTestId('connection')).toHaveText(/Connecting/);
	const text = `Written while the Wi-Fi was down (${Date.now()})`;
	await tablet.getByRole('textbox').fill(text);
	await tablet.getByRole('button', { name: 'Send' }).click();
	await expect(tablet.getByTestId('answer-status')).toContainText('Waiting for the connection');

	// A reload while offline keeps it (the outbox lives on the device).
	await tablet.context().setOffline(false);
	await expect(tablet.getByTestId('answer-status')).toHaveText('Your answer is saved.', {
		timeout: 20_000
	});

	const queue = live.console.getByTestId('moderation-queue').getByRole('listitem');
	await expect(queue).toHaveCount(1);
	await expect(queue).toContainText(text);
	// And the database holds exactly one copy.
	const rows = testServices()
		.db.prepare('SELECT COUNT(*) AS n FROM reflections WHERE text = ?')
		.get(text) as { n: number };
	expect(rows.n).toBe(1);
});

test('a reloaded tablet and projector land on the current exercise with her answer intact', async ({
	browser
}) => {
	const outline = sessionOutline(MODULES);
	const live = await startLiveSession(browser, ['Eve'], MODULE_TITLES);
	const tablet = await joinOnTablet(browser, live.code, live.pins.Eve!);
	const projector = await openProjector(browser, live.projectorUrl);
	const scale = firstOfType(outline, 'scale');
	await live.console.getByRole('button', { name: 'Start the session' }).click();
	await goToExercise(live.console, scale.index);
	await passContentNote(tablet);
	await tablet.getByRole('radio', { name: '8', exact: true }).click();
	await tablet.getByRole('button', { name: 'Save my answer' }).click();
	await expect(tablet.getByTestId('answer-status')).toHaveText('Your answer is saved.');

	await tablet.reload();
	await passContentNote(tablet);
	await expect(tablet.getByRole('radio', { name: '8', exact: true })).toHaveAttribute(
		'aria-checked',
		'true'
	);
	await expect(tablet.getByTestId('answer-status')).toHaveText('Your answer is saved.');

	await projector.reload();
	await expect(projector.getByRole('heading', { name: scale.exercise.title })).toBeVisible();
});

test('an exercise set to keep no link stores no link to its author', async ({ browser }) => {
	const outline = sessionOutline(['self-and-group-assessment']);
	const noLink = firstOfType(outline, 'reflection', (e) => e.keepAuthorLink === false);
	const live = await startLiveSession(browser, ['Fran'], ['8. Self and Group Assessment']);
	const tablet = await joinOnTablet(browser, live.code, live.pins.Fran!);
	await live.console.getByRole('button', { name: 'Start the session' }).click();
	await goToExercise(live.console, noLink.index);
	await passContentNote(tablet);
	const text = 'The group helped me a lot';
	await tablet.getByRole('textbox').fill(text);
	await tablet.getByRole('button', { name: 'Send' }).click();
	await expect(tablet.getByTestId('answer-status')).toHaveText('Your answer is saved.');
	const db = testServices().db;
	const reflection = db.prepare('SELECT id FROM reflections WHERE text = ?').get(text) as {
		id: string;
	};
	expect(reflection).toBeDefined();
	const links = db
		.prepare('SELECT COUNT(*) AS n FROM reflection_author_links WHERE reflection_id = ?')
		.get(reflection.id) as { n: number };
	expect(links.n).toBe(0);
});

test('the join page explains a wrong code or PIN and throttles guessing', async ({
	page,
	browser
}) => {
	const live = await startLiveSession(browser, ['Gina'], ['1. Introduction']);
	await page.goto('/join');
	await expectNoSeriousA11yViolations(page);
	await page.getByLabel('Session code').fill('QQQQQQ');
	await page.getByLabel('Your PIN').fill('1234');
	await page.getByRole('button', { name: 'Join' }).click();
	await expect(page.getByRole('alert')).toContainText('We could not find a session with that code');

	const wrong = live.pins.Gina === '1111' ? '2222' : '1111';
	await page.getByLabel('Session code').fill(live.code);
	for (let i = 0; i < 5; i++) {
		await page.getByLabel('Your PIN').fill(wrong);
		await page.getByRole('button', { name: 'Join' }).click();
		await expect(page.getByRole('alert')).toContainText(/PIN is not right|Too many tries/);
	}
	await page.getByLabel('Your PIN').fill(live.pins.Gina!);
	await page.getByRole('button', { name: 'Join' }).click();
	await expect(page.getByRole('alert')).toContainText('Too many tries');
});

test('quick exit blanks the tablet, leaves the session and cannot be undone with Back', async ({
	browser
}) => {
	const live = await startLiveSession(browser, ['Jo'], ['1. Introduction']);
	const tablet = await joinOnTablet(browser, live.code, live.pins.Jo!);
	await expect(tablet.getByRole('heading', { name: 'Welcome, Jo' })).toBeVisible();
	// No internet here: answer the neutral site's request locally, as the real site would.
	await tablet.context().route('https://www.bbc.co.uk/**', (route) =>
		route.fulfill({
			status: 200,
			contentType: 'text/html',
			body: '<title>Weather</title><h1>Weather</h1>'
		})
	);
	await tablet.getByRole('button', { name: 'Quick exit' }).click();
	await expect(tablet).toHaveURL(/bbc\.co\.uk\/weather/);
	await tablet.goBack();
	await expect(tablet).not.toHaveURL(/\/tablet$/);
	// Her place in the session is closed: opening the tablet page again asks her to join.
	await tablet.goto('/tablet');
	await expect(tablet).toHaveURL(/\/join$/);
	await expect(live.console.getByTestId('people')).toContainText('Not connected');
});

test('pressing Shift three times is a quick exit too', async ({ browser }) => {
	const live = await startLiveSession(browser, ['Kim'], ['1. Introduction']);
	const tablet = await joinOnTablet(browser, live.code, live.pins.Kim!);
	await tablet
		.context()
		.route('https://www.bbc.co.uk/**', (route) =>
			route.fulfill({ status: 200, contentType: 'text/html', body: '<title>Weather</title>' })
		);
	await tablet.keyboard.press('Shift');
	await tablet.keyboard.press('Shift');
	await tablet.keyboard.press('Shift');
	await expect(tablet).toHaveURL(/bbc\.co\.uk\/weather/);
});
