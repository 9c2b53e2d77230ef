import { describe, expect, it } from 'vitest';
import { allowedNext, canMove, CASE_STATUSES } from './case-status';
import { formatHours, hoursSummary, minutesAttended } from './hours';

describe('hours toward 20', () => {
	it.each([
		[{ status: 'present', minutesLate: 0, minutesLeftEarly: 0 }, 120],
		[{ status: 'late', minutesLate: 15, minutesLeftEarly: 0 }, 105],
		[{ status: 'left-early', minutesLate: 0, minutesLeftEarly: 30 }, 90],
		[{ status: 'late', minutesLate: 20, minutesLeftEarly: 10 }, 90],
		[{ status: 'absent', minutesLate: 0, minutesLeftEarly: 0 }, 0],
		[{ status: 'late', minutesLate: 500, minutesLeftEarly: 0 }, 0],
		[{ status: 'present', minutesLate: -5, minutesLeftEarly: 0 }, 120]
	] as const)('%j of a 2-hour session counts %i minutes', (mark, expected) => {
		expect(minutesAttended(mark, 120)).toBe(expected);
	});

	it('adds catch-ups to session time and caps the bar at 100%', () => {
		const full = { status: 'present', minutesLate: 0, minutesLeftEarly: 0 } as const;
		const nine = Array.from({ length: 9 }, () => ({ mark: full, sessionMinutes: 120 }));
		const summary = hoursSummary(
			[
				...nine,
				{ mark: { status: 'absent', minutesLate: 0, minutesLeftEarly: 0 }, sessionMinutes: 120 }
			],
			[120]
		);
		expect(summary).toEqual({
			sessionMinutes: 1080,
			catchupMinutes: 120,
			totalMinutes: 1200,
			percent: 100
		});
		expect(hoursSummary([{ mark: full, sessionMinutes: 120 }], [90, 90]).percent).toBe(25);
	});

	it('writes hours in plain words', () => {
		expect(formatHours(1110)).toBe('18 hours 30 minutes');
		expect(formatHours(60)).toBe('1 hour');
		expect(formatHours(61)).toBe('1 hour 1 minute');
	});
});

describe('case status', () => {
	it('moves forward one stage at a time', () => {
		expect(canMove('referred', 'assessing')).toBe(true);
		expect(canMove('assessing', 'allocated')).toBe(true);
		expect(canMove('allocated', 'in-programme')).toBe(true);
		expect(canMove('in-programme', 'completed')).toBe(true);
	});

	it('never jumps a stage or leaves a closed case', () => {
		expect(canMove('referred', 'allocated')).toBe(false);
		expect(canMove('referred', 'in-programme')).toBe(false);
		expect(canMove('referred', 'completed')).toBe(false);
		expect(canMove('assessing', 'completed')).toBe(false);
		expect(canMove('completed', 'in-programme')).toBe(false);
		expect(canMove('withdrawn', 'referred')).toBe(false);
		expect(allowedNext('completed')).toEqual([]);
	});

	it('allows withdrawal from every open stage', () => {
		for (const status of CASE_STATUSES) {
			if (status === 'completed' || status === 'withdrawn') continue;
			expect(canMove(status, 'withdrawn')).toBe(true);
		}
	});
});
