/**
 * The exercise constants the browser needs, kept apart from the zod schemas in ./exercises
 * (which re-exports them) so that a page importing one of them does not load zod.
 * Import nothing here that builds schemas.
 */

export const EXERCISE_TYPES = [
	'slide',
	'reflection',
	'poll',
	'scale',
	'wordcloud',
	'sort',
	'worksheet',
	'checkin'
] as const;
export type ExerciseType = (typeof EXERCISE_TYPES)[number];

/** Who can see what she writes for this exercise; shown on the tablet before she answers. */
export const VISIBILITIES = ['private', 'facilitators', 'anonymous-group', 'report'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export const VISIBILITY_LABELS: Record<Visibility, string> = {
	private: 'Private',
	facilitators: 'Seen by facilitators',
	'anonymous-group': 'Shared anonymously with the group',
	report: 'May be used in your report'
};

/** The longest reflection a participant may write. */
export const REFLECTION_MAX = 2000;
