import { z } from 'zod';
import './plain-errors';
import { REFLECTION_MAX, VISIBILITIES, type ExerciseType } from './exercise-constants';

/**
 * Exercise definitions: the programme's content as data. One schema per exercise type;
 * the server validates every content file against `programmeSchema` when it loads it.
 *
 * Text shown to participants is plain English (a reading age of about eleven).
 * `facilitatorNotes` are never sent to a tablet or the projector.
 */

export {
	EXERCISE_TYPES,
	VISIBILITIES,
	VISIBILITY_LABELS,
	REFLECTION_MAX,
	type ExerciseType,
	type Visibility
} from './exercise-constants';

const id = z
	.string()
	.min(1)
	.max(60)
	.regex(/^[a-z0-9][a-z0-9-]*$/, 'Use lower-case letters, numbers and dashes only.');
const text = (max: number) => z.string().trim().min(1).max(max);

const baseExercise = z.object({
	id,
	title: text(120),
	/** What the participant is asked or told; short, plain English. */
	prompt: text(600),
	/** A simpler wording for women who choose easy read. */
	easyRead: text(600).optional(),
	/** Guidance for the facilitator; never shown to participants or the projector. */
	facilitatorNotes: z.string().trim().max(4000).optional(),
	durationMinutes: z.number().int().min(1).max(120),
	visibility: z.enum(VISIBILITIES),
	/** Shown on the tablet before sensitive content, so she can prepare or pass. */
	contentNote: text(300).optional()
});

export const slideSchema = baseExercise.extend({
	type: z.literal('slide'),
	/** Markdown-lite: paragraphs, `- ` bullet lists and **bold**. */
	body: z.string().trim().max(3000).default(''),
	image: z.string().max(200).optional(),
	imageAlt: z.string().max(300).optional()
});

export const reflectionSchema = baseExercise.extend({
	type: z.literal('reflection'),
	placeholder: z.string().max(200).optional(),
	maxLength: z.number().int().min(50).max(2000).default(600),
	/**
	 * Whether the sealed link from a reflection to its author is kept. When false
	 * (e.g. end-of-programme feedback) no link is stored at all.
	 */
	keepAuthorLink: z.boolean().default(true)
});

const option = z.object({ id, label: text(200) });

export const pollSchema = baseExercise
	.extend({
		type: z.literal('poll'),
		options: z.array(option).min(2).max(8),
		multiple: z.boolean().default(false),
		/** For myth-or-fact: the options that are right, shown on reveal. */
		correctOptionIds: z.array(id).optional(),
		/** Shown on the projector with the reveal, e.g. the fact behind the myth. */
		explanation: z.string().trim().max(800).optional()
	})
	.superRefine((poll, ctx) => {
		const ids = new Set(poll.options.map((o) => o.id));
		if (ids.size !== poll.options.length) {
			ctx.addIssue({ code: 'custom', path: ['options'], message: 'Option ids must be unique.' });
		}
		for (const [i, correct] of (poll.correctOptionIds ?? []).entries()) {
			if (!ids.has(correct)) {
				ctx.addIssue({
					code: 'custom',
					path: ['correctOptionIds', i],
					message: `"${correct}" is not one of the options.`
				});
			}
		}
	});

export const scaleSchema = baseExercise
	.extend({
		type: z.literal('scale'),
		min: z.number().int().min(0).max(10).default(0),
		max: z.number().int().min(1).max(10).default(10),
		minLabel: text(60),
		maxLabel: text(60)
	})
	.refine((s) => s.max > s.min, { path: ['max'], message: 'max must be more than min.' });

export const wordcloudSchema = baseExercise.extend({
	type: z.literal('wordcloud'),
	/** How many words or short phrases she may give (1 to 3). */
	maxWords: z.number().int().min(1).max(3).default(3)
});

