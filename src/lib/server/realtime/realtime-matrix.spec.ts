import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can } from '../../shared/permissions';
import type { ClientToServerEvents } from '../../shared/realtime-events';
import { EVENT_LIMITS } from './event-limits';
import {
	emitWithAck,
	startTestRealtime,
	type ClientSocket,
	type TestRealtime
} from './test-server';

/**
 * The role × socket-event matrix: every client event, sent by every kind of connection,
 * is allowed or refused exactly as the permissions table and session ownership say, and
 * nothing of one session reaches a connection that does not belong to it.
 */
type Actor =
	| 'coordinator'
	| 'facilitator'
	| 'facilitator of another group'
	| 'mentor'
	| 'display'
	| 'tablet'
	| 'tablet of another session'
	| 'one-to-one tablet';
const ACTORS: Actor[] = [
	'coordinator',
	'facilitator',
	'facilitator of another group',
	'mentor',
	'display',
	'tablet',
	'tablet of another session',
	'one-to-one tablet'
];

type Event = keyof ClientToServerEvents;
const STAFF: Actor[] = ['coordinator', 'facilitator', 'facilitator of another group', 'mentor'];
const ROLE = {
	coordinator: 'coordinator',
	facilitator: 'facilitator',
	'facilitator of another group': 'facilitator',
	mentor: 'mentor'
} as const;

/** Who runs this session: the role may run live sessions, and it is hers (coordinators any). */
const runsThisSession = (a: Actor) =>
	a in ROLE &&
	can(ROLE[a as keyof typeof ROLE], 'live:run') &&
	a !== 'facilitator of another group';

const TABLETS: Actor[] = ['tablet', 'tablet of another session', 'one-to-one tablet'];

/**
 * Expected outcome per event and actor. Typed over every event in the protocol, so a new
 * event does not compile until it has a row here.
 */
const EXPECTED: Record<Event, (a: Actor) => boolean> = {
	'staff:whoami': (a) => STAFF.includes(a) && can(ROLE[a as keyof typeof ROLE], 'realtime:connect'),
	'live:watch': runsThisSession,
	'live:command': runsThisSession,
	'live:note': runsThisSession,
	'display:snapshot': (a) => a === 'display',
	// A tablet only ever acts on its own place in its own session (checked for leaks below).
	'tablet:snapshot': (a) => TABLETS.includes(a),
	'tablet:submit': (a) => TABLETS.includes(a),
	'tablet:pause': (a) => TABLETS.includes(a),
	// One-to-one events name (staff) or belong to (tablet) the one-to-one session, run by
	// `facilitator`: only she, a coordinator, and Sam's own device may use them.
	'o2o:watch': runsThisSession,
	'o2o:pace': runsThisSession,
	'o2o:meeting-link': runsThisSession,
	'o2o:tablet': (a) => a === 'one-to-one tablet',
	'o2o:move': (a) => a === 'one-to-one tablet',
	'o2o:presence': (a) => a === 'one-to-one tablet',
	'rtc:signal': (a) => runsThisSession(a) || a === 'one-to-one tablet'
};

let rt: TestRealtime;
const sockets = new Map<Actor, ClientSocket>();

beforeAll(async () => {
	rt = await startTestRealtime();
	const s = rt.staff;
	const open = async (actor: Actor, options: Parameters<TestRealtime['client']>[0]) => {
		const { socket, refusal } = await rt.client(options);
		expect(refusal, `${actor} should connect`).toBeUndefined();
		sockets.set(actor, socket);
	};
	await open('coordinator', { auth: { audience: 'staff' }, cookie: s.coordinator.cookie });
	await open('facilitator', { auth: { audience: 'staff' }, cookie: s.facilitator.cookie });
	await open('facilitator of another group', {
		auth: { audience: 'staff' },
		cookie: s.otherFacilitator.cookie
	});
	await open('mentor', { auth: { audience: 'staff' }, cookie: s.mentor.cookie });
	await open('display', {
		auth: { audience: 'display', liveSessionId: rt.session.id, key: rt.session.displayKey }
	});
	await open('tablet', {
		auth: { audience: 'tablet' },
		cookie: `cw_tablet=${rt.session.amyToken}`
	});
	await open('tablet of another session', {
		auth: { audience: 'tablet' },
		cookie: `cw_tablet=${rt.otherSession.caraToken}`
	});
	await open('one-to-one tablet', {
		auth: { audience: 'tablet' },
		cookie: `cw_tablet=${rt.oneToOneSession.samToken}`
	});
	// The session is running and the first exercise is open, so allowed events can succeed.
	const facilitator = { id: s.facilitator.id, role: 'facilitator' as const };
	rt.services.live.command(facilitator, rt.session.id, { type: 'start' });
	rt.services.live.command(facilitator, rt.session.id, { type: 'goto', index: 1 });
	rt.services.live.command(facilitator, rt.session.id, { type: 'open' });
	const other = { id: s.otherFacilitator.id, role: 'facilitator' as const };
	rt.services.live.command(other, rt.otherSession.id, { type: 'start' });
	rt.services.live.command(other, rt.otherSession.id, { type: 'goto', index: 1 });
	rt.services.live.command(other, rt.otherSession.id, { type: 'open' });
	rt.services.live.command(facilitator, rt.oneToOneSession.id, { type: 'start' });
	rt.services.live.command(facilitator, rt.oneToOneSession.id, { type: 'goto', index: 1 });
	rt.services.live.command(facilitator, rt.oneToOneSession.id, { type: 'open' });
}, 30_000);

