import type { SubmitAnswer } from '../shared/live';

/** Where quick exit sends her: an everyday site that gives nothing away. */
export const NEUTRAL_SITE = 'https://www.bbc.co.uk/weather';

/** Ends this tablet's place in the session (see src/routes/(live)/tablet/leave/+server.ts). */
export const LEAVE_URL = '/tablet/leave';
/** The same, answering 204 and taking her waiting answers in the body. */
export const LEAVE_BEACON_URL = `${LEAVE_URL}?beacon=1`;

/** The server's limits on the waiting answers sent while leaving (kept in step with it). */
export const LEAVE_MAX_ITEMS = 50;
export const LEAVE_MAX_BYTES = 64 * 1024;

/** Every key the tablet writes to localStorage and sessionStorage starts with this. */
const KEY_PREFIX = 'cw-';

/** What leaving needs from the tablet session. */
export interface LeavingTablet {
	/** What is still waiting to be sent. */
	pendingSubmissions(): SubmitAnswer[];
	/** Forgets what it keeps for her on this device. */
	forget(): void;
}

/**
 * The body for the leaving request: her waiting answers as a JSON array, within the
 * server's limits (oldest first; anything beyond the limits stays unsent), or null when
 * nothing is waiting.
 */
export function leavingBody(pending: SubmitAnswer[]): string | null {
	const items = pending.slice(0, LEAVE_MAX_ITEMS);
	let body = JSON.stringify(items);
	while (items.length > 0 && new TextEncoder().encode(body).length > LEAVE_MAX_BYTES) {
		items.pop();
		body = JSON.stringify(items);
	}
	return items.length > 0 ? body : null;
}

/**
 * Removes at once what can be removed at once: every `cw-` key in localStorage, and
 * everything in sessionStorage (nothing there belongs to anyone else on a shared tablet).
 */
export function clearStorageNow(): void {
	try {
		const keys: string[] = [];
		for (let i = 0; i < localStorage.length; i++) {
			const key = localStorage.key(i);
			if (key?.startsWith(KEY_PREFIX)) keys.push(key);
		}
		for (const key of keys) localStorage.removeItem(key);
	} catch {
		// Storage disabled: there is nothing to remove.
	}
	try {
		sessionStorage.clear();
	} catch {
		// as above
	}
}

function deleteDatabase(name: string): Promise<void> {
	return new Promise((resolve) => {
		try {
			const request = indexedDB.deleteDatabase(name);
			request.onsuccess = () => resolve();
			request.onerror = () => resolve();
			// Blocked by an open connection: the browser deletes it once that closes.
			request.onblocked = () => resolve();
		} catch {
			resolve();
		}
	});
}

/**
 * Deletes every IndexedDB database and every CacheStorage cache of this site, where the
 * browser offers them. Best effort: it never throws and gives up after `withinMs`.
 */
export async function clearStoresLater(withinMs = 1500): Promise<void> {
	const work = (async () => {
		const jobs: Array<Promise<unknown>> = [];
		if (typeof indexedDB !== 'undefined' && typeof indexedDB.databases === 'function') {
			jobs.push(
				indexedDB
					.databases()
					.then((dbs) =>
						Promise.all(dbs.flatMap((db) => (db.name ? [deleteDatabase(db.name)] : [])))
					)
			);
		}
		if (typeof caches !== 'undefined') {
			jobs.push(caches.keys().then((names) => Promise.all(names.map((n) => caches.delete(n)))));
		}
		await Promise.allSettled(jobs);
	})();
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, withinMs)));
	try {
		await Promise.race([work.catch(() => undefined), timeUp]);
	} finally {
		clearTimeout(timer);
	}
}

const exitHooks = new Set<() => void>();

/** Runs `hook` first thing on a quick exit (e.g. ending a call at once); returns the undo. */
export function onQuickExit(hook: () => void): () => void {
	exitHooks.add(hook);
	return () => exitHooks.delete(hook);
}

/**
 * Quick exit, modelled on GOV.UK's "Exit this page": blank the page at once; in one
 * beacon, hand the server her waiting answers and end this tablet's place (no reply
 * needed); forget everything of hers on the device; and replace the page so Back cannot
 * return to it. Nothing here waits.
 */
export function quickExit(tablet: LeavingTablet | null): void {
	document.body.style.visibility = 'hidden';
	for (const hook of exitHooks) {
		try {
			hook();
		} catch {
			// Leaving must never wait or fail.
		}
	}
	document.title = 'Weather';
	let body: string | null = null;
	try {
		body = leavingBody(tablet?.pendingSubmissions() ?? []);
	} catch {
		// Unreadable outbox: leave without it.
	}
	try {
		navigator.sendBeacon(LEAVE_BEACON_URL, body ?? undefined);
	} catch {
		// Leaving still happens when the token is next refused.
	}
	try {
		tablet?.forget();
		clearStorageNow();
		void clearStoresLater();
	} finally {
		window.location.replace(NEUTRAL_SITE);
	}
}

/** What the ordinary leave needs besides: sending what waits, and closing the connection. */
export interface SettlingTablet extends LeavingTablet {
	settle(withinMs: number): Promise<void>;
	stop(): void;
}

/** How long leaving waits for her waiting answers to go out over the live connection. */
export const LEAVE_SEND_WAIT_MS = 3000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Leaving a shared tablet ("Not you? Leave", or the end of the session): send what is
 * waiting (for up to three seconds), forget everything of hers on the device, then tell
 * the server, which stores anything still unsent, revokes her token and clears the cookie
 * and site data. The page is replaced, so Back does not return to the session.
 *
 * Until the server has answered her token still works on this device, so without a
 * connection it keeps trying (calling `onWaiting`) rather than pretending she has left.
 */
export async function leaveTablet(
	tablet: SettlingTablet | null,
	destination: string,
	onWaiting?: () => void
): Promise<void> {
	if (tablet) {
		try {
			await tablet.settle(LEAVE_SEND_WAIT_MS);
		} catch {
			// Whatever did not go out goes with the leaving request below.
		}
	}
	let body: string | null = null;
	try {
		body = leavingBody(tablet?.pendingSubmissions() ?? []);
	} catch {
		// Unreadable outbox: leave without it.
	}
	tablet?.stop();
	tablet?.forget();
	clearStorageNow();
	await clearStoresLater();

	for (let attempt = 0; ; attempt++) {
		try {
			const response = await fetch(LEAVE_BEACON_URL, {
				method: 'POST',
				credentials: 'same-origin',
				cache: 'no-store',
				...(body ? { body, headers: { 'content-type': 'text/plain;charset=UTF-8' } } : {})
			});
			// A refusal (4xx) will not change on a retry; a server error might, a few times.
			if (response.status < 500 || attempt >= 2) break;
		} catch {
			// No connection: wait and try again.
		}
		onWaiting?.();
		await sleep(Math.min(2000 * 2 ** attempt, 10_000));
	}
	window.location.replace(destination);
}

/** Calls `onExit` when Shift is pressed three times within a second and a half. */
export function listenForTripleShift(onExit: () => void): () => void {
	let presses: number[] = [];
	const handler = (event: KeyboardEvent) => {
		if (event.key !== 'Shift' || event.repeat) return;
		const now = Date.now();
		presses = [...presses.filter((t) => now - t < 1500), now];
		if (presses.length >= 3) onExit();
	};
	window.addEventListener('keydown', handler);
	return () => window.removeEventListener('keydown', handler);
}
