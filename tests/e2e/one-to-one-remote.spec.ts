import type { Browser, Page } from '@playwright/test';
import { io } from 'socket.io-client';
import { expectNoSeriousA11yViolations } from './a11y';
import {
	BASE_URL,
	createEnrolledCase,
	createStaffAccount,
	expect,
	signInAs,
	test,
	testServices
} from './fixtures';
import { firstOfType, goToExercise, sessionOutline } from './live-helpers';

// Chromium's fake camera and microphone, and loopback-only WebRTC, for this file only.
test.use({
	launchOptions: {
		executablePath: '/usr/bin/chromium',
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
			'--use-fake-ui-for-media-stream',
			'--use-fake-device-for-media-stream',
			'--disable-features=WebRtcHideLocalIpsWithMdns',
			'--allow-loopback-in-peer-connection'
		]
	}
});

const PERMISSIONS = ['camera', 'microphone'];

/** A facilitator creates a one-to-one remote session for Sam and lands on its console. */
async function startOneToOne(browser: Browser) {
	const facilitator = await createStaffAccount('facilitator');
	const context = await browser.newContext({
		permissions: PERMISSIONS,
		viewport: { width: 1440, height: 1000 }
	});
	const page = await context.newPage();
	await signInAs(page, facilitator);
	await page.goto('/live');
	await page.getByLabel('Session name').fill('Sam – one-to-one, week 1');
	await page.getByRole('checkbox', { name: 'Introduction' }).check();
	await page.getByLabel("Participants' first names").fill('Sam');
	await page.getByRole('checkbox', { name: /One-to-one remote/ }).check();
	await page.getByRole('button', { name: 'Create session and open console' }).click();
	await expect(page).toHaveURL(/\/console\/[a-z2-7]{25}$/);
	const panel = page.getByTestId('one-to-one');
	await expect(panel.getByTestId('join-pin')).toHaveText(/^\d{4}$/);
	const link = await panel.getByTestId('join-link').inputValue();
	const pin = (await panel.getByTestId('join-pin').textContent())!.trim();
	expect(link).toMatch(/\/join\?code=[A-Z0-9]{6}$/);
	return { facilitator, console: page, link, pin };
}

/** She opens her link on a phone, types her PIN, and confirms the notice. */
async function joinFromPhone(browser: Browser, link: string, pin: string): Promise<Page> {
	const context = await browser.newContext({
		permissions: PERMISSIONS,
		viewport: { width: 390, height: 844 },
		isMobile: true,
		hasTouch: true
	});
	const page = await context.newPage();
	await page.goto(link);
	await page.getByLabel('Your PIN').fill(pin);
	await page.getByRole('button', { name: 'Join' }).click();
	await expect(page).toHaveURL(/\/tablet$/);
	return page;
}

/** Every way a video can show it is really playing a live remote track. */
async function expectLiveVideo(page: Page) {
	const video = page.getByTestId('remote-video');
	await expect
		.poll(
			() =>
				video.evaluate((v: HTMLVideoElement) => {
					const stream = v.srcObject as MediaStream | null;
					const track = stream?.getVideoTracks()[0];
					return (
						v.readyState >= 2 &&
						v.videoWidth > 0 &&
						track !== undefined &&
						track.readyState === 'live'
					);
				}),
			{ timeout: 15_000 }
		)
		.toBe(true);
}

