/**
 * The starting list (migration 3 seeds the same phrases; coordinators edit the list in the app).
 * Phrases that may indicate risk, highlighted in the moderation queue to help the
 * facilitator notice them. The software never hides, reports or judges by itself.
 */
export const DEFAULT_RISK_PHRASES = [
	'alone with',
	'our secret',
	"don't tell",
	'do not tell',
	'touched',
	'touching',
	'still sees',
	'sees the kids',
	'sees the children',
	'staying over',
	'stays over',
	'sleepover',
	'unsupervised',
	'moved back in',
	'comes round',
	'lets him',
	'scared of him',
	'threatened',
	'hits me',
	'hit me',
	'hurt me',
	'hurts me',
	'kill myself',
	'want to die',
	'end it all',
	'hurt myself',
	'self-harm',
	'suicide',
	'nobody knows',
	'no one knows'
] as const;

export interface RiskMatch {
	start: number;
	end: number;
	phrase: string;
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A pattern for one phrase: any spacing between words, either apostrophe, whole words only. */
function phrasePattern(phrase: string): string {
	return phrase
		.trim()
		.split(/\s+/)
		.map((word) => escapeRegExp(word).replace(/['’]/g, "['’]").replace(/-/g, '[-‐‑– ]?'))
		.join('\\s+');
}

/** The phrases of one list, compiled once; `find` is `findRiskPhrases` with that list. */
export interface RiskPhraseMatcher {
	readonly phrases: readonly string[];
	find(text: string): RiskMatch[];
}

/** Matchers of the lists seen lately (the list changes rarely: coordinators edit it). */
const matchers = new Map<string, RiskPhraseMatcher>();
const MATCHERS_KEPT = 8;

/** What a new matcher reads twice, so that its expression is compiled before it is needed. */
const WARM_UP_TEXT = 'A few words, to compile the expression before it is needed.';

/**
 * A matcher for a list of phrases, compiled once per list: the same list (by content)
 * gives back the same matcher.
 *
 * All the phrases make one regular expression, so a text is read once, not once per
 * phrase. Where several phrases match at the same place, the longest phrase is tried
 * first. The expression is run twice when it is made: the first runs of a new regular
 * expression compile it (tens of milliseconds for these Unicode word edges), and that
 * should not happen while a reflection is waiting to be shown.
 */
export function riskPhraseMatcher(phrases: readonly string[]): RiskPhraseMatcher {
	const key = phrases.join('\u0000');
	const known = matchers.get(key);
	if (known) return known;
	// Longest first (a stable sort: equal lengths keep the list's order).
	const used = phrases
		.filter((phrase) => phrase.trim())
		.sort((a, b) => b.trim().length - a.trim().length);
	const regex =
		used.length === 0
			? null
			: new RegExp(
					`(?<![\\p{L}\\p{N}])(?:${used.map((phrase) => `(${phrasePattern(phrase)})`).join('|')})(?![\\p{L}\\p{N}])`,
					'giu'
				);
	const matcher: RiskPhraseMatcher = {
		phrases: [...phrases],
		find(text) {
			const found: RiskMatch[] = [];
			if (!regex) return found;
			regex.lastIndex = 0;
			for (let match = regex.exec(text); match; match = regex.exec(text)) {
				const which = match.findIndex((group, i) => i > 0 && group !== undefined);
				found.push({
					start: match.index,
					end: match.index + match[0].length,
					phrase: used[which - 1]!
				});
			}
			return found;
		}
	};
	matcher.find(WARM_UP_TEXT);
	matcher.find(WARM_UP_TEXT);
	if (matchers.size >= MATCHERS_KEPT) matchers.delete(matchers.keys().next().value!);
	matchers.set(key, matcher);
	return matcher;
}

/**
 * Where the phrases occur in a text: whole words, any case, earliest and longest first,
 * never overlapping.
 */
export function findRiskPhrases(text: string, phrases: readonly string[]): RiskMatch[] {
	return riskPhraseMatcher(phrases).find(text);
}

/** Splits a text into plain and flagged parts, for display. */
export function highlightParts(
	text: string,
	matches: readonly RiskMatch[]
): Array<{ text: string; flagged: boolean }> {
	const parts: Array<{ text: string; flagged: boolean }> = [];
	let at = 0;
	for (const m of matches) {
		if (m.start > at) parts.push({ text: text.slice(at, m.start), flagged: false });
		parts.push({ text: text.slice(m.start, m.end), flagged: true });
		at = m.end;
	}
	if (at < text.length) parts.push({ text: text.slice(at), flagged: false });
	return parts;
}
