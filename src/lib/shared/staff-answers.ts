import type { StaffAnswersUpdate, StaffSnapshot } from './live';

/**
 * The console's snapshot with an answers update applied, or null when the update does not
 * follow this snapshot (one was missed, the exercise changed, or it names someone the
 * snapshot does not have): ask for the whole snapshot then. An update the snapshot already
 * includes leaves it as it is.
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
	const changed = new Map(update.participantsChanged.map((p) => [p.id, p]));
	const everyone = new Set(snapshot.participants.map((p) => p.id));
	const answers = new Map(snapshot.namedAnswers.map((a) => [a.participantId, a]));
	for (const a of update.namedAnswersChanged) answers.set(a.participantId, a);
	if ([...changed.keys(), ...answers.keys()].some((id) => !everyone.has(id))) return null;
	const known = new Set(snapshot.moderation.map((m) => m.id));
	return {
		...snapshot,
		version: update.version,
		answerCount: update.answerCount,
		passCount: update.passCount,
		results: update.results,
		participants: snapshot.participants.map((p) => changed.get(p.id) ?? p),
		// In the order of the people, as the server lists them.
		namedAnswers: snapshot.participants.flatMap((p) => answers.get(p.id) ?? []),
		moderation: [...snapshot.moderation, ...update.moderationAdded.filter((m) => !known.has(m.id))]
	};
}
