import type { Answer, Exercise, ExerciseType, PublicExercise } from '$lib/shared/exercises';
import type { ExerciseResults, StaffAnswerView } from '$lib/shared/live';

/** The public (tablet / projector) view of one exercise type. */
export type PublicExerciseOf<T extends ExerciseType> = Extract<PublicExercise, { type: T }>;

/** The full exercise (facilitator notes included) of one type, for the console. */
export type ExerciseOf<T extends ExerciseType> = Extract<Exercise, { type: T }>;

/** The aggregated results of one exercise type. */
export type ResultsOf<T extends ExerciseType> = Extract<ExerciseResults, { type: T }>;

/** Props of every `<type>/TabletInput.svelte`. */
export interface TabletInputProps<T extends ExerciseType> {
	exercise: PublicExerciseOf<T>;
	/** Her saved or pending answer; the form is pre-filled from it. */
	answer: Answer | null;
	/** True when the facilitator has closed answers: the form is shown read-only. */
	disabled: boolean;
	/** Called with a valid answer of this type when she sends or saves. */
	onsubmit: (answer: Answer) => void;
	/** Her easy-read preference: show the simpler wording first (default false). */
	easyRead?: boolean;
	/** Called when she turns "Simpler words" on or off, so the choice can stick. */
	oneasyreadchange?: (easyRead: boolean) => void;
}

/** Props of every `<type>/ProjectorResult.svelte`. */
export interface ProjectorResultProps<T extends ExerciseType> {
	exercise: PublicExerciseOf<T>;
	/** Must be the results of this same exercise (`results.type === exercise.type`). */
	results: ResultsOf<T>;
}

/** Props of every `<type>/ConsoleControl.svelte`. */
export interface ConsoleControlProps<T extends ExerciseType> {
	exercise: ExerciseOf<T>;
	/** Must be the results of this same exercise (`results.type === exercise.type`). */
	results: ResultsOf<T>;
	/** Named answers to this exercise (empty for anonymous reflections). */
	namedAnswers: StaffAnswerView[];
}
