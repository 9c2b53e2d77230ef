import type { Page } from '@playwright/test';
import { TABLET_COOKIE_NAME } from '../../src/lib/shared/realtime-events';
import { expectNoSeriousA11yViolations } from './a11y';
import { BASE_URL, expect, test, testServices } from './fixtures';
import {
	firstOfType,
	goToExercise,
	joinOnTablet,
	passContentNote,
	sessionOutline,
	startLiveSession
} from './live-helpers';

test.describe.configure({ timeout: 90_000 });

const INTRO = ['introduction'];
const INTRO_TITLES = ['1. Introduction'];

/** The content files hold more than the shared helper's type names. */
type Content = { prompt?: string; easyRead?: string; visibility?: string };
const content = (exercise: object) => exercise as Content;

/** What this site still keeps in the browser that could be hers. */
async function leftOnDevice(page: Page, herText: string) {
	return page.evaluate(async (text) => {
		const session = Object.keys(sessionStorage).map((k) => [k, sessionStorage.getItem(k) ?? '']);
		return {
			localStorage: localStorage.length,
			sessionKeys: session.filter(([k]) => k!.startsWith('cw-')).map(([k]) => k),
			sessionValuesWithHerText: session.filter(([, v]) => v!.includes(text)).length,
			indexedDb: (await indexedDB.databases()).map((d) => d.name),
			caches: await caches.keys()
		};
	}, herText);
}

const NOTHING_LEFT = {
	localStorage: 0,
	sessionKeys: [],
	sessionValuesWithHerText: 0,
	indexedDb: [],
	caches: []
};

/** Puts her words where a browser might keep them, so clearing them is really tested. */
async function keepOnDevice(page: Page, herText: string): Promise<void> {
	await page.evaluate(async (text) => {
		sessionStorage.setItem('cw-draft', text);
		sessionStorage.setItem('other-draft', text);
		localStorage.setItem('cw-extra', text);
		await new Promise<void>((resolve, reject) => {
			const request = indexedDB.open('cw-offline');
			request.onsuccess = () => {
				request.result.close();
				resolve();
			};
			request.onerror = () => reject(request.error);
		});
		await (await caches.open('cw-pages')).put('/kept', new Response(text));
	}, herText);
	const kept = await leftOnDevice(page, herText);
	expect(kept.localStorage).toBeGreaterThan(0);
	expect(kept.sessionKeys).toContain('cw-draft');
	expect(kept.indexedDb).toContain('cw-offline');
	expect(kept.caches).toContain('cw-pages');
}

/** Answers the neutral site's request locally (the tests have no internet). */
async function stubNeutralSite(page: Page): Promise<void> {
	await page
		.context()
		.route('https://www.bbc.co.uk/**', (route) =>
			route.fulfill({ status: 200, contentType: 'text/html', body: '<title>Weather</title>' })
		);
}

test('"Pass" counts as taking part', async ({ browser }) => {
	const outline = sessionOutline(INTRO);
	const poll = firstOfType(outline, 'poll');
	const live = await startLiveSession(browser, ['Lou'], INTRO_TITLES);
	const tablet = await joinOnTablet(browser, live.code, live.pins.Lou!);
	await live.console.getByRole('button', { name: 'Start the session' }).click();
	await goToExercise(live.console, poll.index);
	await passContentNote(tablet);
	await expect(tablet.getByLabel(poll.exercise.options![0]!.label)).toBeVisible();

	await tablet.getByRole('button', { name: 'Pass' }).click();
	await expect(tablet.getByText("You passed on this question. That's fine.")).toBeVisible();
	await expect(tablet.getByTestId('answer-status')).toHaveText('Your answer is saved.');

	const count = live.console.getByTestId('answer-count');
	await expect(count).toContainText('1 of 1 answered');
	await expect(count).toContainText('1 passed');
	await expect(
		live.console.getByTestId('people').getByRole('listitem').filter({ hasText: 'Lou' })
	).toContainText(/·\s*answered/);
});