test('a one-to-one remote session: call, named answers, quick exit and rejoining', async ({
	browser
}) => {
	test.setTimeout(90_000);
	const { console: consolePage, link, pin } = await startOneToOne(browser);
	const panel = consolePage.getByTestId('one-to-one');
	await expect(panel.getByTestId('her-connection')).toHaveText('Sam has not joined yet.');

	const phone = await joinFromPhone(browser, link, pin);

	// Before anything else she sees, plainly, that her answers are not anonymous.
	const notice = phone.getByRole('dialog', { name: 'Your answers are not anonymous here' });
	await expect(notice).toBeVisible();
	await expect(panel.getByTestId('her-view')).toHaveText(
		/reading the notice that her answers are not anonymous/
	);
	// The notice makes the page behind it inert, so it carries its own Quick exit.
	await expect(notice.getByRole('button', { name: 'Quick exit' })).toBeVisible();
	await notice.getByRole('button', { name: 'I understand' }).click();
	await expect(notice).toBeHidden();
	await expect(phone.getByTestId('not-anonymous-line')).toContainText(
		'your answers are not anonymous'
	);

	// The call connects both ways with live video.
	await expect(phone.getByTestId('call-status')).toHaveText(/In the call with Fay Test/);
	await expect(panel.getByTestId('call-status')).toHaveText(/In the call with Sam/);
	await expectLiveVideo(phone);
	await expectLiveVideo(consolePage);
	await expect(panel.getByTestId('call-quality')).toHaveText(/connection/);

	// Mute and camera off show on the other side.
	await phone.getByRole('button', { name: 'Turn camera off' }).click();
	await expect(panel.getByTestId('call')).toContainText('The camera of Sam is off.');
	await phone.getByRole('button', { name: 'Turn camera on' }).click();

	// The same exercise as in the room; the console shows her answer with her name.
	await consolePage.getByRole('button', { name: 'Start the session' }).click();
	await expect(panel.getByTestId('her-view')).toHaveText(/Exercise 1 of \d+: Welcome/);
	const outline = sessionOutline(['introduction']);
	const reflection = firstOfType(outline, 'reflection');
	await goToExercise(consolePage, reflection.index);
	await expect(panel.getByTestId('her-view')).toContainText(reflection.exercise.title);
	// Above the question, the group's wording gives way to hers: not anonymous.
	await expect(phone.getByTestId('visibility')).toHaveText(
		'Seen by your facilitator, with your name'
	);
	await expect(phone.getByTestId('visibility-statement')).toContainText('not anonymous');
	await expect(phone.getByText('Facilitators cannot see who wrote them')).toHaveCount(0);
	const words = 'I hope to understand what happened and keep my children safe.';
	await phone.getByRole('textbox').fill(words);
	await phone.getByRole('button', { name: 'Send' }).click();
	await expect(phone.getByTestId('answer-status')).toHaveText('Your answer is saved.');
	await expect(panel.getByTestId('her-answers')).toContainText(`Sam: ${words}`);

	await expectNoSeriousA11yViolations(phone);
	await expectNoSeriousA11yViolations(consolePage);

	// A reload brings her back to the same exercise, and the call reconnects.
	await phone.reload();
	await expect(phone.getByRole('dialog')).toBeHidden();
	await expect(phone.getByTestId('position')).toHaveText(new RegExp(`^${reflection.index + 1} of`));
	await expect(phone.getByRole('textbox')).toBeVisible();
	await expect(phone.getByTestId('call-status')).toHaveText(/In the call with Fay Test/);
	await expectLiveVideo(phone);
	await expectLiveVideo(consolePage);

	// Quick exit ends the call at once on both sides.
	await phone.getByRole('button', { name: 'Quick exit' }).click();
	await expect(panel.getByTestId('call-status')).toHaveText(/She has left the call/, {
		timeout: 5000
	});
	await expect(panel.getByTestId('her-connection')).toHaveText(/Sam has left/);

	// She rejoins with the same link and PIN: the same exercise, and the call again.
	const again = await joinFromPhone(browser, link, pin);
	await again
		.getByRole('dialog', { name: 'Your answers are not anonymous here' })
		.getByRole('button', { name: 'I understand' })
		.click();
	await expect(again.getByTestId('position')).toHaveText(new RegExp(`^${reflection.index + 1} of`));
	await expect(again.getByTestId('call-status')).toHaveText(/In the call with Fay Test/);
	await expectLiveVideo(again);
	await expectLiveVideo(consolePage);
	await expect(panel.getByTestId('her-connection')).toHaveText('Sam is connected.');
});

