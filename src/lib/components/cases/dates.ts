import { formatDate } from '$lib/format';

/** A calendar date kept as YYYY-MM-DD, in UK words ("23 November 2026"). */
export function formatIsoDate(iso: string): string {
	const at = Date.parse(`${iso}T12:00:00Z`);
	return Number.isNaN(at) ? iso : formatDate(at);
}

/** Today in London, as YYYY-MM-DD, for the default of a date field. */
export function todayIso(now: Date = new Date()): string {
	return new Intl.DateTimeFormat('en-CA', {
		timeZone: 'Europe/London',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit'
	}).format(now);
}
