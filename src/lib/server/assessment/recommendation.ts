import {
	ASSESSMENT_DOMAINS,
	RATING_STAGES,
	type Recommendation,
	type RatingStage,
	type RatingValue,
	type Trajectory
} from '../../shared/assessment';

/** The rating the rules read for one domain: its latest stage. */
export interface CurrentRating {
	rating: RatingValue;
	trajectory: Trajectory;
	stage: RatingStage;
}

export interface SupportForRules {
	domain: string;
	provider: string;
	frequency: string;
	reviewDate: string;
}

export interface Proposal {
	outcome: Recommendation | null;
	/** Plain-English reasons, in the order a reader needs them. */
	reasons: string[];
}

const CRITICAL = ASSESSMENT_DOMAINS.filter((d) => d.critical).map((d) => d.id as string);
/** D11 (her own vulnerabilities and wellbeing) is context, not pass or fail. */
const CONTEXT_ONLY = new Set(['D11']);
const JUDGED = ASSESSMENT_DOMAINS.map((d) => d.id as string).filter((d) => !CONTEXT_ONLY.has(d));
const A_NEEDS_THREE = [...CRITICAL, 'D7', 'D9'];

const num = (r: RatingValue | undefined): number | null =>
	r === undefined || r === 'NE' ? null : Number(r);

/** Each domain's most recent rating (end, else mid-programme, else initial). */
export function currentRatings(
	ratings: Array<{
		domain: string;
		stage: RatingStage;
		rating: RatingValue;
		trajectory: Trajectory;
	}>
): Map<string, CurrentRating> {
	const out = new Map<string, CurrentRating>();
	for (const stage of RATING_STAGES) {
		for (const r of ratings.filter((x) => x.stage === stage)) {
			out.set(r.domain, { rating: r.rating, trajectory: r.trajectory, stage });
		}
	}
	return out;
}

const list = (ids: string[]) =>
	ids.length <= 1 ? (ids[0] ?? '') : `${ids.slice(0, -1).join(', ')} and ${ids.at(-1)}`;

const complete = (s: SupportForRules) =>
	s.provider.trim() !== '' && s.frequency.trim() !== '' && /^\d{4}-\d{2}-\d{2}$/.test(s.reviewDate);

/**
 * Proposes A, B or C from the framework's rules (programme.md). The facilitators confirm or
 * override it; it is a proposal, never a decision. Where the rules do not settle it, the more
 * protective outcome is proposed and the reasons say why. A is never proposed while a critical
 * domain is N/E.
 */
export function proposeRecommendation(input: {
	current: Map<string, CurrentRating>;
	supports: SupportForRules[];
	/** Facilitators have recorded evidence of collusion, or of her putting his access to the children first. */
	collusion: boolean;
}): Proposal {
	const { current, supports, collusion } = input;
	if (current.size === 0) {
		return { outcome: null, reasons: ['No domain has been rated yet.'] };
	}
	const value = (d: string) => num(current.get(d)?.rating);
	const at = (n: number) => JUDGED.filter((d) => value(d) === n);

	// C: any one of these is enough.
	const cReasons: string[] = [];
	if (collusion) {
		cReasons.push(
			'There is evidence of collusion with him, or of her putting his access to the children first.'
		);
	}
	const criticalAtOne = CRITICAL.filter((d) => value(d) === 1);
	if (criticalAtOne.length > 0) {
		cReasons.push(`Critical domain ${list(criticalAtOne)} is rated 1 (significant concern).`);
	}
	const flatTwos = at(2).filter((d) => current.get(d)?.trajectory !== 'improving');
	if (flatTwos.length >= 2) {
		cReasons.push(
			`${flatTwos.length} domains (${list(flatTwos)}) are at 2 and not improving despite the programme.`
		);
	}
	if (cReasons.length > 0) return { outcome: 'C', reasons: cReasons };

	// A: every condition must hold.
	const notA: string[] = [];
	const ones = at(1);
	if (ones.length > 0) notA.push(`${list(ones)} ${ones.length === 1 ? 'is' : 'are'} rated 1.`);
	const criticalNE = CRITICAL.filter((d) => value(d) === null);
	if (criticalNE.length > 0) {
		notA.push(
			`Critical domain ${list(criticalNE)} has not enough evidence (N/E): A is never proposed while a critical domain is N/E.`
		);
	}
	const belowThree = A_NEEDS_THREE.filter((d) => {
		const v = value(d);
		return v !== null && v < 3;
	});
	if (belowThree.length > 0) {
		notA.push(`${list(belowThree)} must be at 3 or more for A.`);
	}
	const planNE = ['D7', 'D9'].filter((d) => value(d) === null);
	if (planNE.length > 0) notA.push(`${list(planNE)} has not enough evidence (N/E).`);
	const declining = JUDGED.filter((d) => current.get(d)?.trajectory === 'declining');
	if (declining.length > 0) notA.push(`${list(declining)} is declining.`);
	if (notA.length === 0) {
		return {
			outcome: 'A',
			reasons: [
				'No domain is rated 1; every critical domain, D7 and D9 are at 3 or more; no domain is declining.'
			]
		};
	}

	// B: no critical domain at 1 (already true here), named support for each 2, D12 at 3 or more.
	const notB: string[] = [];
	const unsupported = at(2).filter((d) => !supports.some((s) => s.domain === d && complete(s)));
	if (unsupported.length > 0) {
		notB.push(
			`${list(unsupported)} ${unsupported.length === 1 ? 'is' : 'are'} at 2 without a named support (provider, frequency and review date).`
		);
	}
	const d12 = value('D12');
	if (d12 === null || d12 < 3) {
		notB.push(d12 === null ? 'D12 has not enough evidence (N/E).' : 'D12 (engagement) is below 3.');
	}
	if (notB.length === 0) {
		return {
			outcome: 'B',
			reasons: ['A is not met: ' + notA.join(' '), 'Every condition for B is met.']
		};
	}
	return {
		outcome: 'C',
		reasons: [
			'The rules do not settle it, so the more protective outcome is proposed.',
			'A is not met: ' + notA.join(' '),
			'B is not met: ' + notB.join(' ')
		]
	};
}