afterAll(async () => {
	await rt?.close();
});

function argsFor(event: Event, n: number): unknown[] {
	switch (event) {
		case 'live:watch':
			return [rt.session.id];
		case 'live:command':
			return [{ liveSessionId: rt.session.id, command: { type: 'open' } }];
		case 'live:note':
			return [
				{
					liveSessionId: rt.session.id,
					note: {
						clientId: `note-client-${String(n).padStart(4, '0')}`,
						participantId: rt.session.amyId,
						domain: 'D1',
						text: 'A note for the matrix test.'
					}
				}
			];
		case 'tablet:submit':
			return [
				{
					clientId: `submit-client-${String(n).padStart(4, '0')}`,
					exerciseId: 'intro-check-in',
					answer: { type: 'pass' }
				}
			];
		case 'o2o:watch':
			return [rt.oneToOneSession.id];
		case 'o2o:pace':
			return [
				{ liveSessionId: rt.oneToOneSession.id, command: { type: 'hand-over', untilIndex: 3 } }
			];
		case 'o2o:meeting-link':
			return [{ liveSessionId: rt.oneToOneSession.id, url: 'https://meet.example.org/abc-def' }];
		case 'o2o:move':
			return [{ direction: 'next' }];
		case 'o2o:presence':
			return [{ noticeSeen: true, pageVisible: true, inCall: false }];
		case 'rtc:signal':
			return [{ liveSessionId: rt.oneToOneSession.id, signal: { kind: 'hello' } }];
		default:
			return [];
	}
}

type Reply = { ok: true; data: unknown } | { ok: false; error: { code: string; message: string } };
/** A refusal says why without giving anything away; "not a one-to-one session" is one. */
const REFUSED = ['forbidden', 'unauthenticated', 'not-found'];

describe('socket events × actors (the realtime permissions matrix)', () => {
	it('covers every event in the protocol', () => {
		expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(EVENT_LIMITS).sort());
	});

	let n = 0;
	for (const event of Object.keys(EXPECTED) as Event[]) {
		for (const actor of ACTORS) {
			const allowed = EXPECTED[event](actor);
			it(`${event} by ${actor}: ${allowed ? 'allowed' : 'refused'}`, async () => {
				const socket = sockets.get(actor)!;
				const reply = (await emitWithAck(socket, event, argsFor(event, n++))) as Reply;
				if (allowed) {
					expect(reply).toMatchObject({ ok: true });
				} else {
					expect(reply.ok).toBe(false);
					if (!reply.ok) {
						expect(REFUSED).toContain(reply.error.code);
						expect(reply.error.message.length).toBeGreaterThan(5);
					}
				}
				expect(socket.connected).toBe(true);
			});
		}
	}

	it("stores a tablet's answer only in its own session", () => {
		const count = (id: string) =>
			(
				rt.services.db
					.prepare('SELECT COUNT(*) AS n FROM answers WHERE live_session_id = ?')
					.get(id) as { n: number }
			).n;
		expect(count(rt.session.id)).toBe(1);
		expect(count(rt.otherSession.id)).toBe(1);
	});

	it('never gives a tablet of another session anything of this session', async () => {
		const reply = (await emitWithAck(
			sockets.get('tablet of another session')!,
			'tablet:snapshot',
			[]
		)) as Reply;
		expect(reply.ok).toBe(true);
		const text = JSON.stringify(reply);
		expect(text).not.toContain('Amy');
		expect(text).not.toContain('Beth');
		expect(text).not.toContain(rt.session.id);
		expect(text).not.toContain('Tuesday group');
	});

	it('never gives a tablet the other women in its session, or a projector any name', async () => {
		const tablet = JSON.stringify(await emitWithAck(sockets.get('tablet')!, 'tablet:snapshot', []));
		expect(tablet).not.toContain('Beth');
		expect(tablet).not.toContain(rt.session.bethId);
		const display = JSON.stringify(
			await emitWithAck(sockets.get('display')!, 'display:snapshot', [])
		);
		expect(display).not.toContain('Amy');
		expect(display).not.toContain('Beth');
	});

	it('refuses connections without a session, with a wrong projector key, or from another origin', async () => {
		const signedOut = await rt.client({ auth: { audience: 'staff' } });
		expect(signedOut.refusal).toMatch(/not signed in/);
		const noTablet = await rt.client({ auth: { audience: 'tablet' } });
		expect(noTablet.refusal).toMatch(/join again/i);
		const wrongKey = await rt.client({
			auth: { audience: 'display', liveSessionId: rt.session.id, key: 'not-the-key' }
		});
		expect(wrongKey.refusal).toMatch(/projector link/);
		const foreign = await rt.client({
			auth: { audience: 'staff' },
			cookie: rt.staff.coordinator.cookie,
			origin: 'https://evil.example'
		});
		expect(foreign.refusal).toBeDefined();
		expect(foreign.socket.connected).toBe(false);
		const same = await rt.client({
			auth: { audience: 'staff' },
			cookie: rt.staff.coordinator.cookie,
			origin: rt.url
		});
		expect(same.refusal).toBeUndefined();
	});
});
