// Every process the benchmark starts is registered here and stopped again, whatever happens.
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import {
	cpSync,
	existsSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	statSync,
	symlinkSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, connect } from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const GUARD = fileURLToPath(new URL('../orphan-guard.mjs', import.meta.url));

let snapshotDir: string | undefined;

/**
 * Where the app server runs from: a private copy of server.js and build/ taken when the
 * benchmark starts, so a rebuild in the working tree during a long run changes nothing.
 */
export function appDir(): string {
	return snapshotDir ?? ROOT;
}

/** Copies server.js, package.json and build/ to a temporary folder (node_modules linked). */
export async function snapshotBuild(): Promise<{ dir: string; builtAt: Date }> {
	for (let attempt = 1; ; attempt++) {
		const dir = mkdtempSync(join(tmpdir(), 'circlework-bench-app-'));
		try {
			const builtAt = statSync(join(ROOT, 'build', 'handler.js')).mtime;
			cpSync(join(ROOT, 'build'), join(dir, 'build'), { recursive: true });
			cpSync(join(ROOT, 'server.js'), join(dir, 'server.js'));
			cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
			symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
			if (!existsSync(join(dir, 'build', 'handler.js'))) throw new Error('incomplete build');
			snapshotDir = dir;
			return { dir, builtAt };
		} catch (err) {
			rmSync(dir, { recursive: true, force: true });
			// Someone may be rebuilding right now: wait for the build to finish.
			if (attempt >= 12)
				throw new Error('could not copy build/ (is a build running?)', { cause: err });
			await sleep(5000);
		}
	}
}

const temporaryDatabases = new Set<string>();

/** A database file under the temporary folder, removed (with -wal and -shm) when done. */
export function temporaryDatabase(name: string): string {
	const path = join(tmpdir(), `circlework-${name}-${process.pid}-${Date.now()}.db`);
	temporaryDatabases.add(path);
	return path;
}

export function removeDatabase(path: string): void {
	for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
	temporaryDatabases.delete(path);
}

export function removeSnapshot(): void {
	if (snapshotDir) rmSync(snapshotDir, { recursive: true, force: true });
	snapshotDir = undefined;
}

const children = new Set<ChildProcess>();
const started: Array<{ pid: number; what: string }> = [];

function track(child: ChildProcess, what: string): ChildProcess {
	children.add(child);
	if (child.pid !== undefined) started.push({ pid: child.pid, what });
	child.once('exit', () => children.delete(child));
	return child;
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Kills whatever is still running (used on exit, on Ctrl+C and after a failure). */
export function killAllChildren(): void {
	for (const child of children) {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	}
}

/** The processes this run started that are still alive (should be none at the end). */
export function leftRunning(): Array<{ pid: number; what: string }> {
	return started.filter((p) => alive(p.pid));
}

export function startedCount(): number {
	return started.length;
}

let hooksInstalled = false;
export function installCleanupHooks(): void {
	if (hooksInstalled) return;
	hooksInstalled = true;
	process.on('exit', () => {
		killAllChildren();
		removeSnapshot();
		for (const path of temporaryDatabases) removeDatabase(path);
	});
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.on(signal, () => {
			console.error(`\n[bench] ${signal}: stopping every process the benchmark started`);
			killAllChildren();
			process.exit(130);
		});
	}
}

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

export async function waitForPort(port: number, child: ChildProcess, timeoutMs = 30_000) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(
				`the process exited (${child.exitCode ?? child.signalCode}) before listening`
			);
		}
		const open = await new Promise<boolean>((resolve) => {
			const socket = connect(port, '127.0.0.1');
			socket.once('connect', () => {
				socket.destroy();
				resolve(true);
			});
			socket.once('error', () => resolve(false));
		});
		if (open) return;
		await sleep(100);
	}
	throw new Error(`nothing listened on port ${port} within ${timeoutMs} ms`);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface Server {
	child: ChildProcess;
	port: number;
	baseUrl: string;
	/** The last lines the process wrote (for error messages). */
	output: () => string;
}

function collectOutput(child: ChildProcess): () => string {
	const lines: string[] = [];
	const keep = (chunk: Buffer) => {
		lines.push(...chunk.toString().split('\n').filter(Boolean));
		if (lines.length > 40) lines.splice(0, lines.length - 40);
	};
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	return () => lines.join('\n');
}

/** Extra Node options for the app server, e.g. `--cpu-prof` (set by `--profile`). */
let appServerNodeArgs: string[] = [];
export function setAppServerNodeArgs(args: string[]): void {
	appServerNodeArgs = args;
}

