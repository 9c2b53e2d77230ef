// Fan-out latency and memory: N tablets in rooms of eight, each room with a projector and a
// console, spread over several worker processes, against the app or the bare relay.
import type { ChildProcess } from 'node:child_process';
import {
	cpuMs,
	mainThreadSchedule,
	machineBusyMs,
	forkWorker,
	removeDatabase,
	rssBytes,
	sleep,
	startAppServer,
	startRelay,
	stopProcess,
	temporaryDatabase,
	type Server
} from './processes';
import type {
	ParentMessage,
	RoomPlan,
	RunConfig,
	RunResult,
	Target,
	WorkerMessage
} from './protocol';
import { ROOM_SIZE, exercisePlan, relayRooms, seedRooms } from './setup';
import { startDiskProbe } from './disk';
import { summarise, type Summary } from './stats';

export interface FanoutOptions {
	tablets: number;
	workers: number;
	/** Connections per second across all workers while ramping up. */
	connectPerSecond: number;
	/** Pause before reading memory, after connecting (lets the server settle). */
	settleMs: number;
	run: RunConfig;
	log: (line: string) => void;
}

export interface FanoutResult {
	target: Target;
	tablets: number;
	rooms: number;
	projector: Summary;
	/** Projector latency by phase: poll answers, reflections, reflections in the last quarter. */
	phases: { poll: Summary; reflection: Summary; reflectionLate: Summary };
	console: Summary;
	ack: Summary;
	submitted: number;
	stored: number;
	missedByProjector: number;
	missedByConsole: number;
	unmatched: number;
	timeouts: number;
	rateLimited: number;
	refused: Record<string, number>;
	/** Server RSS: started, with consoles and projectors, with every tablet, after the run. */
	rss: { idle: number; staff: number; tablets: number; after: number };
	bytesPerTablet: number;
	connectSeconds: number;
	/** Server CPU time (user + system) during the submission run, per stored submission. */
	serverCpuMsPerSubmission: number;
	/** Server CPU use during the run, as a share of one core. */
	serverCpuShare: number;
	/** CPU the benchmark's client workers used during the run, in cores. */
	clientCores: number;
	/** CPU everything else on the machine used during the run, in cores (it skews results). */
	otherCores: number;
	/**
	 * The server's main thread during the run, per stored submission: time running, and time
	 * ready to run but waiting for a CPU (Linux's run queue), with that wait per time it was
	 * put on a CPU. Null where the kernel does not say.
	 */
	mainThread: { runMs: number; waitMs: number; waitUsPerSlice: number } | null;
	/** A durable SQLite commit on this disk during the run (probe, ten a second). */
	diskCommit: Summary;
	/** Which attempt this was, of how many (runs are repeated while the machine is busy). */
	attempt: number;
	attemptsMade: number;
}

class Worker {
	private readonly waiting: Array<{
		type: WorkerMessage['type'];
		resolve: (m: WorkerMessage) => void;
		reject: (e: Error) => void;
	}> = [];

	constructor(readonly child: ChildProcess) {
		child.on('message', (message: WorkerMessage) => {
			if (message.type === 'error') {
				for (const w of this.waiting.splice(0)) w.reject(new Error(message.message));
				return;
			}
			const index = this.waiting.findIndex((w) => w.type === message.type);
			if (index >= 0) this.waiting.splice(index, 1)[0]!.resolve(message);
		});
		child.once('exit', (code, signal) => {
			for (const w of this.waiting.splice(0))
				w.reject(new Error(`a client worker exited (${code ?? signal})`));
		});
	}

	request<T extends WorkerMessage['type']>(
		message: ParentMessage,
		reply: T
	): Promise<Extract<WorkerMessage, { type: T }>> {
		return new Promise((resolve, reject) => {
			this.waiting.push({
				type: reply,
				resolve: resolve as (m: WorkerMessage) => void,
				reject
			});
			this.child.send(message);
		});
	}

	async close(): Promise<void> {
		if (this.child.exitCode !== null || this.child.signalCode !== null) return;
		const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
		const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
		try {
			this.child.send({ type: 'close' } satisfies ParentMessage);
		} catch {
			this.child.kill('SIGKILL');
		}
		await exited;
		clearTimeout(timer);
	}
}

