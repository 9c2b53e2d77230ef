/** Converts a UK wall-clock date and time (Europe/London) to a timestamp, and back. */
function offsetMinutes(at: number): number {
	const parts = new Intl.DateTimeFormat('en-GB', {
		timeZone: 'Europe/London',
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit'
	}).formatToParts(at);
	const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
	return Math.round((asUtc - Math.floor(at / 60_000) * 60_000) / 60_000);
}

export function londonTimestamp(date: string, time: string): number {
	const [y, m, d] = date.split('-').map(Number) as [number, number, number];
	const [hh, mm] = time.split(':').map(Number) as [number, number];
	const guess = Date.UTC(y, m - 1, d, hh, mm);
	return guess - offsetMinutes(guess) * 60_000;
}

export function londonDateAndTime(at: number): { date: string; time: string } {
	const parts = new Intl.DateTimeFormat('en-GB', {
		timeZone: 'Europe/London',
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit'
	}).formatToParts(at);
	const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
	return {
		date: `${get('year')}-${get('month')}-${get('day')}`,
		time: `${get('hour')}:${get('minute')}`
	};
}

export function addDays(date: string, days: number): string {
	const t = Date.parse(`${date}T12:00:00Z`) + days * 86_400_000;
	return new Date(t).toISOString().slice(0, 10);
}