test('the facilitator hands a segment to her own pace and takes it back', async ({ browser }) => {
	test.setTimeout(60_000);
	const { console: consolePage, link, pin } = await startOneToOne(browser);
	const panel = consolePage.getByTestId('one-to-one');
	const phone = await joinFromPhone(browser, link, pin);
	await phone.getByRole('button', { name: 'I understand' }).click();
	await consolePage.getByRole('button', { name: 'Start the session' }).click();
	await expect(panel.getByTestId('pace')).toHaveText('You are leading.');
	await expect(phone.getByTestId('own-pace')).toBeHidden();

	await panel.getByLabel('Her own pace until').selectOption({ index: 2 });
	await panel.getByRole('button', { name: 'Hand to her own pace' }).click();
	await expect(panel.getByTestId('pace')).toHaveText(/own pace \(exercises 1 to 3\)/);
	const own = phone.getByTestId('own-pace');
	await expect(own).toBeVisible();
	await own.getByRole('button', { name: 'Next' }).click();
	await expect(phone.getByTestId('position')).toHaveText(/^2 of/);
	await expect(panel.getByTestId('her-view')).toHaveText(/Exercise 2 of/);
	await own.getByRole('button', { name: 'Next' }).click();
	await expect(phone.getByTestId('position')).toHaveText(/^3 of/);
	await expect(own.getByRole('button', { name: 'Next' })).toBeDisabled();

	await panel.getByRole('button', { name: 'Take back the lead' }).click();
	await expect(panel.getByTestId('pace')).toHaveText('You are leading.');
	await expect(phone.getByTestId('own-pace')).toBeHidden();
	await expect(phone.getByTestId('position')).toHaveText(/^3 of/);
});

test('from her case record: one-to-one remote sessions are scheduled, run, and her attendance counts', async ({
	browser
}) => {
	test.setTimeout(60_000);
	const coordinator = await createStaffAccount('coordinator');
	const facilitator = await createStaffAccount('facilitator');
	const { id: caseId, pin } = createEnrolledCase(
		coordinator,
		{ firstName: 'Robin', lastName: 'Hale', children: [{ initials: 'RH', age: 9 }] },
		{
			groupId: null,
			suitability: 'one-to-one-remote',
			familyDynamics: 'Lives alone with her son, an hour from the nearest group.'
		}
	);

	// The coordinator schedules her sessions from her record, starting now.
	const coordinatorPage = await (await browser.newContext()).newPage();
	await signInAs(coordinatorPage, coordinator);
	await coordinatorPage.goto(`/cases/${caseId}`);
	const section = coordinatorPage.getByRole('region', { name: 'One-to-one remote sessions' });
	const london = new Date();
	const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(london);
	const time = new Intl.DateTimeFormat('en-GB', {
		timeZone: 'Europe/London',
		hour: '2-digit',
		minute: '2-digit',
		hour12: false
	}).format(london);
	await section.getByLabel('Facilitator').selectOption(facilitator.id);
	await section.getByLabel('First session').fill(date);
	await section.getByLabel('Time').fill(time);
	await section.getByRole('button', { name: 'Schedule ten one-to-one remote sessions' }).click();
	await expect(section).toContainText('Her ten one-to-one remote sessions are scheduled');
	await expectNoSeriousA11yViolations(coordinatorPage);

	// Her facilitator starts session 1 from the record and sees the link and PIN to send her.
	const consoleContext = await browser.newContext({
		permissions: PERMISSIONS,
		viewport: { width: 1440, height: 1000 }
	});
	const consolePage = await consoleContext.newPage();
	await signInAs(consolePage, facilitator);
	await consolePage.goto(`/cases/${caseId}`);
	await consolePage
		.getByRole('region', { name: 'One-to-one remote sessions' })
		.getByRole('button', { name: 'Start one-to-one session 1' })
		.click();
	await expect(consolePage).toHaveURL(/\/console\/[a-z2-7]{25}$/);
	const panel = consolePage.getByTestId('one-to-one');
	await expect(panel.getByTestId('join-pin')).toHaveText(pin);
	await expect(panel.getByRole('link', { name: 'Printable card' })).toHaveAttribute(
		'href',
		`/cases/${caseId}/card`
	);
	const link = await panel.getByTestId('join-link').inputValue();

	const phone = await joinFromPhone(browser, link, pin);
	await phone.getByRole('button', { name: 'I understand' }).click();
	await expect(panel.getByTestId('call-status')).toHaveText(/In the call with Robin/);
	await expect(panel.getByTestId('her-connection')).toHaveText('Robin is connected.');

	// Her arrival is on her record, as for a group session.
	await coordinatorPage.reload();
	await expect(
		coordinatorPage.getByTestId('attendance').getByTestId('session-1').getByTestId('mark')
	).toHaveText('Present');

	// Her printed card says how to join from home.
	await coordinatorPage.goto(`/cases/${caseId}/card`);
	await expect(coordinatorPage.getByTestId('card-pin')).toHaveText(pin);
	await expect(coordinatorPage.getByRole('article')).toContainText(
		'Before each session your facilitator sends you a link'
	);
});

