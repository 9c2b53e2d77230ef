import type { RetentionConfig } from '../config';
import type { AuditLogStore } from '../db/audit-log';
import type { RetentionStore } from '../db/retention';

export interface RetentionReport {
	at: number;
	casesDeleted: string[];
	/** Closed records past their period that could not be deleted (another record still needs them). */
	casesKept: string[];
	liveSessionsCleared: string[];
	answersDeleted: number;
	reflectionsDeleted: number;
	staffSessionsDeleted: number;
	signInFailuresDeleted: number;
}

/**
 * Deletes what has passed its retention period and writes what it did to the audit log:
 * counts and record ids, never names or text. The audit log itself is kept (the database
 * refuses deletions from it).
 */
export function createRetentionService(deps: {
	store: RetentionStore;
	audit: AuditLogStore;
	periods: RetentionConfig;
	now?: () => number;
}) {
	const now = deps.now ?? Date.now;

	return {
		run(): RetentionReport {
			const at = now();
			const report: RetentionReport = {
				at,
				casesDeleted: [],
				casesKept: [],
				liveSessionsCleared: [],
				answersDeleted: 0,
				reflectionsDeleted: 0,
				staffSessionsDeleted: 0,
				signInFailuresDeleted: 0
			};
			const log = (action: string, subjectType: string, subjectId: string, detail: unknown) =>
				deps.audit.record({
					at,
					actorId: null,
					action,
					subjectType,
					subjectId,
					detail: JSON.stringify(detail)
				});

			for (const id of deps.store.closedCasesBefore(at - deps.periods.closedCaseMs)) {
				try {
					deps.store.deleteCase(id);
					report.casesDeleted.push(id);
					log('retention.case-deleted', 'case', id, { rule: 'closed-case' });
				} catch (err) {
					report.casesKept.push(id);
					console.error(
						'[circlework] retention could not delete a record:',
						err instanceof Error ? err.message : 'unknown'
					);
				}
			}

			for (const id of deps.store.endedSessionsBefore(at - deps.periods.liveAnswersMs)) {
				const counts = deps.store.clearLiveSession(id);
				report.liveSessionsCleared.push(id);
				report.answersDeleted += counts.answers;
				report.reflectionsDeleted += counts.reflections;
				log('retention.live-session-cleared', 'live-session', id, counts);
			}

			report.staffSessionsDeleted = deps.store.deleteStaffSessionsBefore(
				at - deps.periods.staffSessionMs
			);
			report.signInFailuresDeleted = deps.store.deleteSignInFailuresBefore(
				at - deps.periods.staffSessionMs
			);

			log('retention.run', 'retention', new Date(at).toISOString().slice(0, 10), {
				casesDeleted: report.casesDeleted,
				casesKept: report.casesKept,
				liveSessionsCleared: report.liveSessionsCleared,
				answersDeleted: report.answersDeleted,
				reflectionsDeleted: report.reflectionsDeleted,
				staffSessionsDeleted: report.staffSessionsDeleted,
				signInFailuresDeleted: report.signInFailuresDeleted
			});
			return report;
		}
	};
}

export type RetentionService = ReturnType<typeof createRetentionService>;

/**
 * Runs the job every `intervalMs` (and once a minute after start). The timers are unref'd,
 * so they never keep the process alive; the returned function stops them.
 */
export function scheduleRetention(run: () => void, intervalMs: number): () => void {
	if (intervalMs <= 0) return () => {};
	const safeRun = () => {
		try {
			run();
		} catch (err) {
			console.error(
				'[circlework] retention run failed:',
				err instanceof Error ? err.message : 'unknown'
			);
		}
	};
	const first = setTimeout(safeRun, Math.min(60_000, intervalMs));
	const every = setInterval(safeRun, intervalMs);
	first.unref();
	every.unref();
	return () => {
		clearTimeout(first);
		clearInterval(every);
	};
}

/** The periods the privacy notice quotes, in the units it uses. */
export function noticePeriods(periods: RetentionConfig) {
	return {
		closedCaseYears: Math.round(periods.closedCaseMs / (365.25 * 86_400_000)),
		answersDays: Math.round(periods.liveAnswersMs / 86_400_000)
	};
}
