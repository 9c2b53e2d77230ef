import {
	EXERCISE_TYPE_LABELS,
	exerciseSchema,
	type Exercise,
	type ExerciseInput,
	type ExerciseType,
	type ProgrammeModule
} from '../../shared/exercises';
import { sessionLayout, sessionLayoutProblems, type Programme } from './programme';

/**
 * The editor's changes to a draft programme, as pure functions: each takes a programme and
 * returns a new one, or throws an EditError with a sentence for the coordinator.
 *
 * Sessions: where a module is split over two sessions, the later session starts at a named
 * exercise. Moving an exercise up or down across that point moves the point instead of the
 * neighbour, so the exercise joins the other session where the coordinator sees it go.
 */

export class EditError extends Error {}

function clone(programme: Programme): Programme {
	return structuredClone(programme);
}

function moduleOf(programme: Programme, moduleId: string): ProgrammeModule {
	const mod = programme.modules.find((m) => m.id === moduleId);
	if (!mod) throw new EditError('This module is not in the programme.');
	return mod;
}

function indexOf(mod: ProgrammeModule, exerciseId: string): number {
	const index = mod.exercises.findIndex((e) => e.id === exerciseId);
	if (index < 0) throw new EditError('This exercise is not in the module any more.');
	return index;
}

/** The sessions that start part-way through this module, keyed by their start exercise. */
function splitStarts(programme: Programme, moduleId: string) {
	return (programme.sessions ?? []).filter((s) => s.moduleIds[0] === moduleId && s.startAt);
}

export function moveExercise(
	programme: Programme,
	moduleId: string,
	exerciseId: string,
	direction: 'up' | 'down'
): Programme {
	const next = clone(programme);
	const mod = moduleOf(next, moduleId);
	const index = indexOf(mod, exerciseId);
	const exercises = mod.exercises;
	const starts = splitStarts(next, moduleId);
	if (direction === 'up') {
		if (index === 0) throw new EditError('This exercise is already first in its module.');
		const session = starts.find((s) => s.startAt === exerciseId);
		if (session) {
			// It joins the end of the session before: that session's start moves down one.
			const after = exercises[index + 1];
			if (!after || starts.some((s) => s.startAt === after.id)) {
				throw new EditError(
					`This is the only exercise in session ${session.number}, so it cannot move out of it.`
				);
			}
			session.startAt = after.id;
			return next;
		}
		swap(mod, index - 1, starts);
		return next;
	}
	if (index === exercises.length - 1) {
		throw new EditError('This exercise is already last in its module.');
	}
	const below = exercises[index + 1]!;
	const session = starts.find((s) => s.startAt === below.id);
	if (session) {
		// It joins the start of the next session: that session now starts here.
		if (starts.some((s) => s.startAt === exerciseId)) {
			throw new EditError('This is the only exercise in its session, so it cannot move out of it.');
		}
		session.startAt = exerciseId;
		return next;
	}
	swap(mod, index, starts);
	return next;
}

/** Swaps an exercise with the one below it; sessions keep starting at the same places. */
function swap(mod: ProgrammeModule, index: number, starts: Array<{ startAt?: string }>): void {
	const positions = starts.map((s) => mod.exercises.findIndex((e) => e.id === s.startAt));
	const exercises = mod.exercises;
	[exercises[index], exercises[index + 1]] = [exercises[index + 1]!, exercises[index]!];
	starts.forEach((s, k) => {
		s.startAt = exercises[positions[k]!]!.id;
	});
}

export function removeExercise(
	programme: Programme,
	moduleId: string,
	exerciseId: string
): Programme {
	const next = clone(programme);
	const mod = moduleOf(next, moduleId);
	const index = indexOf(mod, exerciseId);
	if (mod.exercises.length === 1) {
		throw new EditError('A module needs at least one exercise, so this one cannot be removed.');
	}
	const starts = splitStarts(next, moduleId);
	const session = starts.find((s) => s.startAt === exerciseId);
	if (session) {
		const after = mod.exercises[index + 1];
		if (!after || starts.some((s) => s.startAt === after.id)) {
			throw new EditError(
				`This is the only exercise in session ${session.number}, so it cannot be removed.`
			);
		}
		session.startAt = after.id;
	}
	mod.exercises.splice(index, 1);
	return next;
}

function freeId(base: string, taken: Set<string>): string {
	for (let n = 1; ; n++) {
		const candidate = `${base}-${n}`;
		if (!taken.has(candidate)) return candidate;
	}
}

