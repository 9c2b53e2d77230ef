/** Where quick exit sends her: an everyday site that gives nothing away. */
export const NEUTRAL_SITE = 'https://www.bbc.co.uk/weather';

/**
 * Quick exit, modelled on GOV.UK's "Exit this page": blank the page at once, tell the
 * server to end this tablet's place (no reply needed), forget local answers, and replace
 * the page so Back cannot return to it.
 */
export function quickExit(forget: () => void): void {
	document.body.style.visibility = 'hidden';
	document.title = 'Weather';
	try {
		navigator.sendBeacon('/tablet/leave?beacon=1');
	} catch {
		// Leaving still happens when the token is next refused.
	}
	try {
		forget();
	} finally {
		window.location.replace(NEUTRAL_SITE);
	}
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
