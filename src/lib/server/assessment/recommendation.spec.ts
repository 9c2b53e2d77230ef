import { describe, expect, it } from 'vitest';
import { ASSESSMENT_DOMAINS, type RatingValue, type Trajectory } from '../../shared/assessment';
import { currentRatings, proposeRecommendation, type CurrentRating } from './recommendation';

/** Every domain at `base`, with the given exceptions. */
function ratings(
	base: RatingValue,
	except: Record<string, RatingValue | [RatingValue, Trajectory]> = {},
	trajectory: Trajectory = 'stable'
): Map<string, CurrentRating> {
	return new Map(
		ASSESSMENT_DOMAINS.map((d) => {
			const x = except[d.id];
			const [rating, t] = Array.isArray(x) ? x : [x ?? base, trajectory];
			return [d.id, { rating, trajectory: t, stage: 'end' as const }];
		})
	);
}

const support = (domain: string) => ({
	domain,
	provider: 'Northshire family support',
	frequency: 'Fortnightly',
	reviewDate: '2027-03-01'
});

describe('proposeRecommendation', () => {
	it('proposes A when no domain is 1, critical domains, D7 and D9 are 3+, and nothing declines', () => {
		const p = proposeRecommendation({ current: ratings('3'), supports: [], collusion: false });
		expect(p.outcome).toBe('A');
	});

	it('allows A with a non-critical domain at 2 when everything A needs is met', () => {
		const p = proposeRecommendation({
			current: ratings('3', { D6: ['2', 'improving'] }),
			supports: [],
			collusion: false
		});
		expect(p.outcome).toBe('A');
	});

	it('never proposes A while a critical domain is N/E', () => {
		for (const critical of ['D1', 'D2', 'D5', 'D8']) {
			const p = proposeRecommendation({
				current: ratings('4', { [critical]: 'NE' }),
				supports: [],
				collusion: false
			});
			expect(p.outcome).not.toBe('A');
			expect(p.reasons.join(' ')).toContain(`${critical} has not enough evidence`);
		}
	});

	it('does not propose A when D7 or D9 is below 3, or any domain is declining', () => {
		const cases: Array<Record<string, RatingValue | [RatingValue, Trajectory]>> = [
			{ D7: '2' },
			{ D9: '2' },
			{ D3: ['3', 'declining'] }
		];
		for (const except of cases) {
			const p = proposeRecommendation({
				current: ratings('3', except),
				supports: [support('D7'), support('D9')],
				collusion: false
			});
			expect(p.outcome).toBe('B');
		}
	});

	it('proposes B when each domain at 2 has a named, time-limited support and D12 is 3+', () => {
		const p = proposeRecommendation({
			current: ratings('3', { D7: ['2', 'improving'], D9: ['2', 'improving'] }),
			supports: [support('D7'), support('D9')],
			collusion: false
		});
		expect(p.outcome).toBe('B');
		expect(p.reasons.join(' ')).toContain('Every condition for B is met');
	});

	it('does not count a support without a provider, frequency or review date', () => {
		const p = proposeRecommendation({
			current: ratings('3', { D7: ['2', 'improving'] }),
			supports: [{ ...support('D7'), reviewDate: '' }],
			collusion: false
		});
		expect(p.outcome).toBe('C');
		expect(p.reasons[0]).toContain('more protective');
		expect(p.reasons.join(' ')).toContain('D7 is at 2 without a named support');
	});

	it('needs D12 at 3 or more for B; otherwise the more protective outcome', () => {
		const p = proposeRecommendation({
			current: ratings('3', { D7: ['2', 'improving'], D12: ['2', 'improving'] }),
			supports: [support('D7'), support('D12')],
			collusion: false
		});
		expect(p.outcome).toBe('C');
		expect(p.reasons.join(' ')).toContain('D12 (engagement) is below 3');
	});

	it('proposes C when any critical domain is 1', () => {
		for (const critical of ['D1', 'D2', 'D5', 'D8']) {
			const p = proposeRecommendation({
				current: ratings('4', { [critical]: '1' }),
				supports: [],
				collusion: false
			});
			expect(p.outcome).toBe('C');
			expect(p.reasons[0]).toContain(`Critical domain ${critical} is rated 1`);
		}
	});

	it('proposes C for two or more domains at 2 that are flat or declining, even with support', () => {
		const p = proposeRecommendation({
			current: ratings('3', { D3: ['2', 'stable'], D4: ['2', 'declining'] }),
			supports: [support('D3'), support('D4')],
			collusion: false
		});
		expect(p.outcome).toBe('C');
		expect(p.reasons[0]).toContain('D3 and D4');
	});

	it('does not count two improving domains at 2 as a reason for C', () => {
		const p = proposeRecommendation({
			current: ratings('3', { D3: ['2', 'improving'], D4: ['2', 'improving'] }),
			supports: [support('D3'), support('D4')],
			collusion: false
		});
		expect(p.outcome).toBe('A');
	});

	it('proposes C on evidence of collusion whatever the ratings', () => {
		const p = proposeRecommendation({ current: ratings('4'), supports: [], collusion: true });
		expect(p.outcome).toBe('C');
		expect(p.reasons[0]).toContain('collusion');
	});

	it('treats D11 (her wellbeing) as context, not pass or fail', () => {
		const p = proposeRecommendation({
			current: ratings('3', { D11: '1' }),
			supports: [],
			collusion: false
		});
		expect(p.outcome).toBe('A');
	});

	it('proposes nothing before any domain is rated', () => {
		expect(
			proposeRecommendation({ current: new Map(), supports: [], collusion: false }).outcome
		).toBeNull();
	});

	it('treats unrated domains as N/E, so A is not proposed from a partial set', () => {
		const p = proposeRecommendation({
			current: new Map([['D3', { rating: '4', trajectory: 'stable', stage: 'end' }]]),
			supports: [],
			collusion: false
		});
		expect(p.outcome).toBe('C');
	});
});

describe('currentRatings', () => {
	it('reads the end rating before mid-programme and initial', () => {
		const current = currentRatings([
			{ domain: 'D1', stage: 'end', rating: '3', trajectory: 'improving' },
			{ domain: 'D1', stage: 'baseline', rating: '1', trajectory: 'stable' },
			{ domain: 'D2', stage: 'mid', rating: '2', trajectory: 'improving' },
			{ domain: 'D2', stage: 'baseline', rating: '1', trajectory: 'stable' }
		]);
		expect(current.get('D1')).toEqual({ rating: '3', trajectory: 'improving', stage: 'end' });
		expect(current.get('D2')?.stage).toBe('mid');
	});
});