test('"Not you? Leave" clears everything of hers from a shared tablet', async ({ browser }) => {
	const outline = sessionOutline(INTRO);
	const reflection = firstOfType(outline, 'reflection', (e) => e.keepAuthorLink !== false);
	const live = await startLiveSession(browser, ['Mo'], INTRO_TITLES);
	const tablet = await joinOnTablet(browser, live.code, live.pins.Mo!);
	await live.console.getByRole('button', { name: 'Start the session' }).click();
	await goToExercise(live.console, reflection.index);
	await passContentNote(tablet);
	const text = 'Words only Mo should ever see on this tablet';
	await tablet.getByRole('textbox').fill(text);
	await tablet.getByRole('button', { name: 'Send' }).click();
	await expect(tablet.getByTestId('answer-status')).toHaveText('Your answer is saved.');
	await keepOnDevice(tablet, text);
	const token = (await tablet.context().cookies()).find((c) => c.name === TABLET_COOKIE_NAME);
	expect(token).toBeDefined();

	await tablet.getByRole('button', { name: 'Not you? Leave' }).click();
	await expect(tablet).toHaveURL(/\/join\?left=1$/);
	await expect(tablet.getByRole('status')).toContainText('You have left the session');
	expect(await leftOnDevice(tablet, text)).toEqual(NOTHING_LEFT);
	expect((await tablet.context().cookies()).map((c) => c.name)).not.toContain(TABLET_COOKIE_NAME);

	// Back does not show the session.
	await tablet.goBack();
	await tablet.waitForLoadState();
	if (/\/tablet$/.test(tablet.url())) await expect(tablet).toHaveURL(/\/join/);
	await expect(tablet).not.toHaveURL(/\/tablet$/);
	await expect(tablet.getByRole('heading', { name: 'Join the session' })).toBeVisible();
	await expect(tablet.getByText(text)).toHaveCount(0);
	await tablet.goto('/tablet');
	await expect(tablet).toHaveURL(/\/join$/);

	// The server revoked her token too: the old cookie no longer opens the session.
	const other = await browser.newContext();
	await other.addCookies([{ ...token!, url: BASE_URL, domain: undefined, path: undefined }]);
	const otherPage = await other.newPage();
	await otherPage.goto('/tablet');
	await expect(otherPage).toHaveURL(/\/join$/);
	await expect(live.console.getByTestId('people')).toContainText('Not connected');
});

test('quick exit sends her waiting reflection once and clears the tablet', async ({ browser }) => {
	const outline = sessionOutline(INTRO);
	const reflection = firstOfType(outline, 'reflection', (e) => e.keepAuthorLink !== false);
	const live = await startLiveSession(browser, ['Nell'], INTRO_TITLES);
	const tablet = await joinOnTablet(browser, live.code, live.pins.Nell!);
	await stubNeutralSite(tablet);
	await live.console.getByRole('button', { name: 'Start the session' }).click();
	await goToExercise(live.console, reflection.index);
	await passContentNote(tablet);
	await expect(tablet.getByRole('textbox')).toBeVisible();
	const text = 'Typed in the hall while the Wi-Fi was down';
	await keepOnDevice(tablet, text);

	await tablet.context().setOffline(true);
	await expect(tablet.getByTestId('connection')).toHaveText(/Connecting/);
	await tablet.getByRole('textbox').fill(text);
	await tablet.getByRole('button', { name: 'Send' }).click();
	await expect(tablet.getByTestId('answer-status')).toContainText('Waiting for the connection');
	await tablet.context().setOffline(false);
	await tablet.getByRole('button', { name: 'Quick exit' }).click();
	await expect(tablet).toHaveURL(/bbc\.co\.uk\/weather/);

	// It arrives through the reconnect or the beacon, and only once.
	const queue = live.console.getByTestId('moderation-queue').getByRole('listitem');
	await expect(queue.filter({ hasText: text })).toHaveCount(1);
	await expect(queue).toHaveCount(1);
	const rows = testServices()
		.db.prepare('SELECT COUNT(*) AS n FROM reflections WHERE text = ? AND live_session_id = ?')
		.get(text, live.liveSessionId) as { n: number };
	expect(rows.n).toBe(1);
	await expect(live.console.getByTestId('people')).toContainText('Not connected');

	await tablet.goto(`${BASE_URL}/join`);
	await expect(tablet.getByRole('heading', { name: 'Join the session' })).toBeVisible();
	await expect.poll(() => leftOnDevice(tablet, text)).toEqual(NOTHING_LEFT);
	await tablet.goto('/tablet');
	await expect(tablet).toHaveURL(/\/join$/);
});

