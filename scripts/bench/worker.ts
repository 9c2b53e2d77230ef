// A client worker: the tablets, projector and console of some rooms, all in this process so
// that one clock (performance.now) times a submission from the tablet to the projector.
// Driven by the benchmark over IPC (see lib/protocol.ts).
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import type {
	ParentMessage,
	RoomPlan,
	RunConfig,
	RunResult,
	WorkerConfig,
	WorkerMessage
} from './lib/protocol';

const SOCKET_PATH = '/socket.io';
const TABLET_COOKIE = 'cw_tablet';
const STAFF_COOKIE = 'cw_session';
const ACK_TIMEOUT_MS = 10_000;

interface Ack {
	ok: boolean;
	data?: { clientId?: string; outcome?: string; version?: number };
	error?: { code: string; message: string };
}

interface Tablet {
	room: Room;
	socket: Socket;
	/** Version of the last `live:tablet` snapshot, and whether it came after the last send. */
	lastVersion: number;
	versionSinceSend: boolean;
	busy: boolean;
	queued: boolean;
	timer?: ReturnType<typeof setTimeout>;
}

interface Room {
	plan: RoomPlan;
	console?: Socket;
	projector?: Socket;
	tablets: Tablet[];
	/** When the projector / console first received each state version. */
	displayAt: Map<number, number>;
	staffAt: Map<number, number>;
	exercise: 'poll' | 'reflection';
	paused: boolean;
	inFlight: number;
}

interface Sample {
	room: Room;
	version: number;
	sentAt: number;
	ackAt: number;
	exercise: 'poll' | 'reflection';
}

let config: WorkerConfig;
const rooms: Room[] = [];
const errors: string[] = [];

