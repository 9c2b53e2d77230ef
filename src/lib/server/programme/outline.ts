import {
	EXERCISE_TYPE_LABELS,
	VISIBILITY_LABELS,
	type ExerciseType,
	type Visibility
} from '../../shared/exercises';
import { sessionSummaries, type Programme } from './programme';

/**
 * A programme version as the staff pages show it: sessions with their modules and minutes,
 * and modules with their exercises. Only the fields the pages show, facilitator notes
 * included (staff only).
 */

export interface OutlineExercise {
	id: string;
	type: ExerciseType;
	typeLabel: string;
	title: string;
	prompt: string;
	contentNote: string | null;
	facilitatorNotes: string | null;
	durationMinutes: number;
	visibility: Visibility;
	visibilityLabel: string;
	/** The session that runs it. */
	session: number | null;
}

export interface OutlineModule {
	id: string;
	number: number;
	title: string;
	aim: string;
	minutes: number;
	sessions: number[];
	exercises: OutlineExercise[];
}

export interface OutlineSession {
	number: number;
	title: string;
	durationMinutes: number;
	exerciseMinutes: number;
	exerciseCount: number;
	/** The first exercise of the session, when it starts part-way through a module. */
	startAt: string | null;
	/** Where that is, for a facilitator running the whole module: "15. Check-in: …". */
	startLabel: string | null;
	modules: Array<{ id: string; number: number; title: string; part: string | null }>;
}

export interface ProgrammeOutline {
	title: string;
	exerciseMinutes: number;
	bookedMinutes: number;
	sessions: OutlineSession[];
	modules: OutlineModule[];
}

export function programmeOutline(programme: Programme): ProgrammeOutline {
	const summaries = sessionSummaries(programme);
	const sessionOf = new Map<string, number>();
	for (const s of summaries) {
		for (const e of s.exerciseIds) sessionOf.set(`${e.moduleId}/${e.exerciseId}`, s.number);
	}
	const modules: OutlineModule[] = programme.modules.map((m) => {
		const exercises = m.exercises.map((e) => ({
			id: e.id,
			type: e.type,
			typeLabel: EXERCISE_TYPE_LABELS[e.type],
			title: e.title,
			prompt: e.prompt,
			contentNote: e.contentNote ?? null,
			facilitatorNotes: e.facilitatorNotes ?? null,
			durationMinutes: e.durationMinutes,
			visibility: e.visibility,
			visibilityLabel: VISIBILITY_LABELS[e.visibility],
			session: sessionOf.get(`${m.id}/${e.id}`) ?? null
		}));
		return {
			id: m.id,
			number: m.number,
			title: m.title,
			aim: m.aim,
			minutes: m.exercises.reduce((sum, e) => sum + e.durationMinutes, 0),
			sessions: [...new Set(exercises.map((e) => e.session).filter((n) => n !== null))],
			exercises
		};
	});
	const byId = new Map(modules.map((m) => [m.id, m]));
	const sessions: OutlineSession[] = summaries.map((s) => ({
		number: s.number,
		title: s.title,
		durationMinutes: s.durationMinutes,
		exerciseMinutes: s.exerciseMinutes,
		exerciseCount: s.exerciseIds.length,
		startAt: s.startAt,
		startLabel: (() => {
			if (!s.startAt) return null;
			const exercises = byId.get(s.moduleIds[0]!)?.exercises ?? [];
			const at = exercises.findIndex((e) => e.id === s.startAt);
			return at < 0 ? null : `${at + 1}. ${exercises[at]!.title}`;
		})(),
		modules: s.moduleIds.map((id) => {
			const mod = byId.get(id);
			const parts = mod?.sessions ?? [];
			const part =
				parts.length > 1 ? `part ${parts.indexOf(s.number) + 1} of ${parts.length}` : null;
			return { id, number: mod?.number ?? 0, title: mod?.title ?? id, part };
		})
	}));
	return {
		title: programme.title,
		exerciseMinutes: modules.reduce((sum, m) => sum + m.minutes, 0),
		bookedMinutes: sessions.reduce((sum, s) => sum + s.durationMinutes, 0),
		sessions,
		modules
	};
}
