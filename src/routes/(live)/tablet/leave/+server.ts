import { z } from 'zod';
import { LiveError } from '$lib/server/live/errors';
import type { ParticipantIdentity } from '$lib/server/live/live-service';
import { broadcast, disconnectParticipant } from '$lib/server/realtime';
import { getServices } from '$lib/server/services';
import { submitAnswerSchema, type SubmitAnswer } from '$lib/shared/live';
import { clearTabletCookie, readTabletCookie } from '$lib/tablet-cookie.server';
import type { RequestHandler } from './$types';

/** Limits on the waiting answers a leaving tablet hands over (the client keeps within them). */
const MAX_ITEMS = 50;
const MAX_BODY_BYTES = 64 * 1024;

const leavingAnswersSchema = z.array(submitAnswerSchema).max(MAX_ITEMS);

/**
 * On a shared tablet, leaving clears everything of hers the browser holds for this site
 * (cache, localStorage, sessionStorage, IndexedDB, CacheStorage, service workers). Cookies
 * are not cleared wholesale: only her tablet cookie is removed, below.
 */
const CLEAR_SITE_DATA = { 'clear-site-data': '"cache", "storage"', 'cache-control': 'no-store' };

/** Reads at most `limit` bytes of the body; null when there is none or it is too long. */
async function readLimited(request: Request, limit: number): Promise<string | null> {
	const declared = Number(request.headers.get('content-length') ?? '0');
	if (declared > limit || !request.body) return null;
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > limit) {
			await reader.cancel();
			return null;
		}
		chunks.push(value);
	}
	if (size === 0) return null;
	const bytes = new Uint8Array(size);
	let offset = 0;
	for (const chunk of chunks) {
		bytes.set(chunk, offset);
		offset += chunk.byteLength;
	}
	return new TextDecoder().decode(bytes);
}

/** Her waiting answers from the body, or none when the body is missing or not valid. */
async function leavingAnswers(request: Request): Promise<SubmitAnswer[]> {
	try {
		const text = await readLimited(request, MAX_BODY_BYTES);
		if (text === null) return [];
		const parsed = leavingAnswersSchema.safeParse(JSON.parse(text));
		return parsed.success ? parsed.data : [];
	} catch {
		// Not JSON, or the connection dropped: she still leaves. (Never log the body.)
		return [];
	}
}

/**
 * Stores each waiting answer (idempotent by client id) and tells the console. Never
 * throws: whatever happens to one answer, she still leaves.
 */
function storeAnswers(who: ParticipantIdentity, items: SubmitAnswer[], origin: string): void {
	const live = getServices().live;
	for (const item of items) {
		try {
			const { effect } = live.submit(who, item);
			broadcast(effect, origin);
		} catch (err) {
			// A LiveError (answers closed, not part of the session…) means that one answer is
			// not kept. Anything else is logged by name only: never the answer itself.
			if (!(err instanceof LiveError)) {
				console.error(
					'[circlework] storing an answer while leaving failed:',
					err instanceof Error ? err.name : 'unknown'
				);
			}
		}
	}
}

/** Ends this tablet's place in the session: stores what was waiting, revokes the token, clears the cookie. */
function leave(
	cookies: Parameters<RequestHandler>[0]['cookies'],
	items: SubmitAnswer[],
	origin: string
): void {
	const token = readTabletCookie(cookies);
	if (token) {
		try {
			const who = getServices().live.authenticateParticipant(token);
			storeAnswers(who, items, origin);
			getServices().live.leave(who.tokenId);
			disconnectParticipant(who.liveSessionId, who.participantId);
		} catch (err) {
			if (!(err instanceof LiveError)) throw err;
		}
	}
	clearTabletCookie(cookies);
}

/**
 * Used by the Finish form (redirects to /join?left=1), and with `?beacon=1` by the tablet's
 * leave flow (fetch) and by Quick exit (navigator.sendBeacon), which need no reply: their
 * body may carry her waiting answers as a JSON array of submissions.
 */
export const POST: RequestHandler = async ({ cookies, url, request }) => {
	const beacon = url.searchParams.get('beacon') === '1';
	const items = beacon ? await leavingAnswers(request) : [];
	leave(cookies, items, url.origin);
	if (beacon) return new Response(null, { status: 204, headers: CLEAR_SITE_DATA });
	return new Response(null, {
		status: 303,
		headers: { ...CLEAR_SITE_DATA, location: '/join?left=1' }
	});
};
