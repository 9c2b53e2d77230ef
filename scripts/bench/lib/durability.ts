// Durability: tablets submit reflections while the server is killed with SIGKILL (kill -9) and
// restarted on the same database. Each tablet keeps an outbox and retries every unacknowledged
// submission with the same client id, as the real tablet does (src/lib/client/tablet-session).
// Afterwards the database must hold every submission exactly once.
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { io, type Socket } from 'socket.io-client';
import {
	freePort,
	killHard,
	removeDatabase,
	sleep,
	startAppServer,
	stopProcess,
	temporaryDatabase,
	type Server
} from './processes';
import { ROOM_SIZE, exercisePlan, seedRooms } from './setup';

export interface DurabilityOptions {
	tablets: number;
	kills: number;
	/** Each tablet writes a new reflection this often (±50%). */
	submitEveryMs: number;
	/** How long submissions run before each kill, and after the last restart. */
	runBeforeKillMs: number;
	runAfterLastRestartMs: number;
	log: (line: string) => void;
}

export interface DurabilityResult {
	tablets: number;
	kills: number;
	submitted: number;
	/** Acknowledged before some kill (all must be stored). */
	ackedBeforeKills: number;
	/** Sent but not yet acknowledged when a kill was sent (in flight). */
	inFlightAtKills: number;
	/** Of those: already committed when the server died; the retry was answered "duplicate". */
	committedBeforeKill: number;
	/** Written while the server was down or restarting (waited in the outbox). */
	queuedWhileDown: number;
	/** Retries the server recognised as already stored (all runs). */
	duplicateAcks: number;
	/** Never acknowledged, even after the drain (the harness gives up). */
	neverAcknowledged: number;
	lost: number;
	/** Of the lost: acknowledged before a kill, and in flight at a kill. */
	lostAcknowledged: number;
	lostInFlight: number;
	duplicated: number;
	refused: Record<string, number>;
	downtimeMs: number[];
	drainSeconds: number;
}

interface Item {
	clientId: string;
	text: string;
	sends: number;
}

interface Tablet {
	socket: Socket;
	outbox: Item[];
	busy: boolean;
	timer?: ReturnType<typeof setTimeout>;
}

const ACK_TIMEOUT_MS = 2000;