/** A new exercise of a type, with defaults that already validate. */
export function newExercise(type: ExerciseType, id: string): Exercise {
	const name = EXERCISE_TYPE_LABELS[type].toLowerCase();
	const base = {
		id,
		title: `New ${type === 'checkin' ? 'check-in' : name}`,
		durationMinutes: 5
	};
	const input: Record<ExerciseType, ExerciseInput> = {
		slide: {
			...base,
			type: 'slide',
			prompt: 'One or two sentences that introduce the slide.',
			body: '- The first point\n- The second point',
			visibility: 'private'
		},
		reflection: {
			...base,
			type: 'reflection',
			prompt: 'Write the question here. Her answer will be shown on the screen with no name.',
			visibility: 'anonymous-group',
			durationMinutes: 10,
			maxLength: 600,
			keepAuthorLink: true
		},
		poll: {
			...base,
			type: 'poll',
			prompt: 'Write the question here.',
			visibility: 'anonymous-group',
			options: [
				{ id: 'option-1', label: 'Yes' },
				{ id: 'option-2', label: 'No' },
				{ id: 'option-3', label: 'Not sure' }
			],
			multiple: false
		},
		scale: {
			...base,
			type: 'scale',
			prompt: 'Write the question here. Say what 0 and 10 mean.',
			visibility: 'facilitators',
			durationMinutes: 3,
			min: 0,
			max: 10,
			minLabel: 'Not at all',
			maxLabel: 'Completely'
		},
		wordcloud: {
			...base,
			type: 'wordcloud',
			prompt: 'What words come to mind? Give up to three words.',
			visibility: 'anonymous-group',
			maxWords: 3
		},
		sort: {
			...base,
			type: 'sort',
			prompt: 'Put each card in the box that fits best.',
			visibility: 'facilitators',
			durationMinutes: 10,
			buckets: [
				{ id: 'box-1', label: 'First box' },
				{ id: 'box-2', label: 'Second box' }
			],
			cards: [
				{ id: 'card-1', label: 'First card' },
				{ id: 'card-2', label: 'Second card' }
			]
		},
		worksheet: {
			...base,
			type: 'worksheet',
			prompt: 'Say what the worksheet is for, and who will see it.',
			visibility: 'facilitators',
			durationMinutes: 15,
			fields: [{ id: 'question-1', label: 'The first question', kind: 'textarea' }]
		},
		checkin: {
			...base,
			type: 'checkin',
			moment: 'check-in',
			prompt:
				'How are you feeling right now? Choose a number from 0 to 10. 0 means very low. 10 means really good.',
			visibility: 'facilitators',
			minLabel: 'Very low',
			maxLabel: 'Really good',
			alertAtOrBelow: 2
		}
	};
	return exerciseSchema.parse(input[type]);
}

/**
 * Adds a new exercise of a type after an exercise (or first in the module, when `after`
 * is null). Returns the new programme and the new exercise's id.
 */
export function addExercise(
	programme: Programme,
	moduleId: string,
	type: ExerciseType,
	after: string | null
): { programme: Programme; exerciseId: string } {
	const next = clone(programme);
	const mod = moduleOf(next, moduleId);
	if (mod.exercises.length >= 60) throw new EditError('A module can have at most 60 exercises.');
	const id = freeId(type, new Set(mod.exercises.map((e) => e.id)));
	const at = after === null ? 0 : indexOf(mod, after) + 1;
	mod.exercises.splice(at, 0, newExercise(type, id));
	return { programme: next, exerciseId: id };
}

/** Replaces one exercise with its edited version (same id, same type). */
export function replaceExercise(
	programme: Programme,
	moduleId: string,
	exercise: Exercise
): Programme {
	const next = clone(programme);
	const mod = moduleOf(next, moduleId);
	const index = indexOf(mod, exercise.id);
	if (mod.exercises[index]!.type !== exercise.type) {
		throw new EditError('The type of an exercise cannot change. Add a new exercise instead.');
	}
	mod.exercises[index] = exercise;
	return next;
}

/**
 * Changes a session's title, or where a session that starts part-way through a module
 * starts. The layout is checked at once.
 */
export function updateSession(
	programme: Programme,
	sessionNumber: number,
	change: { title?: string; startAt?: string }
): Programme {
	const next = clone(programme);
	next.sessions = structuredClone(sessionLayout(next));
	const session = next.sessions.find((s) => s.number === sessionNumber);
	if (!session) throw new EditError(`There is no session ${sessionNumber}.`);
	if (change.title !== undefined) {
		const title = change.title.trim();
		if (!title) throw new EditError('Enter a title for the session.');
		if (title.length > 120) throw new EditError('Use at most 120 characters for the title.');
		session.title = title;
	}
	if (change.startAt !== undefined) {
		if (!session.startAt) {
			throw new EditError(
				`Session ${sessionNumber} starts at the beginning of its module, so it has no start to move.`
			);
		}
		session.startAt = change.startAt;
		const problems = sessionLayoutProblems(next.modules, next.sessions);
		if (problems.length > 0) throw new EditError(problems[0]!.message);
	}
	return next;
}

/**
 * Removes empty optional texts from an exercise the form sent, so an emptied box means
 * "none" rather than an error. Required texts are kept, empty, for the schema to name.
 */
export function cleanExerciseInput(raw: unknown): unknown {
	if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
	const optional = [
		'easyRead',
		'contentNote',
		'facilitatorNotes',
		'image',
		'imageAlt',
		'placeholder',
		'explanation'
	];
	const out: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
	for (const key of optional) {
		if (typeof out[key] === 'string' && (out[key] as string).trim() === '') delete out[key];
	}
	if (Array.isArray(out.fields)) {
		out.fields = out.fields.map((field: unknown) => {
			if (!field || typeof field !== 'object') return field;
			const f: Record<string, unknown> = { ...(field as Record<string, unknown>) };
			for (const key of ['hint', 'minLabel', 'maxLabel']) {
				if (typeof f[key] === 'string' && (f[key] as string).trim() === '') delete f[key];
			}
			return f;
		});
	}
	if (Array.isArray(out.correctOptionIds) && out.correctOptionIds.length === 0) {
		delete out.correctOptionIds;
	}
	return out;
}