test('quick exit hands over her waiting answer in its beacon when the live connection cannot return', async ({
	browser
}) => {
	const outline = sessionOutline(INTRO);
	const reflection = firstOfType(outline, 'reflection', (e) => e.keepAuthorLink !== false);
	const live = await startLiveSession(browser, ['Sal'], INTRO_TITLES);
	const tablet = await joinOnTablet(browser, live.code, live.pins.Sal!);
	await stubNeutralSite(tablet);
	await live.console.getByRole('button', { name: 'Start the session' }).click();
	await goToExercise(live.console, reflection.index);
	await passContentNote(tablet);
	await expect(tablet.getByRole('textbox')).toBeVisible();

	await tablet.context().setOffline(true);
	await expect(tablet.getByTestId('connection')).toHaveText(/Connecting/);
	const text = 'Only the beacon can carry this one';
	await tablet.getByRole('textbox').fill(text);
	await tablet.getByRole('button', { name: 'Send' }).click();
	await expect(tablet.getByTestId('answer-status')).toContainText('Waiting for the connection');
	// The network returns, but the live connection cannot: only the beacon can deliver it.
	await tablet.routeWebSocket(/socket\.io/, (ws) => ws.close());
	await tablet.route('**/socket.io/**', (route) => route.abort());
	await tablet.context().setOffline(false);
	await expect(tablet.getByTestId('connection')).toHaveText(/Connecting/);
	await tablet.getByRole('button', { name: 'Quick exit' }).click();
	await expect(tablet).toHaveURL(/bbc\.co\.uk\/weather/);

	const queue = live.console.getByTestId('moderation-queue').getByRole('listitem');
	await expect(queue).toHaveCount(1);
	await expect(queue).toContainText(text);
	await expect(live.console.getByTestId('answer-count')).toContainText('1 of 1 answered');
});

test('leaving clears the site data, and a bad body never stops her leaving', async ({
	browser,
	request
}) => {
	const live = await startLiveSession(browser, ['Tia'], INTRO_TITLES);
	const join = async () => {
		const joined = await request.post('/join', {
			form: { code: live.code, pin: live.pins.Tia! },
			headers: { origin: BASE_URL, accept: 'text/html' },
			maxRedirects: 0
		});
		expect(joined.status()).toBe(303);
		return new RegExp(`${TABLET_COOKIE_NAME}=[^;]+`).exec(joined.headers()['set-cookie'] ?? '')![0];
	};
	const opensTheSession = async (cookie: string) => {
		const page = await request.get('/tablet', { headers: { cookie }, maxRedirects: 0 });
		return page.status() === 200;
	};

	// A beacon whose body is too big (or not JSON) still ends her place.
	const first = await join();
	expect(await opensTheSession(first)).toBe(true);
	for (const data of ['x'.repeat(70_000), '{not json']) {
		const left = await request.post('/tablet/leave?beacon=1', {
			headers: { origin: BASE_URL, cookie: first, 'content-type': 'text/plain' },
			data
		});
		expect(left.status()).toBe(204);
		expect(left.headers()['clear-site-data']).toBe('"cache", "storage"');
	}
	expect(await opensTheSession(first)).toBe(false);

	// The Finish form leaves too, and lands on the join page.
	const second = await join();
	const finished = await request.post('/tablet/leave', {
		headers: {
			origin: BASE_URL,
			cookie: second,
			'content-type': 'application/x-www-form-urlencoded'
		},
		maxRedirects: 0
	});
	expect(finished.status()).toBe(303);
	expect(finished.headers()['location']).toBe('/join?left=1');
	expect(finished.headers()['clear-site-data']).toBe('"cache", "storage"');
	expect(await opensTheSession(second)).toBe(false);
});

test('the tablet says in plain words who will see each answer', async ({ browser }) => {
	const modules = ['introduction', 'victim-awareness', 'self-and-group-assessment'];
	const outline = sessionOutline(modules);
	const reflection = firstOfType(outline, 'reflection', (e) => e.keepAuthorLink !== false);
	const worksheet = firstOfType(outline, 'worksheet', (e) => content(e).visibility === 'report');
	const unlinked = firstOfType(outline, 'reflection', (e) => e.keepAuthorLink === false);
	const live = await startLiveSession(
		browser,
		['Ola'],
		['1. Introduction', '5. Victim Awareness', '8. Self and Group Assessment']
	);
	const tablet = await joinOnTablet(browser, live.code, live.pins.Ola!);
	await live.console.getByRole('button', { name: 'Start the session' }).click();
	const statement = tablet.getByTestId('visibility-statement');

	await goToExercise(live.console, reflection.index);
	await passContentNote(tablet);
	await expect(tablet.getByTestId('visibility')).toHaveText('Shared anonymously with the group');
	await expect(statement).toHaveText(
		'Your words may be shown to the group with no name. Facilitators cannot see who wrote them. Only the safeguarding lead can find out, and only if a child may be at risk.'
	);

	await goToExercise(live.console, worksheet.index);
	await passContentNote(tablet);
	await expect(tablet.getByTestId('visibility')).toHaveText('May be used in your report');
	await expect(statement).toHaveText(
		'Your facilitators will see this with your name, and it may be used in your report.'
	);
	await expectNoSeriousA11yViolations(tablet);

	await goToExercise(live.console, unlinked.index);
	await passContentNote(tablet);
	await expect(statement).toHaveText(
		'Your words may be shown to the group with no name. Nobody can find out who wrote them, not even staff.'
	);
});

