/** Dates in UK format (23 November 2026) and times in 24-hour clock, as staff expect. */
const dateFormat = new Intl.DateTimeFormat('en-GB', {
	day: 'numeric',
	month: 'long',
	year: 'numeric',
	timeZone: 'Europe/London'
});
const timeFormat = new Intl.DateTimeFormat('en-GB', {
	hour: '2-digit',
	minute: '2-digit',
	hour12: false,
	timeZone: 'Europe/London'
});

export function formatDate(value: number | Date): string {
	return dateFormat.format(value);
}

export function formatTime(value: number | Date): string {
	return timeFormat.format(value);
}
