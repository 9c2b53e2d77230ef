import type { StaffAnswersUpdate, StaffSnapshot } from './live';

/**
 * The console's snapshot with an answers update applied, or null when the update does not
 * follow this snapshot (one was missed, or the exercise changed): ask for the whole snapshot
 * then. An update the snapshot already includes leaves it as it is.
 */
export function applyStaffAnswers(
	snapshot: StaffSnapshot,
	update: StaffAnswersUpdate
): StaffSnapshot | null {
	if (update.liveSessionId !== snapshot.liveSessionId) return snapshot;
	if (update.version <= snapshot.version) return snapshot;
	if (update.baseVersion !== snapshot.version || update.exerciseId !== snapshot.current.id) {
		return null;
	}
	const known = new Set(snapshot.moderation.map((m) => m.id));
	return {
		...snapshot,
		version: update.version,
		answerCount: update.answerCount,
		passCount: update.passCount,
		results: update.results,
		participants: update.participants,
		namedAnswers: update.namedAnswers,
		moderation: [...snapshot.moderation, ...update.moderationAdded.filter((m) => !known.has(m.id))]
	};
}
