import type { ErrorCode } from '../../shared/realtime-events';

/** A refusal the person at the screen should read: a code for programs, a sentence for people. */
export class LiveError extends Error {
	constructor(
		readonly code: ErrorCode,
		message: string
	) {
		super(message);
		this.name = 'LiveError';
	}
}
