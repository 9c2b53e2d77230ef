import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DisplaySnapshot, TabletSnapshot } from '../../shared/live';
import {
	emitWithAck,
	startTestRealtime,
	type ClientSocket,
	type TestRealtime
} from './test-server';

let rt: TestRealtime;
let exerciseId: string;

beforeAll(async () => {
	rt = await startTestRealtime();
	const facilitator = { id: rt.staff.facilitator.id, role: 'facilitator' as const };
	const { outline } = rt.services.live.staffSnapshot(rt.session.id, new Set(), rt.url);
	const index = outline.findIndex((item) => item.type === 'reflection');
	exerciseId = outline[index]!.exerciseId;
	rt.services.live.command(facilitator, rt.session.id, { type: 'start' });
	rt.services.live.command(facilitator, rt.session.id, { type: 'goto', index });
	rt.services.live.command(facilitator, rt.session.id, { type: 'open' });
}, 30_000);

afterAll(async () => {
	await rt?.close();
});

async function amysTablet(): Promise<{ socket: ClientSocket; received: TabletSnapshot[] }> {
	const { socket, refusal } = await rt.client({
		auth: { audience: 'tablet' },
		cookie: `cw_tablet=${rt.session.amyToken}`
	});
	expect(refusal).toBeUndefined();
	const received: TabletSnapshot[] = [];
	socket.on('live:tablet', (snapshot) => received.push(snapshot));
	return { socket, received };
}

function until<T>(list: T[], found: (item: T) => boolean, what: string): Promise<T> {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const check = () => {
			const item = list.find(found);
			if (item) resolve(item);
			else if (Date.now() - started > 3000) reject(new Error(`no ${what} within 3 s`));
			else setTimeout(check, 10);
		};
		check();
	});
}

async function submit(socket: ClientSocket, clientId: string): Promise<number> {
	const ack = (await emitWithAck(socket, 'tablet:submit', [
		{ clientId, exerciseId, answer: { type: 'reflection', text: 'I wish I had known sooner.' } }
	])) as { ok: boolean; data: { version: number } };
	expect(ack.ok).toBe(true);
	return ack.data.version;
}

describe('after a submission', () => {
	it('the projector is sent the new state; her tablet has only the acknowledgement, unless she has another device open', async () => {
		const { socket: projector } = await rt.client({
			auth: { audience: 'display', liveSessionId: rt.session.id, key: rt.session.displayKey }
		});
		const shown: DisplaySnapshot[] = [];
		projector.on('live:display', (snapshot) => shown.push(snapshot));
		const first = await amysTablet();

		const v1 = await submit(first.socket, 'broadcast-0001');
		await until(shown, (s) => s.version >= v1, 'projector snapshot');
		// Everything of that turn has been sent by now; give the rest of the turn a moment.
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(first.received).toEqual([]);

		const second = await amysTablet();
		const v2 = await submit(first.socket, 'broadcast-0002');
		const onOther = await until(
			second.received,
			(s) => s.version >= v2,
			'snapshot on her other device'
		);
		expect(onOther.firstName).toBe('Amy');
		await until(shown, (s) => s.version >= v2, 'projector snapshot');
	});
});
