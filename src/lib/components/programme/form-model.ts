import type { Exercise, ExerciseInput, ExerciseType, Visibility } from '$lib/shared/exercises';

/**
 * The exercise editor's form: every field of every type, always present, so the form can
 * bind to them while the coordinator switches nothing but values. `fromModel` turns it back
 * into the exercise of its type (empty optional boxes left out) for the server to validate.
 */

export interface ListItem {
	id: string;
	label: string;
}

export interface FieldItem extends ListItem {
	hint: string;
	kind: 'text' | 'textarea' | 'scale';
	minLabel: string;
	maxLabel: string;
}

export interface ExerciseModel {
	id: string;
	type: ExerciseType;
	title: string;
	prompt: string;
	easyRead: string;
	facilitatorNotes: string;
	durationMinutes: number | null;
	visibility: Visibility;
	contentNote: string;
	// slide
	body: string;
	image: string;
	imageAlt: string;
	// reflection
	placeholder: string;
	maxLength: number | null;
	keepAuthorLink: boolean;
	// poll
	options: ListItem[];
	multiple: boolean;
	correctOptionIds: string[];
	explanation: string;
	// scale and check-in
	min: number | null;
	max: number | null;
	minLabel: string;
	maxLabel: string;
	// word cloud
	maxWords: number | null;
	// sort
	buckets: ListItem[];
	cards: ListItem[];
	// worksheet
	fields: FieldItem[];
	// check-in
	moment: 'check-in' | 'check-out';
	alertAtOrBelow: number | null;
}

export function toModel(exercise: Exercise): ExerciseModel {
	const model: ExerciseModel = {
		id: exercise.id,
		type: exercise.type,
		title: exercise.title,
		prompt: exercise.prompt,
		easyRead: exercise.easyRead ?? '',
		facilitatorNotes: exercise.facilitatorNotes ?? '',
		durationMinutes: exercise.durationMinutes,
		visibility: exercise.visibility,
		contentNote: exercise.contentNote ?? '',
		body: '',
		image: '',
		imageAlt: '',
		placeholder: '',
		maxLength: 600,
		keepAuthorLink: true,
		options: [],
		multiple: false,
		correctOptionIds: [],
		explanation: '',
		min: 0,
		max: 10,
		minLabel: '',
		maxLabel: '',
		maxWords: 3,
		buckets: [],
		cards: [],
		fields: [],
		moment: 'check-in',
		alertAtOrBelow: 2
	};
	switch (exercise.type) {
		case 'slide':
			return {
				...model,
				body: exercise.body,
				image: exercise.image ?? '',
				imageAlt: exercise.imageAlt ?? ''
			};
		case 'reflection':
			return {
				...model,
				placeholder: exercise.placeholder ?? '',
				maxLength: exercise.maxLength,
				keepAuthorLink: exercise.keepAuthorLink
			};
		case 'poll':
			return {
				...model,
				options: exercise.options.map((o) => ({ ...o })),
				multiple: exercise.multiple,
				correctOptionIds: [...(exercise.correctOptionIds ?? [])],
				explanation: exercise.explanation ?? ''
			};
		case 'scale':
			return {
				...model,
				min: exercise.min,
				max: exercise.max,
				minLabel: exercise.minLabel,
				maxLabel: exercise.maxLabel
			};
		case 'wordcloud':
			return { ...model, maxWords: exercise.maxWords };
		case 'sort':
			return {
				...model,
				buckets: exercise.buckets.map((b) => ({ ...b })),
				cards: exercise.cards.map((c) => ({ ...c }))
			};
		case 'worksheet':
			return {
				...model,
				fields: exercise.fields.map((f) => ({
					id: f.id,
					label: f.label,
					hint: f.hint ?? '',
					kind: f.kind,
					minLabel: f.minLabel ?? '',
					maxLabel: f.maxLabel ?? ''
				}))
			};
		case 'checkin':
			return {
				...model,
				moment: exercise.moment,
				minLabel: exercise.minLabel,
				maxLabel: exercise.maxLabel,
				alertAtOrBelow: exercise.alertAtOrBelow
			};
	}
}

/** Optional text: left out when the box is empty. */
function optional(value: string): string | undefined {
	return value.trim() === '' ? undefined : value;
}

/** A number box: `null` when empty, which the schema names as a missing number. */
function num(value: number | null): number {
	return value as number;
}

/** The exercise the form describes, in the shape the schema checks. */
export function fromModel(model: ExerciseModel): ExerciseInput {
	const base = {
		id: model.id,
		title: model.title,
		prompt: model.prompt,
		easyRead: optional(model.easyRead),
		facilitatorNotes: optional(model.facilitatorNotes),
		durationMinutes: num(model.durationMinutes),
		visibility: model.visibility,
		contentNote: optional(model.contentNote)
	};
	const items = (list: ListItem[]) => list.map((i) => ({ id: i.id, label: i.label }));
	switch (model.type) {
		case 'slide':
			return {
				...base,
				type: 'slide',
				body: model.body,
				image: optional(model.image),
				imageAlt: optional(model.imageAlt)
			};
		case 'reflection':
			return {
				...base,
				type: 'reflection',
				placeholder: optional(model.placeholder),
				maxLength: num(model.maxLength),
				keepAuthorLink: model.keepAuthorLink
			};
		case 'poll': {
			const ids = new Set(model.options.map((o) => o.id));
			const correct = model.correctOptionIds.filter((id) => ids.has(id));
			return {
				...base,
				type: 'poll',
				options: items(model.options),
				multiple: model.multiple,
				correctOptionIds: correct.length > 0 ? correct : undefined,
				explanation: optional(model.explanation)
			};
		}
		case 'scale':
			return {
				...base,
				type: 'scale',
				min: num(model.min),
				max: num(model.max),
				minLabel: model.minLabel,
				maxLabel: model.maxLabel
			};
		case 'wordcloud':
			return { ...base, type: 'wordcloud', maxWords: num(model.maxWords) };
		case 'sort':
			return { ...base, type: 'sort', buckets: items(model.buckets), cards: items(model.cards) };
		case 'worksheet':
			return {
				...base,
				type: 'worksheet',
				fields: model.fields.map((f) => ({
					id: f.id,
					label: f.label,
					hint: optional(f.hint),
					kind: f.kind,
					minLabel: f.kind === 'scale' ? optional(f.minLabel) : undefined,
					maxLabel: f.kind === 'scale' ? optional(f.maxLabel) : undefined
				}))
			};
		case 'checkin':
			return {
				...base,
				type: 'checkin',
				moment: model.moment,
				minLabel: model.minLabel,
				maxLabel: model.maxLabel,
				alertAtOrBelow: num(model.alertAtOrBelow)
			};
	}
}

/** An id for a new list item that no other item in the list has: "option-4". */
export function newItemId(prefix: string, list: ListItem[]): string {
	const taken = new Set(list.map((i) => i.id));
	for (let n = list.length + 1; ; n++) {
		const id = `${prefix}-${n}`;
		if (!taken.has(id)) return id;
	}
}

/** Drops `undefined` values, so the JSON sent is exactly what the form holds. */
export function withoutUndefined<T extends object>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}
