import { describe, expect, it } from 'vitest';
import {
	DEFAULT_RISK_PHRASES,
	findRiskPhrases,
	highlightParts,
	riskPhraseMatcher
} from './risk-phrases';

const flagged = (text: string) =>
	findRiskPhrases(text, DEFAULT_RISK_PHRASES).map((m) => text.slice(m.start, m.end));

describe('the risk-phrase highlighter', () => {
	it.each([
		['He is still alone with the kids at weekends', ['alone with']],
		['She said it was OUR SECRET', ['OUR SECRET']],
		["He told her don't tell mum", ["don't tell"]],
		['He told her don’t tell mum', ['don’t tell']],
		['He touched her', ['touched']],
		['Sometimes I want to   die', ['want to   die']],
		['Sometimes I want to\ndie', ['want to\ndie']],
		['I have thought about self harm', ['self harm']],
		['I have thought about self-harm', ['self-harm']],
		['He moved back in last week and nobody knows', ['moved back in', 'nobody knows']],
		['I am scared of him.', ['scared of him']],
		['He hits me when he drinks', ['hits me']]
	])('flags %j', (text, expected) => {
		expect(flagged(text)).toEqual(expected);
	});

	it.each([
		['I feel untouched by all of this'],
		['We went alone without anyone'],
		['I am not scared of spiders'],
		['The white house on the hill'],
		['We had a lovely day at the park'],
		['Secretly I hoped it was not true'],
		['He sees the kid’s teacher on Monday'],
		['']
	])('does not flag %j', (text) => {
		expect(flagged(text)).toEqual([]);
	});

	it('never overlaps matches and keeps them in order', () => {
		const matches = findRiskPhrases('our secret, our secret', ['our secret', 'secret']);
		expect(matches.map((m) => [m.start, m.end])).toEqual([
			[0, 10],
			[12, 22]
		]);
	});

	it('splits the text into plain and flagged parts that join back to the original', () => {
		const text = 'He said it was our secret and to keep quiet';
		const parts = highlightParts(text, findRiskPhrases(text, DEFAULT_RISK_PHRASES));
		expect(parts.map((p) => p.text).join('')).toBe(text);
		expect(parts.filter((p) => p.flagged).map((p) => p.text)).toEqual(['our secret']);
	});

	it('compiles a list once, and gives the same answer every time it is asked', () => {
		const list = ['alone with', 'our secret'];
		const matcher = riskPhraseMatcher(list);
		expect(riskPhraseMatcher([...list])).toBe(matcher);
		expect(riskPhraseMatcher(['alone with'])).not.toBe(matcher);
		const text = 'our secret, alone with him, our secret';
		const first = matcher.find(text);
		expect(first).toHaveLength(3);
		expect(matcher.find(text)).toEqual(first);
		expect(matcher.find('nothing here')).toEqual([]);
		expect(matcher.find(text)).toEqual(first);
	});

	it('finds, with all the phrases at once, what searching for each phrase alone finds', () => {
		// Each phrase on its own, then the earliest and longest kept, never overlapping.
		const onePhraseAtATime = (text: string, phrases: readonly string[]) => {
			const all = phrases.flatMap((phrase) =>
				findRiskPhrases(text, [phrase]).map((m) => ({ ...m, phrase }))
			);
			all.sort((a, b) => a.start - b.start || b.end - a.end);
			const kept: typeof all = [];
			for (const m of all) if (!kept.length || m.start >= kept.at(-1)!.end) kept.push(m);
			return kept;
		};
		const lists = [
			[...DEFAULT_RISK_PHRASES],
			['alone', 'alone with', 'with the kids', 'kids'],
			['hurt me', 'hurt myself', 'hurt'],
			['secret', 'our secret', 'our']
		];
		const texts = [
			'He is alone with the kids and hurt myself, our secret',
			'Our secret: he was alone with the kids. Nobody knows. He hurt me.',
			'alone alone with with the kids kids',
			'I want to   die; self harm; self-harm; don’t tell; hurt myself',
			'nothing to see here'
		];
		for (const list of lists) {
			for (const text of texts) {
				expect(findRiskPhrases(text, list)).toEqual(onePhraseAtATime(text, list));
			}
		}
	});

	it('ignores empty phrases in an edited list', () => {
		expect(findRiskPhrases('anything at all', ['', '   '])).toEqual([]);
	});
});
