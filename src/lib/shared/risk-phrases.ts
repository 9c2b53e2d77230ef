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

/**
 * A matcher for a list of phrases, compiled once per list: the same list (by content)
 * gives back the same matcher.
 */
export function riskPhraseMatcher(phrases: readonly string[]): RiskPhraseMatcher {
	const key = phrases.join('\u0000');
	const known = matchers.get(key);
	if (known) return known;
	const patterns = phrases
		.filter((phrase) => phrase.trim())
		.map((phrase) => ({
			phrase,
			regex: new RegExp(`(?<![\\p{L}\\p{N}])${phrasePattern(phrase)}(?![\\p{L}\\p{N}])`, 'giu')
		}));
	const matcher: RiskPhraseMatcher = {
		phrases: [...phrases],
		find(text) {
			const found: RiskMatch[] = [];
			for (const { phrase, regex } of patterns) {
				regex.lastIndex = 0;
				for (let match = regex.exec(text); match; match = regex.exec(text)) {
					found.push({ start: match.index, end: match.index + match[0].length, phrase });
				}
			}
			found.sort((a, b) => a.start - b.start || b.end - a.end);
			const result: RiskMatch[] = [];
			for (const match of found) {
				const last = result.at(-1);
				if (last && match.start < last.end) continue;
				result.push(match);
			}
			return result;
		}
	};
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
