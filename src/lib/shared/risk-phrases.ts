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

/**
 * Where the phrases occur in a text: whole words, any case, earliest and longest first,
 * never overlapping.
 */
export function findRiskPhrases(text: string, phrases: readonly string[]): RiskMatch[] {
	const found: RiskMatch[] = [];
	for (const phrase of phrases) {
		if (!phrase.trim()) continue;
		const regex = new RegExp(
			`(?<![\\p{L}\\p{N}])${phrasePattern(phrase)}(?![\\p{L}\\p{N}])`,
			'giu'
		);
		for (const match of text.matchAll(regex)) {
			const start = match.index;
			found.push({ start, end: start + match[0].length, phrase });
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
