import { sveltekit } from '@sveltejs/kit/vite';
import tailwindcss from '@tailwindcss/vite';
import type { Server as HttpServer } from 'node:http';
import type { Plugin, ViteDevServer } from 'vite';
import { defineConfig } from 'vitest/config';

const REALTIME_ENTRY = '/src/lib/server/realtime/index.ts';
const RUNTIME_KEY = Symbol.for('circlework.runtime');

/**
 * Attaches the same realtime module the production entry uses to Vite's own HTTP
 * server, and re-attaches it when an edit reaches the realtime code.
 */
function circleworkRealtime(): Plugin {
	let dev: ViteDevServer | undefined;
	async function attach(): Promise<void> {
		if (!dev?.httpServer) return;
		const realtime = (await dev.ssrLoadModule(REALTIME_ENTRY)) as {
			attachRealtime: (server: HttpServer) => unknown;
		};
		realtime.attachRealtime(dev.httpServer as HttpServer);
	}
	return {
		name: 'circlework-realtime',
		configureServer(server) {
			dev = server;
			if (!server.httpServer) return; // Vitest and middleware mode have no HTTP server.
			server.httpServer.once('listening', () => {
				attach().catch((err: unknown) => {
					console.error('[circlework] could not attach realtime', err);
				});
			});
		},
		handleHotUpdate({ file }) {
			if (file.includes('/src/lib/server/') || file.includes('/src/lib/shared/')) {
				attach().catch((err: unknown) => {
					console.error('[circlework] could not re-attach realtime', err);
				});
			}
		},
		configurePreviewServer(server) {
			server.httpServer.once('listening', () => {
				const runtime = (globalThis as Record<symbol, unknown>)[RUNTIME_KEY] as
					{ attach: (server: HttpServer) => unknown } | undefined;
				runtime?.attach(server.httpServer as HttpServer);
			});
		}
	};
}

export default defineConfig({
	plugins: [tailwindcss(), sveltekit(), circleworkRealtime()],
	server: { port: 5173, strictPort: false },
	test: {
		include: ['src/**/*.spec.ts', 'tests/unit/**/*.spec.ts'],
		environment: 'node'
	}
});
