import type { Component } from 'svelte';
import type { ExerciseType } from '$lib/shared/exercises';

import CheckinConsole from './checkin/ConsoleControl.svelte';
import CheckinProjector from './checkin/ProjectorResult.svelte';
import CheckinTablet from './checkin/TabletInput.svelte';
import PollConsole from './poll/ConsoleControl.svelte';
import PollProjector from './poll/ProjectorResult.svelte';
import PollTablet from './poll/TabletInput.svelte';
import ReflectionConsole from './reflection/ConsoleControl.svelte';
import ReflectionProjector from './reflection/ProjectorResult.svelte';
import ReflectionTablet from './reflection/TabletInput.svelte';
import ScaleConsole from './scale/ConsoleControl.svelte';
import ScaleProjector from './scale/ProjectorResult.svelte';
import ScaleTablet from './scale/TabletInput.svelte';
import SlideConsole from './slide/ConsoleControl.svelte';
import SlideProjector from './slide/ProjectorResult.svelte';
import SlideTablet from './slide/TabletInput.svelte';
import SortConsole from './sort/ConsoleControl.svelte';
import SortProjector from './sort/ProjectorResult.svelte';
import SortTablet from './sort/TabletInput.svelte';
import WordcloudConsole from './wordcloud/ConsoleControl.svelte';
import WordcloudProjector from './wordcloud/ProjectorResult.svelte';
import WordcloudTablet from './wordcloud/TabletInput.svelte';
import WorksheetConsole from './worksheet/ConsoleControl.svelte';
import WorksheetProjector from './worksheet/ProjectorResult.svelte';
import WorksheetTablet from './worksheet/TabletInput.svelte';

// The components are typed per exercise type (see ./types.ts); the registry erases that
// so a page can pick one by `exercise.type`. The page must pass an exercise and results
// of the same type: `results.type === exercise.type`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyComponent = Component<any>;

export interface ExerciseComponents {
	/** Props: TabletInputProps<T> — { exercise, answer, disabled, onsubmit, easyRead?, oneasyreadchange? }. */
	TabletInput: AnyComponent;
	/** Props: ProjectorResultProps<T> — { exercise, results }. */
	ProjectorResult: AnyComponent;
	/** Props: ConsoleControlProps<T> — { exercise, results, namedAnswers }. */
	ConsoleControl: AnyComponent;
}

/**
 * One set of components per exercise type.
 *
 * Usage: `{@const Input = exerciseComponents[ex.type].TabletInput}<Input exercise={ex} … />`
 *
 * To add a type: add it to EXERCISE_TYPES, its schema to exerciseSchema and answerSchema
 * (src/lib/shared/exercises.ts) and its results to ExerciseResults (src/lib/shared/live.ts);
 * then create `<type>/TabletInput.svelte`, `<type>/ProjectorResult.svelte` and
 * `<type>/ConsoleControl.svelte` here (props typed with TabletInputProps<'type'>,
 * ProjectorResultProps<'type'> and ConsoleControlProps<'type'> from ./types) and add an
 * entry below, and its TabletInput to ./tablet-registry (what the tablet page loads).
 * The Record type makes a missing entry a type error.
 */
export const exerciseComponents: Record<ExerciseType, ExerciseComponents> = {
	slide: {
		TabletInput: SlideTablet,
		ProjectorResult: SlideProjector,
		ConsoleControl: SlideConsole
	},
	reflection: {
		TabletInput: ReflectionTablet,
		ProjectorResult: ReflectionProjector,
		ConsoleControl: ReflectionConsole
	},
	poll: { TabletInput: PollTablet, ProjectorResult: PollProjector, ConsoleControl: PollConsole },
	scale: {
		TabletInput: ScaleTablet,
		ProjectorResult: ScaleProjector,
		ConsoleControl: ScaleConsole
	},
	wordcloud: {
		TabletInput: WordcloudTablet,
		ProjectorResult: WordcloudProjector,
		ConsoleControl: WordcloudConsole
	},
	sort: { TabletInput: SortTablet, ProjectorResult: SortProjector, ConsoleControl: SortConsole },
	worksheet: {
		TabletInput: WorksheetTablet,
		ProjectorResult: WorksheetProjector,
		ConsoleControl: WorksheetConsole
	},
	checkin: {
		TabletInput: CheckinTablet,
		ProjectorResult: CheckinProjector,
		ConsoleControl: CheckinConsole
	}
};