/** Starts the production server (server.js + build/) on a fresh port and database. */
export async function startAppServer(databasePath: string, port?: number): Promise<Server> {
	const p = port ?? (await freePort());
	const baseUrl = `http://127.0.0.1:${p}`;
	const child = track(
		spawn(process.execPath, [...appServerNodeArgs, '--import', GUARD, 'server.js'], {
			cwd: appDir(),
			env: {
				...process.env,
				NODE_ENV: 'production',
				PORT: String(p),
				HOST: '127.0.0.1',
				ORIGIN: baseUrl,
				DATABASE_PATH: databasePath,
				CIRCLEWORK_DEMO: 'false'
			},
			stdio: ['ignore', 'pipe', 'pipe']
		}),
		'app server'
	);
	const output = collectOutput(child);
	try {
		await waitForPort(p, child);
	} catch (err) {
		throw new Error(`the app server did not start: ${(err as Error).message}\n${output()}`, {
			cause: err
		});
	}
	return { child, port: p, baseUrl, output };
}

/**
 * Starts the bare socket.io relay (the floor) on a fresh port; durable with a database path,
 * writing one row per submission or, with `writes: 'circlework'`, the rows Circlework writes.
 */
export async function startRelay(
	databasePath?: string,
	writes: 'one-row' | 'circlework' = 'one-row'
): Promise<Server> {
	const p = await freePort();
	const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(p) };
	if (databasePath) env.RELAY_DATABASE = databasePath;
	if (databasePath && writes === 'circlework') env.RELAY_WRITES = 'circlework';
	const child = track(
		spawn(
			process.execPath,
			[
				'--import',
				GUARD,
				'--import',
				'tsx',
				fileURLToPath(new URL('../relay.ts', import.meta.url))
			],
			{ cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] }
		),
		databasePath ? 'durable relay' : 'relay'
	);
	const output = collectOutput(child);
	try {
		await waitForPort(p, child);
	} catch (err) {
		throw new Error(`the relay did not start: ${(err as Error).message}\n${output()}`, {
			cause: err
		});
	}
	return { child, port: p, baseUrl: `http://127.0.0.1:${p}`, output };
}

/** A client worker process (socket.io-client tablets, projectors and consoles). */
export function forkWorker(): ChildProcess {
	return track(
		fork(fileURLToPath(new URL('../worker.ts', import.meta.url)), [], {
			cwd: ROOT,
			execArgv: ['--import', 'tsx', '--max-old-space-size=1024'],
			stdio: ['ignore', 'inherit', 'inherit', 'ipc']
		}),
		'client worker'
	);
}

/** Runs a command to completion (e.g. the build), with its output shown. */
export function runToEnd(command: string, args: string[]): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = track(spawn(command, args, { cwd: ROOT, stdio: 'inherit' }), command);
		child.once('error', reject);
		child.once('exit', (code) =>
			code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}`))
		);
	});
}

/** Stops a server: SIGTERM (its clean shutdown), SIGKILL if it has not gone in 10 s. */
export async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
	await exited;
	clearTimeout(timer);
}

/** Kills at once (kill -9), as a crash or power cut would, and waits until it is gone. */
export async function killHard(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	child.kill('SIGKILL');
	await exited;
}

/** Resident set size of a process in bytes, from /proc (Linux). */
export function rssBytes(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const match = /VmRSS:\s+(\d+)\s+kB/.exec(status);
	if (!match) throw new Error(`no VmRSS for process ${pid}`);
	return Number(match[1]) * 1024;
}

let ticksPerSecond: number | undefined;

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux). */
export function cpuMs(pid: number): number {
	if (ticksPerSecond === undefined) {
		try {
			ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
		} catch {
			ticksPerSecond = 100;
		}
	}
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	// Fields after the command name (which may hold spaces) start at ") ".
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const utime = Number(fields[11]);
	const stime = Number(fields[12]);
	return ((utime + stime) * 1000) / ticksPerSecond;
}

/**
 * The scheduler's account of a process's main thread, from /proc/<pid>/schedstat (Linux):
 * time running, time ready to run but waiting for a CPU, and how many times it was put on
 * one. Null where the kernel does not keep these.
 */
export function mainThreadSchedule(
	pid: number
): { runMs: number; waitMs: number; slices: number } | null {
	try {
		const [run, wait, slices] = readFileSync(`/proc/${pid}/schedstat`, 'utf8')
			.trim()
			.split(/\s+/)
			.map(Number);
		if (run === undefined || wait === undefined || slices === undefined) return null;
		return { runMs: run / 1e6, waitMs: wait / 1e6, slices };
	} catch {
		return null;
	}
}

/** CPU time the whole machine has been busy (all cores, all processes), in ms, from /proc/stat. */
export function machineBusyMs(): number {
	cpuMs(process.pid); // sets ticksPerSecond
	const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
	const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
	const busy = [user, nice, system, irq, softirq, steal].reduce<number>((a, b) => a + (b ?? 0), 0);
	return (busy * 1000) / (ticksPerSecond ?? 100);
}