test('Read aloud reads the question and every option', async ({ browser }) => {
	const outline = sessionOutline(INTRO);
	const poll = firstOfType(outline, 'poll');
	const live = await startLiveSession(browser, ['Pat'], INTRO_TITLES);
	const tablet = await joinOnTablet(browser, live.code, live.pins.Pat!);
	await tablet.addInitScript(() => {
		const spoken: string[] = [];
		(window as unknown as { spoken: string[] }).spoken = spoken;
		window.speechSynthesis.speak = (utterance: SpeechSynthesisUtterance) => {
			spoken.push(utterance.text);
		};
	});
	await tablet.reload();
	await live.console.getByRole('button', { name: 'Start the session' }).click();
	await goToExercise(live.console, poll.index);
	await passContentNote(tablet);
	await expect(tablet.getByLabel(poll.exercise.options![0]!.label)).toBeVisible();

	await tablet.getByRole('button', { name: 'Read aloud' }).click();
	await expect(tablet.getByRole('button', { name: 'Stop reading' })).toBeVisible();
	const spoken = (
		await tablet.evaluate(() => (window as unknown as { spoken: string[] }).spoken)
	).join(' ');
	expect(spoken).toContain(content(poll.exercise).prompt!);
	for (const option of poll.exercise.options!) expect(spoken).toContain(option.label);
	await tablet.getByRole('button', { name: 'Stop reading' }).click();
	await expect(tablet.getByRole('button', { name: 'Read aloud' })).toBeVisible();
});

test('"Simpler words" sticks for the rest of her session, and Read aloud uses it', async ({
	browser
}) => {
	const outline = sessionOutline(INTRO);
	const first = firstOfType(outline, 'poll', (e) => Boolean(content(e).easyRead));
	const later = firstOfType(
		outline,
		'reflection',
		(e) => Boolean(content(e).easyRead) && outline.indexOf(e) > first.index
	);
	const live = await startLiveSession(browser, ['Quin'], INTRO_TITLES);
	const tablet = await joinOnTablet(browser, live.code, live.pins.Quin!);
	await tablet.addInitScript(() => {
		const spoken: string[] = [];
		(window as unknown as { spoken: string[] }).spoken = spoken;
		window.speechSynthesis.speak = (utterance: SpeechSynthesisUtterance) => {
			spoken.push(utterance.text);
		};
	});
	await live.console.getByRole('button', { name: 'Start the session' }).click();
	await goToExercise(live.console, first.index);
	await passContentNote(tablet);
	const simpler = tablet.getByRole('button', { name: 'Simpler words' });
	await expect(simpler).toHaveAttribute('aria-pressed', 'false');
	await expect(tablet.getByText(content(first.exercise).prompt!)).toBeVisible();
	await simpler.click();
	await expect(tablet.getByText(content(first.exercise).easyRead!)).toBeVisible();

	await goToExercise(live.console, later.index);
	await passContentNote(tablet);
	await expect(simpler).toHaveAttribute('aria-pressed', 'true');
	await expect(tablet.getByText(content(later.exercise).easyRead!)).toBeVisible();
	await expect(tablet.getByText(content(later.exercise).prompt!, { exact: true })).toHaveCount(0);

	// It survives a reload of the page, and Read aloud reads the wording shown.
	await tablet.reload();
	await passContentNote(tablet);
	await expect(simpler).toHaveAttribute('aria-pressed', 'true');
	await tablet.getByRole('button', { name: 'Read aloud' }).click();
	const spoken = (
		await tablet.evaluate(() => (window as unknown as { spoken: string[] }).spoken)
	).join(' ');
	expect(spoken).toContain(content(later.exercise).easyRead!);
	expect(spoken).not.toContain(content(later.exercise).prompt!);
});

test('when the session ends, the tablet says so, then clears itself', async ({ browser }) => {
	const live = await startLiveSession(browser, ['Rae'], INTRO_TITLES);
	const tablet = await joinOnTablet(browser, live.code, live.pins.Rae!);
	await live.console.getByRole('button', { name: 'Start the session' }).click();
	await keepOnDevice(tablet, 'Rae was here');
	live.console.once('dialog', (dialog) => void dialog.accept());
	await live.console.getByRole('button', { name: 'End session' }).click();
	await expect(tablet.getByRole('heading', { name: 'The session has ended' })).toBeVisible();
	await expect(tablet).toHaveURL(/\/join\?ended=1$/, { timeout: 15_000 });
	await expect(tablet.getByRole('status')).toContainText('The session has ended');
	expect(await leftOnDevice(tablet, 'Rae was here')).toEqual(NOTHING_LEFT);
	await tablet.goBack();
	await tablet.waitForLoadState();
	await expect(tablet).not.toHaveURL(/\/tablet$/);
});