function merge(results: RunResult[]): RunResult {
	const all: RunResult = {
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
	for (const r of results) {
		all.projector.push(...r.projector);
		all.projectorPoll.push(...r.projectorPoll);
		all.projectorReflection.push(...r.projectorReflection);
		all.projectorReflectionLate.push(...r.projectorReflectionLate);
		all.console.push(...r.console);
		all.ack.push(...r.ack);
		all.submitted += r.submitted;
		all.stored += r.stored;
		all.missedByProjector += r.missedByProjector;
		all.missedByConsole += r.missedByConsole;
		all.unmatched += r.unmatched;
		all.timeouts += r.timeouts;
		all.rateLimited += r.rateLimited;
		for (const [code, count] of Object.entries(r.refused))
			all.refused[code] = (all.refused[code] ?? 0) + count;
	}
	return all;
}

async function warmUp(server: Server, target: Target): Promise<void> {
	if (target !== 'app') return;
	// Load the join page's server code once, so its first use is not counted as memory per tablet.
	for (let i = 0; i < 3; i++) {
		const response = await fetch(`${server.baseUrl}/join`, { headers: { accept: 'text/html' } });
		await response.arrayBuffer();
	}
}

export async function runFanout(target: Target, options: FanoutOptions): Promise<FanoutResult> {
	const { tablets, log } = options;
	const roomCount = Math.ceil(tablets / ROOM_SIZE);
	const databasePath = temporaryDatabase('fanout');
	let plans: RoomPlan[];
	if (target === 'app') {
		plans = await seedRooms(databasePath, roomCount);
	} else {
		plans = relayRooms(roomCount);
	}
	// The last room takes the remainder when N is not a multiple of eight.
	const remainder = tablets - (roomCount - 1) * ROOM_SIZE;
	plans[roomCount - 1]!.pins = plans[roomCount - 1]!.pins.slice(0, remainder);

	let server: Server | undefined;
	const workers: Worker[] = [];
	try {
		server =
			target === 'app'
				? await startAppServer(databasePath)
				: target === 'relay'
					? await startRelay()
					: await startRelay(
							databasePath,
							target === 'relay-circlework' ? 'circlework' : 'one-row'
						);
		const pid = server.child.pid!;
		await warmUp(server, target);
		await sleep(500);
		const idle = rssBytes(pid);

		const count = Math.min(options.workers, roomCount);
		for (let i = 0; i < count; i++) workers.push(new Worker(forkWorker()));
		const exercises = exercisePlan();
		await Promise.all(
			workers.map((w, i) =>
				w.request(
					{
						type: 'init',
						config: {
							target,
							baseUrl: server!.baseUrl,
							rooms: plans.filter((p) => p.room % count === i),
							exercises,
							connectPerSecond: options.connectPerSecond / count
						}
					},
					'ready'
				)
			)
		);

		const check = (replies: Array<{ sockets: number; errors: string[] }>, what: string) => {
			const errors = replies.flatMap((r) => r.errors);
			if (errors.length) throw new Error(`${what}: ${errors.slice(0, 3).join('; ')}`);
			return replies.reduce((sum, r) => sum + r.sockets, 0);
		};
		check(
			await Promise.all(workers.map((w) => w.request({ type: 'connect-staff' }, 'connected'))),
			'connecting consoles and projectors'
		);
		await sleep(options.settleMs / 2);
		const staff = rssBytes(pid);

		const connectStart = Date.now();
		const connected = check(
			await Promise.all(workers.map((w) => w.request({ type: 'connect-tablets' }, 'connected'))),
			'connecting tablets'
		);
		const connectSeconds = (Date.now() - connectStart) / 1000;
		if (connected !== tablets) throw new Error(`only ${connected} of ${tablets} tablets connected`);
		log(
			`    ${connected} tablets in ${roomCount} rooms connected in ${connectSeconds.toFixed(1)} s`
		);
		await sleep(options.settleMs);
		const withTablets = rssBytes(pid);

		const ours = () =>
			workers.reduce((sum, w) => sum + cpuMs(w.child.pid!), 0) +
			(process.cpuUsage().user + process.cpuUsage().system) / 1000;
		const machineBefore = machineBusyMs();
		const cpuBefore = cpuMs(pid);
		const scheduleBefore = mainThreadSchedule(pid);
		const oursBefore = ours();
		const runStart = Date.now();
		const probe = startDiskProbe();
		let diskCommit: Summary;
		let results: RunResult[];
		try {
			results = await Promise.all(
				workers.map((w) =>
					w.request({ type: 'run', run: options.run }, 'result').then((m) => m.result)
				)
			);
		} finally {
			diskCommit = probe.stop();
		}
		const cpuUsed = cpuMs(pid) - cpuBefore;
		const scheduleAfter = mainThreadSchedule(pid);
		const clientsUsed = ours() - oursBefore;
		const machineUsed = machineBusyMs() - machineBefore;
		const runMs = Date.now() - runStart;
		const after = rssBytes(pid);
		const merged = merge(results);
		const perSubmission = (x: number) => x / Math.max(1, merged.stored);
		const mainThread =
			scheduleBefore && scheduleAfter
				? {
						runMs: perSubmission(scheduleAfter.runMs - scheduleBefore.runMs),
						waitMs: perSubmission(scheduleAfter.waitMs - scheduleBefore.waitMs),
						waitUsPerSlice:
							((scheduleAfter.waitMs - scheduleBefore.waitMs) * 1000) /
							Math.max(1, scheduleAfter.slices - scheduleBefore.slices)
					}
				: null;
		return {
			target,
			tablets,
			rooms: roomCount,
			projector: summarise(merged.projector),
			phases: {
				poll: summarise(merged.projectorPoll),
				reflection: summarise(merged.projectorReflection),
				reflectionLate: summarise(merged.projectorReflectionLate)
			},
			console: summarise(merged.console),
			ack: summarise(merged.ack),
			submitted: merged.submitted,
			stored: merged.stored,
			missedByProjector: merged.missedByProjector,
			missedByConsole: merged.missedByConsole,
			unmatched: merged.unmatched,
			timeouts: merged.timeouts,
			rateLimited: merged.rateLimited,
			refused: merged.refused,
			rss: { idle, staff, tablets: withTablets, after },
			bytesPerTablet: (withTablets - staff) / tablets,
			connectSeconds,
			serverCpuMsPerSubmission: cpuUsed / Math.max(1, merged.stored),
			serverCpuShare: cpuUsed / runMs,
			clientCores: clientsUsed / runMs,
			otherCores: Math.max(0, machineUsed - cpuUsed - clientsUsed) / runMs,
			mainThread,
			diskCommit,
			attempt: 1,
			attemptsMade: 1
		};
	} finally {
		await Promise.all(workers.map((w) => w.close()));
		if (server) await stopProcess(server.child);
		removeDatabase(databasePath);
	}
}