export const sortSchema = baseExercise
	.extend({
		type: z.literal('sort'),
		buckets: z.array(option).min(2).max(5),
		cards: z.array(option).min(2).max(16)
	})
	.superRefine((sort, ctx) => {
		const bucketIds = new Set(sort.buckets.map((b) => b.id));
		const cardIds = new Set(sort.cards.map((c) => c.id));
		if (bucketIds.size !== sort.buckets.length)
			ctx.addIssue({ code: 'custom', path: ['buckets'], message: 'Bucket ids must be unique.' });
		if (cardIds.size !== sort.cards.length)
			ctx.addIssue({ code: 'custom', path: ['cards'], message: 'Card ids must be unique.' });
	});

const worksheetField = z.object({
	id,
	label: text(200),
	hint: z.string().trim().max(300).optional(),
	kind: z.enum(['text', 'textarea', 'scale']).default('textarea'),
	/** For kind "scale": 0 to 10 with these end labels. */
	minLabel: z.string().max(60).optional(),
	maxLabel: z.string().max(60).optional()
});

export const worksheetSchema = baseExercise
	.extend({
		type: z.literal('worksheet'),
		fields: z.array(worksheetField).min(1).max(20)
	})
	.refine((w) => w.visibility !== 'anonymous-group', {
		path: ['visibility'],
		message: 'A worksheet is private to her and staff; it cannot be shared with the group.'
	});

export const checkinSchema = baseExercise
	.extend({
		type: z.literal('checkin'),
		moment: z.enum(['check-in', 'check-out']),
		/** 0 to 10 mood scale; at or below `alertAtOrBelow` the console shows an alert. */
		minLabel: text(60),
		maxLabel: text(60),
		alertAtOrBelow: z.number().int().min(0).max(10).default(2)
	})
	.refine((c) => c.visibility !== 'anonymous-group', {
		path: ['visibility'],
		message: 'A check-in is private; it cannot be shared with the group.'
	});

export const exerciseSchema = z.discriminatedUnion('type', [
	slideSchema,
	reflectionSchema,
	pollSchema,
	scaleSchema,
	wordcloudSchema,
	sortSchema,
	worksheetSchema,
	checkinSchema
]);

export type Exercise = z.output<typeof exerciseSchema>;
export type ExerciseInput = z.input<typeof exerciseSchema>;
export type SlideExercise = z.output<typeof slideSchema>;
export type ReflectionExercise = z.output<typeof reflectionSchema>;
export type PollExercise = z.output<typeof pollSchema>;
export type ScaleExercise = z.output<typeof scaleSchema>;
export type WordcloudExercise = z.output<typeof wordcloudSchema>;
export type SortExercise = z.output<typeof sortSchema>;
export type WorksheetExercise = z.output<typeof worksheetSchema>;
export type CheckinExercise = z.output<typeof checkinSchema>;

export const moduleSchema = z
	.object({
		id,
		/** 1 to 8, the module's place in the programme. */
		number: z.number().int().min(1).max(20),
		title: text(120),
		aim: text(600),
		exercises: z.array(exerciseSchema).min(1).max(60)
	})
	.superRefine((mod, ctx) => {
		const seen = new Set<string>();
		for (const [i, ex] of mod.exercises.entries()) {
			if (seen.has(ex.id)) {
				ctx.addIssue({
					code: 'custom',
					path: ['exercises', i, 'id'],
					message: `Exercise id "${ex.id}" is used twice in this module.`
				});
			}
			seen.add(ex.id);
		}
	});

export type ProgrammeModule = z.output<typeof moduleSchema>;
export type ProgrammeModuleInput = z.input<typeof moduleSchema>;

/**
 * What a tablet or the projector may see of an exercise: everything except the
 * facilitator notes. (Poll answers for myth-or-fact are kept back until reveal.)
 */
export type PublicExercise = DistributiveOmit<Exercise, 'facilitatorNotes'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export function toPublicExercise(exercise: Exercise, revealCorrect = false): PublicExercise {
	// eslint-disable-next-line @typescript-eslint/no-unused-vars
	const { facilitatorNotes, ...rest } = exercise;
	if (rest.type === 'poll' && !revealCorrect) {
		// eslint-disable-next-line @typescript-eslint/no-unused-vars
		const { correctOptionIds, explanation, ...poll } = rest;
		return poll;
	}
	return rest;
}

