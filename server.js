// Production entry: SvelteKit's handler and socket.io on one HTTP server and port.
import { createServer } from 'node:http';
import { handler } from './build/handler.js';

const runtime = globalThis[Symbol.for('circlework.runtime')];
if (!runtime) throw new Error('The server hook did not start; run `npm run build` first.');

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
const server = createServer(handler);
runtime.attach(server);
server.listen(port, host, () => {
	console.log(
		`[circlework] listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`
	);
});

let stopping = false;
async function shutdown(signal) {
	if (stopping) return;
	stopping = true;
	console.log(`[circlework] ${signal} received, closing connections`);
	const force = setTimeout(() => process.exit(1), 10_000);
	force.unref();
	await runtime.close();
	server.close(() => process.exit(0));
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
