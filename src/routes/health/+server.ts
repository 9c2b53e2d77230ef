import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** Liveness probe for process managers and the test runner. Reveals nothing. */
export const GET: RequestHandler = () => json({ status: 'ok' });