/* ---------- Answers a participant submits, one schema per type ---------- */

export const answerSchema = z.discriminatedUnion('type', [
	z.object({ type: z.literal('pass') }),
	z.object({ type: z.literal('reflection'), text: z.string().trim().min(1).max(REFLECTION_MAX) }),
	z.object({ type: z.literal('poll'), optionIds: z.array(id).min(1).max(8) }),
	z.object({ type: z.literal('scale'), value: z.number().int().min(0).max(10) }),
	z.object({
		type: z.literal('wordcloud'),
		words: z.array(z.string().trim().min(1).max(30)).min(1).max(3)
	}),
	z.object({
		type: z.literal('sort'),
		/** card id → bucket id */
		placements: z.record(id, id)
	}),
	z.object({
		type: z.literal('worksheet'),
		/** field id → text (or a 0–10 number as text for scale fields) */
		values: z.record(id, z.string().max(4000))
	}),
	z.object({ type: z.literal('checkin'), value: z.number().int().min(0).max(10) })
]);

export type Answer = z.output<typeof answerSchema>;

/* ---------- Names the programme editor shows (staff-facing) ---------- */

export const EXERCISE_TYPE_LABELS: Record<ExerciseType, string> = {
	slide: 'Slide',
	reflection: 'Reflection',
	poll: 'Poll',
	scale: 'Scale',
	wordcloud: 'Word cloud',
	sort: 'Sort',
	worksheet: 'Worksheet',
	checkin: 'Check-in or check-out'
};

export const EXERCISE_TYPE_DESCRIPTIONS: Record<ExerciseType, string> = {
	slide: 'Information on the projector and the tablets. Nothing to answer.',
	reflection:
		'An open question. Answers are anonymous and wait in the console until you approve them.',
	poll: 'Single or multiple choice, with right answers for myth or fact. A bar chart on reveal.',
	scale: 'A number on a scale with labelled ends. The projector shows only the spread.',
	wordcloud: 'One to three short words each, shown as a word cloud.',
	sort: 'Cards to sort into boxes on her tablet. The projector shows the group’s spread.',
	worksheet: 'A private form saved to her record. Never shown to the group.',
	checkin: 'A private mood scale from 0 to 10. A low score alerts the facilitator.'
};

/** The name of each exercise field, as the editor's form and its error messages say it. */
export const EXERCISE_FIELD_LABELS: Record<string, string> = {
	id: 'Exercise id',
	type: 'Type',
	title: 'Title',
	prompt: 'What she is asked or told',
	easyRead: 'Simpler words',
	facilitatorNotes: 'Facilitator notes',
	durationMinutes: 'Suggested minutes',
	visibility: 'Who sees her answer',
	contentNote: 'Content note',
	body: 'Slide text',
	image: 'Image address',
	imageAlt: 'Image description',
	placeholder: 'Start of an answer, as an example',
	maxLength: 'Longest answer, in characters',
	keepAuthorLink: 'Keep the sealed link to the author',
	options: 'Options',
	multiple: 'She can choose more than one',
	correctOptionIds: 'Right answers',
	explanation: 'Explanation shown with the results',
	min: 'Lowest number',
	max: 'Highest number',
	minLabel: 'Words for the lowest number',
	maxLabel: 'Words for the highest number',
	maxWords: 'Words in each answer',
	buckets: 'Boxes',
	cards: 'Cards',
	fields: 'Questions',
	moment: 'Check-in or check-out',
	alertAtOrBelow: 'Alert the facilitator at or below'
};

/** The items of an exercise's lists, as the editor names them ("Option 3"). */
export const EXERCISE_LIST_ITEMS: Record<string, { one: string; many: string }> = {
	options: { one: 'Option', many: 'options' },
	buckets: { one: 'Box', many: 'boxes' },
	cards: { one: 'Card', many: 'cards' },
	fields: { one: 'Question', many: 'questions' },
	correctOptionIds: { one: 'Right answer', many: 'right answers' }
};