function send(message: WorkerMessage): void {
	process.send?.(message);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Spaces connections out to `connectPerSecond`. */
let nextSlot = 0;
async function pace(): Promise<void> {
	const now = performance.now();
	nextSlot = Math.max(now, nextSlot + 1000 / config.connectPerSecond);
	if (nextSlot > now) await sleep(nextSlot - now);
}

function connectSocket(auth: Record<string, unknown>, cookie?: string): Promise<Socket> {
	return new Promise((resolve, reject) => {
		const socket = io(config.baseUrl, {
			path: SOCKET_PATH,
			transports: ['websocket'],
			forceNew: true,
			auth,
			extraHeaders: cookie ? { cookie } : {},
			reconnectionDelay: 250,
			reconnectionDelayMax: 2000,
			timeout: 20_000
		});
		const timer = setTimeout(() => {
			socket.disconnect();
			reject(new Error('no connection within 30 s'));
		}, 30_000);
		const refused = (err: Error & { data?: { message?: string } }) => {
			// A refusal carries data; anything else is retried by socket.io itself.
			if (err.data) {
				clearTimeout(timer);
				socket.disconnect();
				reject(new Error(err.data.message ?? err.message));
			}
		};
		socket.on('connect_error', refused);
		socket.once('connect', () => {
			clearTimeout(timer);
			socket.off('connect_error', refused);
			resolve(socket);
		});
	});
}

async function expectOk(promise: Promise<Ack>, what: string): Promise<void> {
	const response = await promise;
	if (!response.ok) throw new Error(`${what} refused: ${response.error?.message ?? 'unknown'}`);
}

async function connectStaff(room: Room): Promise<void> {
	const { plan } = room;
	if (config.target === 'app') {
		room.console = await connectSocket(
			{ audience: 'staff' },
			`${STAFF_COOKIE}=${plan.staffToken ?? ''}`
		);
		await expectOk(
			room.console.timeout(ACK_TIMEOUT_MS).emitWithAck('live:watch', plan.liveSessionId),
			'live:watch'
		);
		// As the real console does: after a reconnect, follow the session again.
		const consoleSocket = room.console;
		consoleSocket.on('connect', () => {
			consoleSocket.emit('live:watch', plan.liveSessionId, () => {});
		});
		await goto(room, config.exercises.poll.index);
		room.projector = await connectSocket({
			audience: 'display',
			liveSessionId: plan.liveSessionId,
			key: plan.displayKey
		});
	} else {
		room.console = await connectSocket({ audience: 'staff', room: plan.liveSessionId });
		room.projector = await connectSocket({ audience: 'display', room: plan.liveSessionId });
	}
	const consoleReceived = (snapshot: { version: number }) => {
		if (!room.staffAt.has(snapshot.version)) room.staffAt.set(snapshot.version, performance.now());
	};
	room.console.on('live:staff', consoleReceived);
	// Circlework sends the console only what answers changed, when nothing else did.
	room.console.on('live:staff-answers', consoleReceived);
	const projectorReceived = (snapshot: { version: number }) => {
		if (!room.displayAt.has(snapshot.version))
			room.displayAt.set(snapshot.version, performance.now());
	};
	room.projector.on('live:display', projectorReceived);
	// And the projector, likewise.
	room.projector.on('live:display-answers', projectorReceived);
}

async function goto(room: Room, index: number): Promise<void> {
	if (config.target !== 'app' || !room.console) return;
	await expectOk(
		room.console.timeout(ACK_TIMEOUT_MS).emitWithAck('live:command', {
			liveSessionId: room.plan.liveSessionId,
			command: { type: 'goto', index }
		}),
		'live:command goto'
	);
}

/** Joins with the code and PIN (POST /join, as the join form does) and returns the cookie. */
async function join(code: string, pin: string): Promise<string> {
	const response = await fetch(`${config.baseUrl}/join`, {
		method: 'POST',
		body: new URLSearchParams({ code, pin }),
		headers: {
			origin: config.baseUrl,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		redirect: 'manual'
	});
	await response.arrayBuffer();
	const cookie = response.headers
		.getSetCookie()
		.map((c) => c.split(';')[0] ?? '')
		.find((c) => c.startsWith(`${TABLET_COOKIE}=`));
	if (response.status !== 303 || !cookie) {
		throw new Error(`join answered ${response.status} without a tablet cookie`);
	}
	return cookie;
}

async function connectTablet(room: Room, index: number): Promise<void> {
	const { plan } = room;
	const socket =
		config.target === 'app'
			? await connectSocket({ audience: 'tablet' }, await join(plan.code ?? '', plan.pins[index]!))
			: await connectSocket({ audience: 'tablet', room: plan.liveSessionId });
	const tablet: Tablet = {
		room,
		socket,
		lastVersion: 0,
		versionSinceSend: false,
		busy: false,
		queued: false
	};
	socket.on('live:tablet', (snapshot: { version: number }) => {
		tablet.lastVersion = snapshot.version;
		tablet.versionSinceSend = true;
	});
	room.tablets.push(tablet);
}

async function forEachPaced<T>(items: T[], run: (item: T) => Promise<void>): Promise<number> {
	let failures = 0;
	for (const item of items) {
		await pace();
		try {
			await run(item);
		} catch (err) {
			failures++;
			if (errors.length < 5) errors.push((err as Error).message);
		}
	}
	return failures;
}

const REFLECTIONS = [
	'I hope to understand how this happened without me seeing it.',
	'I worry that people will judge me for not knowing sooner.',
	'I want to keep my children safe and to trust myself again.',
	'It helps to hear that other women have felt the same way.',
	'I am not sure yet what I think, but I am glad to be here.'
];

function answerFor(exercise: Room['exercise']) {
	if (exercise === 'poll') {
		const options = config.exercises.poll.optionIds;
		return {
			exerciseId: config.exercises.poll.exerciseId,
			answer: { type: 'poll', optionIds: [options[Math.floor(Math.random() * options.length)]!] }
		};
	}
	return {
		exerciseId: config.exercises.reflection.exerciseId,
		answer: {
			type: 'reflection',
			text: REFLECTIONS[Math.floor(Math.random() * REFLECTIONS.length)]!
		}
	};
}

/**
 * When a screen first showed a state that includes version `version`: the earliest arrival of
 * any snapshot at that version or later (a server may fold several changes into one snapshot).
 */
function firstAtOrAfter(arrivals: Map<number, number>, version: number): number | undefined {
	let first: number | undefined;
	for (const [v, at] of arrivals) {
		if (v >= version && (first === undefined || at < first)) first = at;
	}
	return first;
}

async function run(runConfig: RunConfig): Promise<RunResult> {
	const result: RunResult = {
		projector: [],
		projectorPoll: [],
		projectorReflection: [],
		projectorReflectionLate: [],
		console: [],
		ack: [],
		submitted: 0,
		stored: 0,
		missedByProjector: 0,
		missedByConsole: 0,
		unmatched: 0,
		refused: {},
		timeouts: 0,
		rateLimited: 0
	};
	const samples: Sample[] = [];
	const start = performance.now();
	let stopping = false;

	async function submit(tablet: Tablet): Promise<void> {
		const { room } = tablet;
		if (room.paused || tablet.busy) {
			tablet.queued = true;
			return;
		}
		tablet.busy = true;
		tablet.queued = false;
		room.inFlight++;
		tablet.versionSinceSend = false;
		const clientId = randomBytes(16).toString('hex');
		const exercise = room.exercise;
		const sentAt = performance.now();
		result.submitted++;
		try {
			const response = (await tablet.socket
				.timeout(ACK_TIMEOUT_MS)
				.emitWithAck('tablet:submit', { clientId, ...answerFor(exercise) })) as Ack;
			const ackAt = performance.now();
			if (response.ok && response.data?.outcome === 'stored') {
				result.stored++;
				const version =
					response.data.version ?? (tablet.versionSinceSend ? tablet.lastVersion : undefined);
				if (version === undefined) result.unmatched++;
				else if (sentAt - start >= runConfig.warmupMs)
					samples.push({ room, version, sentAt, ackAt, exercise });
			} else if (response.error?.code === 'rate-limited') {
				result.rateLimited++;
			} else {
				const code = response.error?.code ?? response.data?.outcome ?? 'unknown';
				result.refused[code] = (result.refused[code] ?? 0) + 1;
			}
		} catch {
			result.timeouts++;
		} finally {
			tablet.busy = false;
			room.inFlight--;
			if (tablet.queued && !room.paused && !stopping) void submit(tablet);
		}
	}

	function schedule(tablet: Tablet, delay: number): void {
		tablet.timer = setTimeout(() => {
			if (stopping) return;
			void submit(tablet);
			schedule(tablet, runConfig.meanIntervalMs * (0.5 + Math.random()));
		}, delay);
	}

	/** The console moves the room on: answers pause, the facilitator presses "go to". */
	async function switchRoom(room: Room): Promise<void> {
		await sleep(Math.random() * 1000);
		room.paused = true;
		const deadline = performance.now() + ACK_TIMEOUT_MS;
		while (room.inFlight > 0 && performance.now() < deadline) await sleep(10);
		await goto(room, config.exercises.reflection.index);
		room.exercise = 'reflection';
		room.paused = false;
		for (const tablet of room.tablets) if (tablet.queued && !stopping) void submit(tablet);
	}

	for (const room of rooms) {
		room.exercise = 'poll';
		for (const tablet of room.tablets) schedule(tablet, Math.random() * runConfig.meanIntervalMs);
	}
	const switchTimer = setTimeout(() => {
		for (const room of rooms) {
			switchRoom(room).catch((err: unknown) => {
				if (errors.length < 5) errors.push(`switch: ${(err as Error).message}`);
			});
		}
	}, runConfig.switchAtMs);

	await sleep(runConfig.durationMs);
	stopping = true;
	clearTimeout(switchTimer);
	for (const room of rooms) for (const tablet of room.tablets) clearTimeout(tablet.timer);
	const deadline = performance.now() + ACK_TIMEOUT_MS + 1000;
	while (rooms.some((r) => r.inFlight > 0) && performance.now() < deadline) await sleep(20);
	await sleep(runConfig.drainMs);

	for (const s of samples) {
		result.ack.push(s.ackAt - s.sentAt);
		const shown = firstAtOrAfter(s.room.displayAt, s.version);
		if (shown === undefined) result.missedByProjector++;
		else {
			const latency = shown - s.sentAt;
			result.projector.push(latency);
			if (s.exercise === 'poll') result.projectorPoll.push(latency);
			else {
				result.projectorReflection.push(latency);
				if (s.sentAt - start >= runConfig.durationMs * 0.75)
					result.projectorReflectionLate.push(latency);
			}
		}
		const staff = firstAtOrAfter(s.room.staffAt, s.version);
		if (staff === undefined) result.missedByConsole++;
		else result.console.push(staff - s.sentAt);
	}
	return result;
}

function closeAll(): void {
	for (const room of rooms) {
		for (const tablet of room.tablets) tablet.socket.disconnect();
		room.projector?.disconnect();
		room.console?.disconnect();
	}
}

async function handle(message: ParentMessage): Promise<void> {
	switch (message.type) {
		case 'init':
			config = message.config;
			for (const plan of config.rooms) {
				rooms.push({
					plan,
					tablets: [],
					displayAt: new Map(),
					staffAt: new Map(),
					exercise: 'poll',
					paused: false,
					inFlight: 0
				});
			}
			send({ type: 'ready' });
			return;
		case 'connect-staff': {
			errors.length = 0;
			await forEachPaced(rooms, connectStaff);
			send({ type: 'connected', sockets: rooms.length * 2, errors: [...errors] });
			return;
		}
		case 'connect-tablets': {
			errors.length = 0;
			// Round-robin over rooms, so rooms fill up together as people arrive.
			const order: Array<[Room, number]> = [];
			const size = Math.max(...rooms.map((r) => r.plan.pins.length));
			for (let i = 0; i < size; i++) {
				for (const room of rooms) if (i < room.plan.pins.length) order.push([room, i]);
			}
			await forEachPaced(order, ([room, i]) => connectTablet(room, i));
			send({
				type: 'connected',
				sockets: rooms.reduce((sum, r) => sum + r.tablets.length, 0),
				errors: [...errors]
			});
			return;
		}
		case 'run': {
			errors.length = 0;
			const result = await run(message.run);
			if (errors.length) send({ type: 'error', message: errors.join('; ') });
			else send({ type: 'result', result });
			return;
		}
		case 'close':
			closeAll();
			send({ type: 'closed' });
			setTimeout(() => process.exit(0), 100);
			return;
	}
}

process.on('message', (message: ParentMessage) => {
	handle(message).catch((err: unknown) => {
		send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
	});
});
// The benchmark went away: stop at once (every process it starts must stop).
process.on('disconnect', () => {
	closeAll();
	process.exit(0);
});
