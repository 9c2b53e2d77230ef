import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
	DisplayAnswersUpdate,
	DisplaySnapshot,
	StaffAnswersUpdate,
	StaffSnapshot,
	TabletSnapshot
} from '../../shared/live';
import { applyDisplayAnswers } from '../../shared/display-answers';
import { applyStaffAnswers } from '../../shared/staff-answers';
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

/** The console's whole snapshot, as it asks for it when it opens. */
async function wholeConsole(socket: ClientSocket): Promise<StaffSnapshot> {
	const reply = (await emitWithAck(socket, 'live:watch', [rt.session.id])) as {
		ok: boolean;
		data: StaffSnapshot;
	};
	expect(reply.ok).toBe(true);
	return reply.data;
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
		const updates: DisplayAnswersUpdate[] = [];
		const versions: Array<{ version: number }> = [];
		projector.on('live:display', (snapshot) => {
			shown.push(snapshot);
			versions.push(snapshot);
		});
		projector.on('live:display-answers', (update) => {
			updates.push(update);
			versions.push(update);
		});
		const first = await amysTablet();
		// Her tablet connecting changed the count of those here: a whole snapshot.
		const held = await until(shown, (s) => s.joinedCount > 0, 'projector snapshot');

		const v1 = await submit(first.socket, 'broadcast-0001');
		// Only answers changed: an update, which gives the same projector as a whole snapshot.
		const update = await until(updates, (u) => u.version >= v1, 'projector update');
		expect(update.baseVersion).toBe(held.version);
		expect(update.answerCount).toBe(held.answerCount + 1);
		const whole = (await emitWithAck(projector, 'display:snapshot', [])) as {
			ok: boolean;
			data: DisplaySnapshot;
		};
		expect(applyDisplayAnswers(held, update)).toEqual(whole.data);
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
		await until(versions, (s) => s.version >= v2, 'projector snapshot or update');
	});

	it('the console is sent what the answers changed, which gives the same console as a whole snapshot', async () => {
		const { socket: console_ } = await rt.client({
			auth: { audience: 'staff' },
			cookie: rt.staff.facilitator.cookie
		});
		const whole: StaffSnapshot[] = [];
		const updates: StaffAnswersUpdate[] = [];
		console_.on('live:staff', (snapshot) => whole.push(snapshot));
		console_.on('live:staff-answers', (update) => updates.push(update));
		const watch = () => wholeConsole(console_);
		// The consoles' first broadcast is whole; the next, after answers only, is an update.
		const tablet = await amysTablet();
		let held = await watch();
		await submit(tablet.socket, 'broadcast-0003');
		const first = await until(whole, (s) => s.version > held.version, 'whole snapshot');
		held = first;
		const version = await submit(tablet.socket, 'broadcast-0004');
		const update = await until(updates, (u) => u.version >= version, 'answers update');
		expect(update.baseVersion).toBe(held.version);
		// A reflection is anonymous: nobody is listed, so nothing points to who wrote it.
		expect(update.participantsChanged).toEqual([]);
		expect(update.namedAnswersChanged).toEqual([]);
		expect(update.moderationAdded.map((m) => [m.id, m.text, m.status])).toEqual([
			['broadcast-0004', 'I wish I had known sooner.', 'pending']
		]);
		expect(JSON.stringify(update).length).toBeLessThan(JSON.stringify(held).length / 2);

		const applied = applyStaffAnswers(held, update);
		expect(applied).toEqual(await watch());

		// Anything else (here, approving a reflection) sends the whole snapshot again.
		const approved = (await emitWithAck(console_, 'live:command', [
			{
				liveSessionId: rt.session.id,
				command: { type: 'moderate', reflectionId: 'broadcast-0004', status: 'approved' }
			}
		])) as { ok: boolean; data: { version: number } };
		expect(approved.ok).toBe(true);
		const after = await until(whole, (s) => s.version >= approved.data.version, 'whole snapshot');
		expect(after.moderation.find((m) => m.id === 'broadcast-0004')?.status).toBe('approved');

		// The next answer's update keeps the approved reflection in the results.
		const later = await submit(tablet.socket, 'broadcast-0005');
		const next = await until(updates, (u) => u.version >= later, 'answers update');
		expect(next.baseVersion).toBe(after.version);
		expect(next.results).toEqual({
			type: 'reflection',
			approved: [{ id: 'broadcast-0004', text: 'I wish I had known sooner.' }]
		});
		expect(applyStaffAnswers(after, next)).toEqual(await watch());
	});

	it('on a named exercise, the console update lists only her, and gives the same console as a whole snapshot', async () => {
		const { socket: console_ } = await rt.client({
			auth: { audience: 'staff' },
			cookie: rt.staff.facilitator.cookie
		});
		const updates: StaffAnswersUpdate[] = [];
		console_.on('live:staff-answers', (update) => updates.push(update));
		const command = async (c: object) => {
			const reply = (await emitWithAck(console_, 'live:command', [
				{ liveSessionId: rt.session.id, command: c }
			])) as { ok: boolean };
			expect(reply.ok).toBe(true);
		};
		const watch = () => wholeConsole(console_);
		const { outline } = await watch();
		const index = outline.findIndex((item) => item.type === 'checkin');
		expect(index).toBeGreaterThanOrEqual(0);
		await command({ type: 'goto', index });
		await command({ type: 'open' });
		const tablet = await amysTablet();
		const held = await watch();
		expect(held.participants.map((p) => [p.firstName, p.answeredCurrent])).toEqual([
			['Amy', false],
			['Beth', false]
		]);

		const ack = (await emitWithAck(tablet.socket, 'tablet:submit', [
			{
				clientId: 'broadcast-checkin-1',
				exerciseId: outline[index]!.exerciseId,
				answer: { type: 'checkin', value: 1 }
			}
		])) as { ok: boolean; data: { version: number } };
		expect(ack.ok).toBe(true);
		const update = await until(updates, (u) => u.version >= ack.data.version, 'answers update');
		expect(update.participantsChanged.map((p) => [p.firstName, p.answeredCurrent])).toEqual([
			['Amy', true]
		]);
		expect(update.participantsChanged[0]?.lowCheckin?.value).toBe(1);
		expect(update.namedAnswersChanged.map((a) => [a.firstName, a.answer])).toEqual([
			['Amy', { type: 'checkin', value: 1 }]
		]);
		expect(applyStaffAnswers(held, update)).toEqual(await watch());
	});
});
