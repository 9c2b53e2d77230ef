import type { PublicExercise } from '$lib/shared/exercises';
import { visibilityStatement } from '$lib/shared/visibility';
import { parseMarkdownLite, type InlineRun } from './markdown';

/*
 * Words the tablet shows around a question, kept in one place so that what "Read aloud"
 * says is what the screen says.
 */

export function pollHint(multiple: boolean): string {
	return multiple ? 'Choose all that apply.' : 'Choose one answer.';
}

export function wordcloudHint(maxWords: number): string {
	return maxWords === 1
		? 'One word or a short phrase.'
		: `Up to ${maxWords} words or short phrases. One is enough.`;
}

export const SORT_HINT = 'For each card, tap the group it belongs in. You can change your mind.';

/** The question in the wording she sees: the easy-read wording when she chose it. */
export function shownPrompt(exercise: PublicExercise, easyRead: boolean): string {
	return easyRead && exercise.easyRead ? exercise.easyRead : exercise.prompt;
}

function runsToText(runs: InlineRun[]): string {
	return runs.map((r) => r.text).join('');
}

/** Slide text without its markdown-lite marks: one part per paragraph and list item. */
export function plainMarkdown(source: string): string[] {
	return parseMarkdownLite(source).flatMap((block) =>
		block.kind === 'paragraph' ? [runsToText(block.runs)] : block.items.map(runsToText)
	);
}

function scaleEnds(min: number, max: number, minLabel?: string, maxLabel?: string): string[] {
	return [
		...(minLabel ? [`${min} means ${minLabel}`] : []),
		...(maxLabel ? [`${max} means ${maxLabel}`] : [])
	];
}

/**
 * What "Read aloud" says for an exercise, as separate short parts (one utterance each):
 * the question in the wording shown, then every option, end label or field, then who
 * will see her answer.
 */
export function readAloudParts(exercise: PublicExercise, easyRead: boolean): string[] {
	const prompt = shownPrompt(exercise, easyRead);
	let parts: string[];
	switch (exercise.type) {
		case 'slide':
			return finish([exercise.title, ...plainMarkdown(exercise.body || prompt)]);
		case 'reflection':
			parts = [prompt];
			break;
		case 'poll':
			parts = [prompt, pollHint(exercise.multiple), ...exercise.options.map((o) => o.label)];
			break;
		case 'scale':
			parts = [
				prompt,
				...scaleEnds(exercise.min, exercise.max, exercise.minLabel, exercise.maxLabel)
			];
			break;
		case 'checkin':
			parts = [prompt, ...scaleEnds(0, 10, exercise.minLabel, exercise.maxLabel)];
			break;
		case 'wordcloud':
			parts = [prompt, wordcloudHint(exercise.maxWords)];
			break;
		case 'sort':
			parts = [
				prompt,
				SORT_HINT,
				`The groups are: ${exercise.buckets.map((b) => b.label).join(', ')}`,
				'The cards are:',
				...exercise.cards.map((c) => c.label)
			];
			break;
		case 'worksheet':
			parts = [
				prompt,
				...exercise.fields.flatMap((f) => [
					f.label,
					...(f.hint ? [f.hint] : []),
					...(f.kind === 'scale' ? scaleEnds(0, 10, f.minLabel, f.maxLabel) : [])
				])
			];
			break;
	}
	return finish([...parts, visibilityStatement(exercise)]);
}

/** Trims, drops empty parts and ends each with a full stop, so the voice pauses between them. */
function finish(parts: string[]): string[] {
	return parts
		.map((p) => p.trim())
		.filter(Boolean)
		.map((p) => (/[.!?:…]$/.test(p) ? p : `${p}.`));
}
