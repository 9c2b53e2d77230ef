// Messages between the benchmark (parent) and its client workers (child processes).

/**
 * Who the harness talks to: the Circlework server; the bare socket.io relay (the floor); the
 * relay with a durable SQLite insert before each broadcast and acknowledgement; or the relay
 * writing, durably, exactly the rows Circlework writes for an answer.
 */
export type Target = 'app' | 'relay' | 'relay-durable' | 'relay-circlework';

export interface RoomPlan {
	/** Index of the room across the whole run. */
	room: number;
	liveSessionId: string;
	/** App only: what the tablets and the console need. */
	code?: string;
	displayKey?: string;
	staffToken?: string;
	pins: string[];
}

export interface ExercisePlan {
	poll: { index: number; exerciseId: string; optionIds: string[] };
	reflection: { index: number; exerciseId: string };
}

export interface WorkerConfig {
	target: Target;
	baseUrl: string;
	rooms: RoomPlan[];
	exercises: ExercisePlan;
	/** Connections this worker opens per second while ramping up. */
	connectPerSecond: number;
}

export interface RunConfig {
	/** Total length of the submission phase, including the warm-up. */
	durationMs: number;
	/** Samples taken during the first part are dropped (JIT, caches). */
	warmupMs: number;
	/** Each tablet submits on average every this many ms (uniform ±50%). */
	meanIntervalMs: number;
	/** At this point of the run each room's console moves from the poll to the reflection. */
	switchAtMs: number;
	/** How long to wait after the last submission for trailing snapshots. */
	drainMs: number;
}

export type ParentMessage =
	| { type: 'init'; config: WorkerConfig }
	| { type: 'connect-staff' }
	| { type: 'connect-tablets' }
	| { type: 'run'; run: RunConfig }
	| { type: 'close' };

export interface RunResult {
	/** submit → projector receives the snapshot that includes it, ms. */
	projector: number[];
	/** The same, by what the room was answering; and reflections in the run's last quarter. */
	projectorPoll: number[];
	projectorReflection: number[];
	projectorReflectionLate: number[];
	/** submit → console receives the snapshot that includes it, ms. */
	console: number[];
	/** submit → the tablet has the acknowledgement, ms. */
	ack: number[];
	submitted: number;
	stored: number;
	/** Acknowledged as stored, but the projector never received that version. */
	missedByProjector: number;
	missedByConsole: number;
	/** A stored acknowledgement whose version could not be worked out. */
	unmatched: number;
	refused: Record<string, number>;
	timeouts: number;
	/** Refused by the rate limit (the pace would be unrealistic). */
	rateLimited: number;
}

export type WorkerMessage =
	| { type: 'ready' }
	| { type: 'connected'; sockets: number; errors: string[] }
	| { type: 'result'; result: RunResult }
	| { type: 'closed' }
	| { type: 'error'; message: string };
