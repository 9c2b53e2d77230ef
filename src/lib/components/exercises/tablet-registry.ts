import type { Component } from 'svelte';
import type { ExerciseType } from '$lib/shared/exercise-constants';

import CheckinTablet from './checkin/TabletInput.svelte';
import PollTablet from './poll/TabletInput.svelte';
import ReflectionTablet from './reflection/TabletInput.svelte';
import ScaleTablet from './scale/TabletInput.svelte';
import SlideTablet from './slide/TabletInput.svelte';
import SortTablet from './sort/TabletInput.svelte';
import WordcloudTablet from './wordcloud/TabletInput.svelte';
import WorksheetTablet from './worksheet/TabletInput.svelte';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyComponent = Component<any>;

/**
 * The participant's input of each exercise type, and nothing else: the tablet page loads
 * this (with `import()`) instead of ./registry, which also brings every projector and
 * console component. Keep it in step with ./registry; the Record type makes a missing
 * entry a type error.
 *
 * Props: TabletInputProps<T> — { exercise, answer, disabled, onsubmit, easyRead?, oneasyreadchange? }.
 */
export const tabletInputs: Record<ExerciseType, AnyComponent> = {
	slide: SlideTablet,
	reflection: ReflectionTablet,
	poll: PollTablet,
	scale: ScaleTablet,
	wordcloud: WordcloudTablet,
	sort: SortTablet,
	worksheet: WorksheetTablet,
	checkin: CheckinTablet
};
