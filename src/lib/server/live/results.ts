import type { Answer, Exercise } from '../../shared/exercises';
import type { ExerciseResults } from '../../shared/live';
import type { AnswerRecord, ReflectionRecord } from '../db/live-answers';
import { LiveError } from './errors';

/** Checks an answer against the exercise it is for; throws a LiveError a person can read. */
export function validateAnswer(exercise: Exercise, answer: Answer): Answer {
	if (answer.type === 'pass') {
		if (exercise.type === 'slide') throw new LiveError('invalid-input', 'A slide has no answer.');
		return answer;
	}
	const mismatch = () =>
		new LiveError('invalid-input', 'That answer does not fit this question. Reload the page.');
	switch (exercise.type) {
		case 'slide':
			throw new LiveError('invalid-input', 'A slide has no answer.');
		case 'reflection':
			if (answer.type !== 'reflection') throw mismatch();
			if (answer.text.length > exercise.maxLength) {
				throw new LiveError(
					'invalid-input',
					`Your reflection is ${answer.text.length} characters; the most is ${exercise.maxLength}. Please shorten it.`
				);
			}
			return answer;
		case 'poll': {
			if (answer.type !== 'poll') throw mismatch();
			const ids = new Set(exercise.options.map((o) => o.id));
			const chosen = [...new Set(answer.optionIds)];
			if (chosen.some((id) => !ids.has(id))) throw mismatch();
			if (!exercise.multiple && chosen.length !== 1) {
				throw new LiveError('invalid-input', 'Choose one answer.');
			}
			return { type: 'poll', optionIds: chosen };
		}
		case 'scale':
			if (answer.type !== 'scale') throw mismatch();
			if (answer.value < exercise.min || answer.value > exercise.max) throw mismatch();
			return answer;
		case 'checkin':
			if (answer.type !== 'checkin') throw mismatch();
			return answer;
		case 'wordcloud': {
			if (answer.type !== 'wordcloud') throw mismatch();
			const words = answer.words.map((w) => w.trim()).filter((w) => w.length > 0);
			if (words.length === 0) throw new LiveError('invalid-input', 'Write at least one word.');
			if (words.length > exercise.maxWords) {
				throw new LiveError('invalid-input', `Give up to ${exercise.maxWords} words.`);
			}
			return { type: 'wordcloud', words };
		}
		case 'sort': {
			if (answer.type !== 'sort') throw mismatch();
			const cards = new Set(exercise.cards.map((c) => c.id));
			const buckets = new Set(exercise.buckets.map((b) => b.id));
			for (const [card, bucket] of Object.entries(answer.placements)) {
				if (!cards.has(card) || !buckets.has(bucket)) throw mismatch();
			}
			return answer;
		}
		case 'worksheet': {
			if (answer.type !== 'worksheet') throw mismatch();
			const fields = new Set(exercise.fields.map((f) => f.id));
			for (const key of Object.keys(answer.values)) if (!fields.has(key)) throw mismatch();
			return answer;
		}
	}
}

function increment(record: Record<string, number>, key: string): void {
	record[key] = (record[key] ?? 0) + 1;
}

/** Aggregates for one exercise. Reflections: approved only, in their shuffled order. */
export function computeResults(
	exercise: Exercise,
	answers: AnswerRecord[],
	reflections: ReflectionRecord[]
): ExerciseResults {
	const given = answers.filter((a) => a.answer.type !== 'pass');
	switch (exercise.type) {
		case 'slide':
			return { type: 'slide' };
		case 'worksheet':
			return { type: 'worksheet' };
		case 'checkin':
			return { type: 'checkin' };
		case 'reflection':
			return {
				type: 'reflection',
				approved: reflections
					.filter((r) => r.exerciseId === exercise.id && r.status === 'approved' && !r.concern)
					.sort((a, b) => a.shuffleKey - b.shuffleKey)
					.map((r) => ({ id: r.id, text: r.text }))
			};
		case 'poll': {
			const counts: Record<string, number> = {};
			for (const o of exercise.options) counts[o.id] = 0;
			for (const a of given)
				if (a.answer.type === 'poll') a.answer.optionIds.forEach((id) => increment(counts, id));
			return { type: 'poll', counts, respondents: given.length };
		}
		case 'scale': {
			const distribution: Record<string, number> = {};
			for (let v = exercise.min; v <= exercise.max; v++) distribution[String(v)] = 0;
			for (const a of given)
				if (a.answer.type === 'scale') increment(distribution, String(a.answer.value));
			return { type: 'scale', distribution, respondents: given.length };
		}
		case 'wordcloud': {
			const counts: Record<string, number> = {};
			for (const a of given) {
				if (a.answer.type !== 'wordcloud') continue;
				const mine = new Set(a.answer.words.map((w) => w.trim().toLowerCase()).filter(Boolean));
				mine.forEach((w) => increment(counts, w));
			}
			const words = Object.entries(counts)
				.map(([word, count]) => ({ word, count }))
				.sort((a, b) => b.count - a.count || a.word.localeCompare(b.word));
			return { type: 'wordcloud', words, respondents: given.length };
		}
		case 'sort': {
			const placements: Record<string, Record<string, number>> = {};
			for (const c of exercise.cards) {
				placements[c.id] = {};
				for (const b of exercise.buckets) placements[c.id]![b.id] = 0;
			}
			for (const a of given) {
				if (a.answer.type !== 'sort') continue;
				for (const [card, bucket] of Object.entries(a.answer.placements)) {
					const row = placements[card];
					if (row && bucket in row) row[bucket] = (row[bucket] ?? 0) + 1;
				}
			}
			return { type: 'sort', placements, respondents: given.length };
		}
	}
}
