import { describe, expect, it } from 'vitest';
import { addDays, londonDateAndTime, londonTimestamp } from './london-time';

describe('UK wall-clock times', () => {
	it('handles winter (GMT) and summer (BST)', () => {
		expect(new Date(londonTimestamp('2026-12-01', '18:30')).toISOString()).toBe(
			'2026-12-01T18:30:00.000Z'
		);
		expect(new Date(londonTimestamp('2026-06-01', '10:00')).toISOString()).toBe(
			'2026-06-01T09:00:00.000Z'
		);
	});
	it('round-trips', () => {
		expect(londonDateAndTime(londonTimestamp('2026-06-01', '10:00'))).toEqual({
			date: '2026-06-01',
			time: '10:00'
		});
	});
	it('adds weeks across month ends', () => {
		expect(addDays('2026-11-24', 7)).toBe('2026-12-01');
	});
});
