import type { ExerciseType, PublicExercise } from './exercises';

/**
 * Who sees what she writes, in one plain sentence (reading age about eleven), shown on the
 * tablet above every answerable question. Each sentence says what the system actually does:
 *
 * - A reflection is always stored without her name (there is no author column) and waits in
 *   the moderation queue, whatever its `visibility`. Only the sealed author link, when it is
 *   kept, can tie it back to her, and only the audited safeguarding path reads that link.
 * - Every other answer is stored with her name, and staff see it.
 * - The facilitator can put the group's totals for a poll, scale, word cloud or sort on the
 *   projector (never names), so for those the sentence never says "the group will not".
 *   Worksheets and check-ins can never be shown.
 */

/** Types whose answers can be shown to the room, added up and without names. */
const GROUP_TOTALS: ReadonlySet<ExerciseType> = new Set(['poll', 'scale', 'wordcloud', 'sort']);

export const VISIBILITY_STATEMENTS = {
	private: 'Only you and your facilitators can see this. The group will not.',
	privateWithTotals:
		"Only you and your facilitators can see your answer. The group may see everyone's answers together, with no names.",
	facilitators: 'Your facilitators will see this with your name. The group will not.',
	facilitatorsWithTotals:
		"Your facilitators will see this with your name. The group may see everyone's answers together, with no names.",
	report: 'Your facilitators will see this with your name, and it may be used in your report.',
	reportWithTotals:
		"Your facilitators will see this with your name, and it may be used in your report. The group may see everyone's answers together, with no names.",
	reflectionSealed:
		'Your words may be shown to the group with no name. Facilitators cannot see who wrote them. Only the safeguarding lead can find out, and only if a child may be at risk.',
	reflectionUnlinked:
		'Your words may be shown to the group with no name. Nobody can find out who wrote them, not even staff.',
	group:
		"The group sees everyone's answers together, with no names. Your facilitators can see your answer.",
	slide: 'There is nothing to answer here.'
} as const;

export function visibilityStatement(exercise: PublicExercise): string {
	if (exercise.type === 'slide') return VISIBILITY_STATEMENTS.slide;
	if (exercise.type === 'reflection') {
		return exercise.keepAuthorLink === false
			? VISIBILITY_STATEMENTS.reflectionUnlinked
			: VISIBILITY_STATEMENTS.reflectionSealed;
	}
	const totals = GROUP_TOTALS.has(exercise.type);
	switch (exercise.visibility) {
		case 'anonymous-group':
			return VISIBILITY_STATEMENTS.group;
		case 'private':
			return totals ? VISIBILITY_STATEMENTS.privateWithTotals : VISIBILITY_STATEMENTS.private;
		case 'facilitators':
			return totals
				? VISIBILITY_STATEMENTS.facilitatorsWithTotals
				: VISIBILITY_STATEMENTS.facilitators;
		case 'report':
			return totals ? VISIBILITY_STATEMENTS.reportWithTotals : VISIBILITY_STATEMENTS.report;
	}
}
