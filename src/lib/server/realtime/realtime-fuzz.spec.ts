import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, HandshakeAuth } from '../../shared/realtime-events';
import { EVENT_LIMITS } from './event-limits';
import {
	emitWithAck,
	startTestRealtime,
	type ClientSocket,
	type TestRealtime
} from './test-server';

/**
 * Property-based fuzzing of every socket event against the real server: whatever a client
 * sends, the server answers with a clear error in the ack (or a notice when there is no
 * ack to answer), never a server error, and the connection stays usable.
 */
type Event = keyof ClientToServerEvents;

let rt: TestRealtime;
beforeAll(async () => {
	rt = await startTestRealtime();
	const facilitator = { id: rt.staff.facilitator.id, role: 'facilitator' as const };
	rt.services.live.command(facilitator, rt.session.id, { type: 'start' });
	rt.services.live.command(facilitator, rt.session.id, { type: 'goto', index: 1 });
	rt.services.live.command(facilitator, rt.session.id, { type: 'open' });
}, 30_000);
afterAll(async () => {
	await rt?.close();
});

/** Events only the woman's own device sends in a one-to-one session. */
const ONE_TO_ONE_TABLET: Event[] = ['o2o:tablet', 'o2o:move', 'o2o:presence'];
const fromTablet = (event: Event) =>
	event.startsWith('tablet:') || ONE_TO_ONE_TABLET.includes(event);

/** Who may send each event, so the fuzzed payload reaches its schema, not just the role check. */
function senderOf(event: Event): { auth: HandshakeAuth; cookie?: string } {
	if (ONE_TO_ONE_TABLET.includes(event))
		return { auth: { audience: 'tablet' }, cookie: `cw_tablet=${rt.oneToOneSession.samToken}` };
	if (event.startsWith('tablet:'))
		return { auth: { audience: 'tablet' }, cookie: `cw_tablet=${rt.session.amyToken}` };
	if (event.startsWith('display:'))
		return {
			auth: { audience: 'display', liveSessionId: rt.session.id, key: rt.session.displayKey }
		};
	return { auth: { audience: 'staff' }, cookie: rt.staff.facilitator.cookie };
}

/** Payloads: anything, and near-misses of the real shapes. */
const payload = fc.oneof(
	fc.anything({ maxDepth: 3 }),
	fc.string({ maxLength: 60 }),
	fc.record(
		{
			liveSessionId: fc.oneof(fc.string({ maxLength: 30 }), fc.constant('a'.repeat(25))),
			command: fc.oneof(
				fc.anything({ maxDepth: 2 }),
				fc.record({
					type: fc.constantFrom('goto', 'open', 'moderate', 'mark-concern', 'nope', ''),
					index: fc.oneof(fc.integer(), fc.double(), fc.string()),
					reflectionId: fc.string({ maxLength: 70 })
				})
			),
			note: fc.anything({ maxDepth: 2 })
		},
		{ requiredKeys: [] }
	),
	fc.record(
		{
			clientId: fc.string({ maxLength: 80 }),
			exerciseId: fc.oneof(fc.constant('intro-check-in'), fc.string({ maxLength: 70 })),
			answer: fc.oneof(
				fc.anything({ maxDepth: 2 }),
				fc.record({
					type: fc.constantFrom('checkin', 'poll', 'pass', 'reflection', 'x'),
					value: fc.oneof(fc.integer(), fc.string()),
					text: fc.string({ maxLength: 200 })
				})
			)
		},
		{ requiredKeys: [] }
	)
);

type Reply = { ok: true; data: unknown } | { ok: false; error: { code: string; message: string } };

/** A fresh connection every few messages, so the rate limit does not hide the schema. */
async function connections(event: Event) {
	let socket: ClientSocket | undefined;
	let used = 0;
	return async (): Promise<ClientSocket> => {
		if (!socket || used >= 3) {
			socket?.disconnect();
			const opened = await rt.client(senderOf(event));
			expect(opened.refusal).toBeUndefined();
			socket = opened.socket;
			used = 0;
		}
		used++;
		return socket;
	};
}

describe('socket events under fuzzing', () => {
	for (const event of Object.keys(EVENT_LIMITS) as Event[]) {
		it(`${event}: a clear error for anything malformed, and the connection stays usable`, async () => {
			const next = await connections(event);
			await fc.assert(
				fc.asyncProperty(payload, async (input) => {
					const socket = await next();
					const takesInput = ![
						'staff:whoami',
						'display:snapshot',
						'tablet:snapshot',
						'tablet:pause',
						'o2o:tablet'
					].includes(event);
					const reply = (await emitWithAck(socket, event, takesInput ? [input] : [])) as Reply;
					if (!reply.ok) {
						expect(reply.error.code).not.toBe('server-error');
						expect(reply.error.message.trim().length).toBeGreaterThan(5);
					}
					expect(socket.connected).toBe(true);
				}),
				{ numRuns: 24, seed: 1124 }
			);
			// Still usable after all that: a well-formed request is answered.
			const socket = await next();
			const probe = fromTablet(event)
				? 'tablet:snapshot'
				: event.startsWith('display:')
					? 'display:snapshot'
					: 'staff:whoami';
			expect(await emitWithAck(socket, probe, [])).toMatchObject({ ok: true });
		}, 30_000);
	}

	it('answers a message with no reply function with a notice, and keeps the connection', async () => {
		const { socket } = await rt.client(senderOf('live:command'));
		const notice = new Promise<string>((resolve) =>
			socket.once('notice', (n) => resolve(n.message))
		);
		(socket as unknown as { emit: (e: string, ...a: unknown[]) => void }).emit(
			'live:command',
			{ liveSessionId: rt.session.id, command: { type: 'open' } },
			'not a function'
		);
		expect(await notice).toMatch(/ignored/);
		expect(await emitWithAck(socket, 'staff:whoami', [])).toMatchObject({ ok: true });
	});

	it('limits the rate of every event with a clear error, and the connection stays open', async () => {
		for (const event of ['tablet:pause', 'tablet:snapshot', 'tablet:submit'] as Event[]) {
			const { socket } = await rt.client(senderOf(event));
			const limit = EVENT_LIMITS[event].burst;
			const replies = (await Promise.all(
				Array.from({ length: limit + 5 }, (_, i) =>
					emitWithAck(
						socket,
						event,
						event === 'tablet:submit'
							? [
									{
										clientId: `rate-limit-${i}-client`,
										exerciseId: 'intro-check-in',
										answer: { type: 'pass' }
									}
								]
							: []
					)
				)
			)) as Reply[];
			const limited = replies.filter((r) => !r.ok && r.error.code === 'rate-limited');
			expect(limited.length, event).toBeGreaterThanOrEqual(5);
			expect(limited[0]).toMatchObject({ error: { message: expect.stringMatching(/Too many/) } });
			expect(socket.connected).toBe(true);
			socket.disconnect();
		}
	});

	it('closes a connection that sends a message over the size limit', async () => {
		const { socket } = await rt.client(senderOf('live:note'));
		const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
		socket.emit(
			'live:note',
			{ liveSessionId: rt.session.id, note: 'x'.repeat(200_000) } as never,
			() => {}
		);
		expect(await closed).toBeTruthy();
	});
});
