import { io, type Socket } from 'socket.io-client';
import { BASE_URL, expect, test } from './fixtures';
import { startLiveSession } from './live-helpers';

type AnySocket = Socket;

async function tabletSocket(cookie: string): Promise<AnySocket> {
	const socket = io(BASE_URL, {
		path: '/socket.io',
		transports: ['websocket'],
		reconnection: false,
		auth: { audience: 'tablet' },
		extraHeaders: { cookie }
	});
	await new Promise<void>((resolve, reject) => {
		socket.on('connect', () => resolve());
		socket.on('connect_error', (err) => reject(err));
	});
	return socket;
}

function ask(
	socket: AnySocket,
	event: string,
	...args: unknown[]
): Promise<{ ok: boolean; error?: { code: string; message: string } }> {
	return socket.timeout(5000).emitWithAck(event, ...args) as never;
}

test('bad input over the socket gets a clear error, and the server keeps running', async ({
	browser,
	request
}) => {
	const live = await startLiveSession(browser, ['Hana'], ['1. Introduction']);
	const joined = await request.post('/join', {
		form: { code: live.code, pin: live.pins.Hana! },
		headers: { origin: BASE_URL, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(joined.status()).toBe(303);
	const setCookie = joined.headers()['set-cookie'] ?? '';
	const cookie = /cw_tablet=[^;]+/.exec(setCookie)![0];
	const socket = await tabletSocket(cookie);

	const malformed = await ask(socket, 'tablet:submit', { clientId: 'x', answer: 42 });
	expect(malformed).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
	expect(malformed.error!.message.length).toBeGreaterThan(5);

	const oversized = await ask(socket, 'tablet:submit', {
		clientId: 'client-0000001',
		exerciseId: 'anything',
		answer: { type: 'reflection', text: 'x'.repeat(5000) }
	});
	expect(oversized).toMatchObject({ ok: false, error: { code: 'invalid-input' } });

	const unknown = await ask(socket, 'tablet:submit', {
		clientId: 'client-0000002',
		exerciseId: 'no-such-exercise',
		answer: { type: 'pass' }
	});
	expect(unknown).toMatchObject({ ok: false, error: { code: 'not-found' } });

	// A tablet cannot steer the session or read staff views.
	const command = await ask(socket, 'live:command', {
		liveSessionId: live.liveSessionId,
		command: { type: 'next' }
	});
	expect(command).toMatchObject({ ok: false, error: { code: 'forbidden' } });
	const watch = await ask(socket, 'live:watch', live.liveSessionId);
	expect(watch).toMatchObject({ ok: false, error: { code: 'forbidden' } });

	// After the session ends, the same tablet token is refused.
	live.console.once('dialog', (dialog) => void dialog.accept());
	await live.console.getByRole('button', { name: 'End session' }).click();
	socket.close();
	await expect(live.console.getByRole('heading', { name: 'This session has ended' })).toBeVisible();
	const after = io(BASE_URL, {
		path: '/socket.io',
		transports: ['websocket'],
		reconnection: false,
		auth: { audience: 'tablet' },
		extraHeaders: { cookie }
	});
	const refused = await new Promise<string>((resolve) => {
		after.on('connect', () => resolve('connected'));
		after.on('connect_error', (err: Error) => resolve(err.message));
	});
	after.close();
	expect(refused).toBe('This session has ended. Thank you for taking part.');

	// The server is still up.
	expect((await request.get('/health')).ok()).toBe(true);
});

test('a projector link without the right key is refused', async ({ browser }) => {
	const live = await startLiveSession(browser, ['Ivy'], ['1. Introduction']);
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto(`/display/${live.liveSessionId}#key=wrongwrongwrongwrongwrong`);
	await expect(page.getByRole('alert')).toHaveText(
		'This projector link is no longer valid. Open it again from the console.'
	);
});