test('when her camera and microphone are refused she is told plainly, still sees the facilitator, and gets the meeting link', async ({
	browser
}) => {
	test.setTimeout(60_000);
	const { console: consolePage, link, pin } = await startOneToOne(browser);
	const panel = consolePage.getByTestId('one-to-one');
	const context = await browser.newContext({
		viewport: { width: 390, height: 844 },
		isMobile: true
	});
	// As when she presses "Block" on the browser's question.
	await context.addInitScript(() => {
		navigator.mediaDevices.getUserMedia = () =>
			Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
	});
	const phone = await context.newPage();
	await phone.goto(link);
	await phone.getByLabel('Your PIN').fill(pin);
	await phone.getByRole('button', { name: 'Join' }).click();
	await phone.getByRole('button', { name: 'I understand' }).click();

	await expect(phone.getByTestId('call-problem')).toContainText(
		'We could not use the camera or microphone on this device'
	);
	await expect(phone.getByRole('button', { name: 'Mute microphone' })).toBeDisabled();
	// The call still connects one way: she sees and hears the facilitator.
	await expect(phone.getByTestId('call-status')).toHaveText(/In the call with Fay Test/);
	await expectLiveVideo(phone);
	await expect(panel.getByTestId('call')).toContainText('The camera of Sam is off.');

	await panel
		.getByLabel('Meeting link if the call will not connect')
		.fill('https://meet.example.org/sam-week-1');
	await panel.getByRole('button', { name: 'Share' }).click();
	await expect(panel).toContainText('She can see the link now.');
	await expect(phone.getByRole('link', { name: /Open the meeting link/ })).toHaveAttribute(
		'href',
		'https://meet.example.org/sam-week-1'
	);
});

test('only the facilitator running it can follow her or signal into her call', async ({
	browser
}) => {
	const { console: consolePage } = await startOneToOne(browser);
	const liveSessionId = consolePage.url().split('/').pop()!;
	const stranger = await createStaffAccount('facilitator');
	const session = testServices().sessions.create(stranger.id);
	const socket = io(BASE_URL, {
		path: '/socket.io',
		transports: ['websocket'],
		reconnection: false,
		auth: { audience: 'staff' },
		extraHeaders: { cookie: `cw_session=${session.token}` }
	});
	await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
	const ask = (event: string, ...args: unknown[]) =>
		new Promise<{ ok: boolean; error?: { code: string; message: string } }>((resolve) =>
			socket.emit(event, ...args, resolve)
		);
	const watch = await ask('o2o:watch', liveSessionId);
	const hello = await ask('rtc:signal', { liveSessionId, signal: { kind: 'hello' } });
	const offer = await ask('rtc:signal', {
		liveSessionId,
		signal: { kind: 'offer', sdp: 'v=0' }
	});
	const junk = await ask('rtc:signal', { liveSessionId, signal: { kind: 'chat', text: 'hi' } });
	socket.close();
	expect(watch).toMatchObject({ ok: false, error: { code: 'forbidden' } });
	expect(hello).toMatchObject({ ok: false, error: { code: 'forbidden' } });
	expect(offer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
	expect(junk).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
	// The facilitator's own console is untouched.
	await expect(consolePage.getByTestId('one-to-one').getByTestId('call-status')).toHaveText(
		'Waiting for her to join the call.'
	);
});