async function joinTablet(baseUrl: string, code: string, pin: string): Promise<string> {
	const response = await fetch(`${baseUrl}/join`, {
		method: 'POST',
		body: new URLSearchParams({ code, pin }),
		headers: {
			origin: baseUrl,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		redirect: 'manual'
	});
	await response.arrayBuffer();
	const cookie = response.headers
		.getSetCookie()
		.map((c) => c.split(';')[0] ?? '')
		.find((c) => c.startsWith('cw_tablet='));
	if (!cookie) throw new Error(`joining answered ${response.status} without a tablet cookie`);
	return cookie;
}

export async function runDurability(options: DurabilityOptions): Promise<DurabilityResult> {
	const { log } = options;
	const roomCount = Math.ceil(options.tablets / ROOM_SIZE);
	const exercises = exercisePlan();
	const databasePath = temporaryDatabase('durability');
	const plans = await seedRooms(databasePath, roomCount, { startAt: exercises.reflection.index });
	const port = await freePort();

	const sent = new Map<string, Item>();
	const acked = new Set<string>();
	const ackedBeforeKill = new Set<string>();
	const inFlightAtKill = new Set<string>();
	const queuedWhileDown = new Set<string>();
	const refused: Record<string, number> = {};
	let duplicateAcks = 0;
	const duplicateAckIds = new Set<string>();
	const tablets: Tablet[] = [];
	let serverUp = false;
	let server: Server | undefined;
	let generating = true;
	let retryTimer: ReturnType<typeof setInterval> | undefined;

	async function flush(tablet: Tablet): Promise<void> {
		if (tablet.busy || !tablet.socket.connected) return;
		tablet.busy = true;
		try {
			while (tablet.outbox.length > 0 && tablet.socket.connected) {
				const item = tablet.outbox[0]!;
				item.sends++;
				let response: { ok: boolean; data?: { outcome?: string }; error?: { code: string } };
				try {
					response = (await tablet.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('tablet:submit', {
						clientId: item.clientId,
						exerciseId: exercises.reflection.exerciseId,
						answer: { type: 'reflection', text: item.text }
					})) as typeof response;
				} catch {
					break; // no acknowledgement in time: keep it, try again later
				}
				if (response.ok) {
					acked.add(item.clientId);
					if (response.data?.outcome === 'duplicate') {
						duplicateAcks++;
						duplicateAckIds.add(item.clientId);
					}
					tablet.outbox.shift();
				} else if (
					response.error?.code === 'rate-limited' ||
					response.error?.code === 'server-error'
				) {
					break;
				} else {
					const code = response.error?.code ?? 'unknown';
					refused[code] = (refused[code] ?? 0) + 1;
					tablet.outbox.shift();
				}
			}
		} finally {
			tablet.busy = false;
		}
	}

	function newItem(): Item {
		const clientId = randomBytes(16).toString('hex');
		const item: Item = { clientId, text: `Benchmark reflection ${clientId}`, sends: 0 };
		sent.set(clientId, item);
		if (!serverUp) queuedWhileDown.add(clientId);
		return item;
	}

	function generate(tablet: Tablet): void {
		tablet.timer = setTimeout(
			() => {
				if (!generating) return;
				tablet.outbox.push(newItem());
				void flush(tablet);
				generate(tablet);
			},
			options.submitEveryMs * (0.5 + Math.random())
		);
	}

	const downtimeMs: number[] = [];
	let drainSeconds: number;
	try {
		server = await startAppServer(databasePath, port);
		serverUp = true;
		for (const plan of plans) {
			for (const pin of plan.pins.slice(0, options.tablets - plan.room * ROOM_SIZE)) {
				const cookie = await joinTablet(server.baseUrl, plan.code ?? '', pin);
				const socket = io(server.baseUrl, {
					path: '/socket.io',
					transports: ['websocket'],
					forceNew: true,
					auth: { audience: 'tablet' },
					extraHeaders: { cookie },
					reconnectionDelay: 100,
					reconnectionDelayMax: 500
				});
				const tablet: Tablet = { socket, outbox: [], busy: false };
				socket.on('connect', () => void flush(tablet));
				tablets.push(tablet);
			}
		}
		const deadline = Date.now() + 20_000;
		while (tablets.some((t) => !t.socket.connected) && Date.now() < deadline) await sleep(50);
		if (tablets.some((t) => !t.socket.connected)) throw new Error('not every tablet connected');
		log(`    ${tablets.length} tablets connected; submitting every ~${options.submitEveryMs} ms`);

		// The tablet's outbox retries on a timer too (every 5 s in the app; faster here).
		retryTimer = setInterval(() => {
			for (const tablet of tablets) void flush(tablet);
		}, 250);
		for (const tablet of tablets) generate(tablet);

		for (let kill = 1; kill <= options.kills; kill++) {
			await sleep(options.runBeforeKillMs * (0.75 + Math.random() / 2));
			// A burst: every tablet writes at once, and the server dies while it works through
			// them (after a random share of the burst has been acknowledged).
			const burst = tablets.map((tablet) => {
				const item = newItem();
				tablet.outbox.push(item);
				void flush(tablet);
				return item.clientId;
			});
			const share = Math.ceil(Math.random() * burst.length * 0.5);
			const burstDeadline = Date.now() + 2000;
			while (burst.filter((id) => acked.has(id)).length < share && Date.now() < burstDeadline) {
				await new Promise<void>((resolve) => setImmediate(resolve));
			}
			server.child.kill('SIGKILL');
			for (const id of acked) ackedBeforeKill.add(id);
			for (const [id, item] of sent) if (item.sends > 0 && !acked.has(id)) inFlightAtKill.add(id);
			const killedAt = Date.now();
			serverUp = false;
			await killHard(server.child);
			log(
				`    kill -9 #${kill}: ${acked.size} acknowledged so far, ${inFlightAtKill.size} in flight in total`
			);
			server = await startAppServer(databasePath, port);
			serverUp = true;
			downtimeMs.push(Date.now() - killedAt);
		}
		await sleep(options.runAfterLastRestartMs);
		generating = false;
		for (const tablet of tablets) clearTimeout(tablet.timer);

		const drainStart = Date.now();
		while (tablets.some((t) => t.outbox.length > 0 || t.busy) && Date.now() - drainStart < 30_000) {
			await sleep(50);
		}
		drainSeconds = (Date.now() - drainStart) / 1000;
	} finally {
		generating = false;
		for (const tablet of tablets) clearTimeout(tablet.timer);
		clearInterval(retryTimer);
		for (const tablet of tablets) {
			tablet.socket.removeAllListeners();
			tablet.socket.disconnect();
		}
		if (server) await stopProcess(server.child);
	}

	// Check the database: every submission exactly once.
	const db = new Database(databasePath, { readonly: true });
	let rows: Array<{ id: string; text: string }>;
	let answerRows: number;
	try {
		const ids = plans.map((p) => p.liveSessionId);
		const marks = ids.map(() => '?').join(', ');
		rows = db
			.prepare<string[], { id: string; text: string }>(
				`SELECT id, text FROM reflections WHERE live_session_id IN (${marks})`
			)
			.all(...ids);
		answerRows = db
			.prepare<string[], { n: number }>(
				`SELECT COUNT(*) AS n FROM answers WHERE live_session_id IN (${marks})`
			)
			.get(...ids)!.n;
	} finally {
		db.close();
	}
	removeDatabase(databasePath);

	const storedIds = new Map<string, number>();
	const texts = new Map<string, number>();
	for (const row of rows) {
		storedIds.set(row.id, (storedIds.get(row.id) ?? 0) + 1);
		texts.set(row.text, (texts.get(row.text) ?? 0) + 1);
	}
	let lost = 0;
	let lostAcknowledged = 0;
	let lostInFlight = 0;
	let duplicated = answerRows;
	for (const [id, item] of sent) {
		const count = storedIds.get(id) ?? 0;
		const byText = texts.get(item.text) ?? 0;
		if (count === 0) {
			lost++;
			if (ackedBeforeKill.has(id)) lostAcknowledged++;
			if (inFlightAtKill.has(id)) lostInFlight++;
		}
		if (count > 1) duplicated += count - 1;
		if (byText > 1) duplicated += byText - 1;
	}
	for (const id of storedIds.keys()) if (!sent.has(id)) duplicated++;
	let committedBeforeKill = 0;
	for (const id of inFlightAtKill) if (duplicateAckIds.has(id)) committedBeforeKill++;

	return {
		tablets: tablets.length,
		kills: options.kills,
		submitted: sent.size,
		ackedBeforeKills: ackedBeforeKill.size,
		inFlightAtKills: inFlightAtKill.size,
		committedBeforeKill,
		queuedWhileDown: queuedWhileDown.size,
		duplicateAcks,
		neverAcknowledged: [...sent.keys()].filter((id) => !acked.has(id)).length,
		lost,
		lostAcknowledged,
		lostInFlight,
		duplicated,
		refused,
		downtimeMs,
		drainSeconds
	};
}
