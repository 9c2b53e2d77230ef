/**
 * For tests: the real realtime module attached to a real HTTP server on a random port,
 * over a fresh database file, with staff accounts, two live sessions and connected clients.
 * Nothing of our own server is mocked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import {
	SESSION_COOKIE_NAME,
	SOCKET_PATH,
	type ClientToServerEvents,
	type HandshakeAuth,
	type ServerToClientEvents
} from '../../shared/realtime-events';
import type { StaffRole } from '../../shared/roles';
import { closeSharedDatabase } from '../db/connection';
import { getServices, resetServices, type Services } from '../services';
import { attachRealtime, closeRealtime } from './index';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestRealtime {
	url: string;
	services: Services;
	staff: Record<
		'coordinator' | 'facilitator' | 'otherFacilitator' | 'mentor',
		{ id: string; cookie: string }
	>;
	/** Run by `facilitator`, with Amy and Beth. */
	session: { id: string; displayKey: string; amyToken: string; amyId: string; bethId: string };
	/** Run by `otherFacilitator`, with Cara. */
	otherSession: { id: string; caraToken: string };
	/** A one-to-one remote session run by `facilitator`, with Sam. */
	oneToOneSession: { id: string; samToken: string };
	client(options: {
		auth: HandshakeAuth;
		cookie?: string;
		origin?: string;
	}): Promise<{ socket: ClientSocket; refusal?: string }>;
	close(): Promise<void>;
}

export async function startTestRealtime(): Promise<TestRealtime> {
	const dir = mkdtempSync(join(tmpdir(), 'circlework-rt-'));
	const http: HttpServer = createServer((_req, res) => {
		res.statusCode = 404;
		res.end();
	});
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	const port = (http.address() as AddressInfo).port;
	const url = `http://127.0.0.1:${port}`;
	process.env.DATABASE_PATH = join(dir, 'test.db');
	process.env.ORIGIN = url;
	resetServices();
	const services = getServices();
	attachRealtime(http);

	const account = async (username: string, role: StaffRole) => {
		const { id } = await services.accounts.createUser(
			{ username, displayName: username, role },
			'a long enough password'
		);
		return { id, cookie: `${SESSION_COOKIE_NAME}=${services.sessions.create(id).token}` };
	};
	const staff = {
		coordinator: await account('coord', 'coordinator'),
		facilitator: await account('fay', 'facilitator'),
		otherFacilitator: await account('olive', 'facilitator'),
		mentor: await account('mina', 'mentor')
	};
	const moduleId = 'introduction';
	const created = services.live.create(
		{ id: staff.facilitator.id, role: 'facilitator' },
		{ title: 'Tuesday group', moduleIds: [moduleId], participants: ['Amy', 'Beth'] }
	);
	const other = services.live.create(
		{ id: staff.otherFacilitator.id, role: 'facilitator' },
		{ title: 'Thursday group', moduleIds: [moduleId], participants: ['Cara'] }
	);
	const oneToOne = services.live.create(
		{ id: staff.facilitator.id, role: 'facilitator' },
		{ title: 'Sam, one-to-one', moduleIds: [moduleId], participants: ['Sam'] }
	);
	services.oneToOne.register({ id: staff.facilitator.id, role: 'facilitator' }, oneToOne.id);
	const sam = services.live.join(oneToOne.code, oneToOne.people[0]!.pin, '10.0.0.3');
	const amy = services.live.join(created.code, created.people[0]!.pin, '10.0.0.1');
	const cara = services.live.join(other.code, other.people[0]!.pin, '10.0.0.2');
	const ids = services.live.participantIds(created.id);

	const sockets: ClientSocket[] = [];
	return {
		url,
		services,
		staff,
		session: {
			id: created.id,
			displayKey: created.displayKey,
			amyToken: amy.token,
			amyId: services.live.authenticateParticipant(amy.token).participantId,
			bethId: ids.find(
				(id) => id !== services.live.authenticateParticipant(amy.token).participantId
			)!
		},
		otherSession: { id: other.id, caraToken: cara.token },
		oneToOneSession: { id: oneToOne.id, samToken: sam.token },
		client({ auth, cookie, origin }) {
			const headers: Record<string, string> = {};
			if (cookie) headers.cookie = cookie;
			if (origin) headers.origin = origin;
			const socket: ClientSocket = connect(url, {
				path: SOCKET_PATH,
				transports: ['websocket'],
				auth,
				extraHeaders: headers,
				reconnection: false,
				forceNew: true
			});
			sockets.push(socket);
			return new Promise((resolve) => {
				socket.once('connect', () => resolve({ socket }));
				socket.once('connect_error', (err) => resolve({ socket, refusal: err.message }));
			});
		},
		async close() {
			for (const s of sockets) s.disconnect();
			await closeRealtime();
			await new Promise<void>((resolve) => http.close(() => resolve()));
			closeSharedDatabase();
			resetServices();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/** Emits an event and waits for its ack (with a timeout, so a missing ack fails the test). */
export function emitWithAck(
	socket: ClientSocket,
	event: string,
	args: unknown[],
	timeoutMs = 3000
): Promise<unknown> {
	return (
		socket.timeout(timeoutMs) as unknown as {
			emitWithAck: (event: string, ...args: unknown[]) => Promise<unknown>;
		}
	).emitWithAck(event, ...args);
}
