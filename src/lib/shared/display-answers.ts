import type { DisplayAnswersUpdate, DisplaySnapshot } from './live';

/**
 * The projector's snapshot with an answers update applied, or null when the update does not
 * follow this snapshot (one was missed, or the exercise changed): ask for the whole snapshot
 * then. An update the snapshot already includes leaves it as it is.
 */
export function applyDisplayAnswers(
	snapshot: DisplaySnapshot,
	update: DisplayAnswersUpdate
): DisplaySnapshot | null {
	if (update.version <= snapshot.version) return snapshot;
	if (update.baseVersion !== snapshot.version || update.exerciseId !== snapshot.current?.id) {
		return null;
	}
	return {
		...snapshot,
		version: update.version,
		answerCount: update.answerCount,
		results: update.results
	};
}
