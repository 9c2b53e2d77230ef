import {
	EXERCISE_FIELD_LABELS,
	EXERCISE_LIST_ITEMS,
	EXERCISE_TYPE_LABELS,
	VISIBILITY_LABELS,
	type Exercise,
	type ExerciseType,
	type ProgrammeModule
} from '../../shared/exercises';
import { sessionLayout, type Programme } from './programme';

/**
 * What changed between two programme versions: modules and exercises added, removed and
 * moved, and every changed field with its text before and after.
 */

export interface FieldChange {
	/** "Title", "Option 3", "Order of options". */
	field: string;
	before: string | null;
	after: string | null;
}

export interface ExerciseChange {
	exerciseId: string;
	title: string;
	type: ExerciseType;
	typeLabel: string;
	status: 'added' | 'removed' | 'changed';
	/** 1-based positions in the module, before and after (null when added or removed). */
	from: number | null;
	to: number | null;
	moved: boolean;
	fields: FieldChange[];
}

export interface ModuleChange {
	moduleId: string;
	number: number;
	title: string;
	status: 'added' | 'removed' | 'changed';
	fields: FieldChange[];
	exercises: ExerciseChange[];
}

export interface SessionChange {
	number: number;
	title: string;
	status: 'added' | 'removed' | 'changed';
	fields: FieldChange[];
}

export interface ProgrammeDiff {
	fields: FieldChange[];
	modules: ModuleChange[];
	sessions: SessionChange[];
	/** Counts for a one-line summary. */
	summary: { added: number; removed: number; moved: number; changed: number };
	same: boolean;
}

type Flat = Map<string, { label: string; text: string }>;

const LIST_KEYS = ['options', 'buckets', 'cards', 'fields'] as const;

function show(value: unknown, key: string): string | null {
	if (value === undefined || value === null || value === '') return null;
	if (typeof value === 'boolean') return value ? 'Yes' : 'No';
	if (key === 'visibility' && typeof value === 'string') {
		return VISIBILITY_LABELS[value as keyof typeof VISIBILITY_LABELS] ?? value;
	}
	if (key === 'type' && typeof value === 'string') {
		return EXERCISE_TYPE_LABELS[value as ExerciseType] ?? value;
	}
	return String(value);
}

function itemText(key: string, item: Record<string, unknown>): string {
	const label = String(item.label ?? '');
	if (key !== 'fields') return label;
	const parts = [label];
	if (item.hint) parts.push(`hint: ${String(item.hint)}`);
	parts.push(`answer: ${String(item.kind ?? 'textarea')}`);
	if (item.minLabel || item.maxLabel) {
		parts.push(`ends: ${String(item.minLabel ?? '')} to ${String(item.maxLabel ?? '')}`);
	}
	return parts.join(' · ');
}

/** An exercise as labelled texts, so two versions compare field by field. */
function flatten(exercise: Exercise): Flat {
	const flat: Flat = new Map();
	const record = exercise as unknown as Record<string, unknown>;
	for (const [key, value] of Object.entries(record)) {
		if (key === 'id' || key === 'correctOptionIds') continue;
		if ((LIST_KEYS as readonly string[]).includes(key) && Array.isArray(value)) {
			const noun = EXERCISE_LIST_ITEMS[key]!;
			for (const item of value as Array<Record<string, unknown>>) {
				flat.set(`${key}:${String(item.id)}`, { label: noun.one, text: itemText(key, item) });
			}
			continue;
		}
		const text = show(value, key);
		if (text !== null) flat.set(key, { label: EXERCISE_FIELD_LABELS[key] ?? key, text });
	}
	if (exercise.type === 'poll') {
		const labels = new Map(exercise.options.map((o) => [o.id, o.label]));
		const right = (exercise.correctOptionIds ?? []).map((id) => labels.get(id) ?? id);
		if (right.length > 0) {
			flat.set('correctOptionIds', {
				label: EXERCISE_FIELD_LABELS.correctOptionIds!,
				text: right.join(' · ')
			});
		}
	}
	return flat;
}

function itemPosition(exercise: Exercise, key: string, id: string): number {
	const list = (exercise as unknown as Record<string, unknown>)[key];
	if (!Array.isArray(list)) return -1;
	return (list as Array<{ id: string }>).findIndex((i) => i.id === id);
}

function listOrder(exercise: Exercise, key: string): string[] {
	const list = (exercise as unknown as Record<string, unknown>)[key];
	return Array.isArray(list) ? (list as Array<{ id: string }>).map((i) => i.id) : [];
}

function exerciseFieldChanges(before: Exercise, after: Exercise): FieldChange[] {
	const a = flatten(before);
	const b = flatten(after);
	const changes: FieldChange[] = [];
	const keys = [...new Set([...a.keys(), ...b.keys()])];
	for (const key of keys) {
		const x = a.get(key);
		const y = b.get(key);
		if (x?.text === y?.text) continue;
		let field = (y ?? x)!.label;
		const [list, itemId] = key.split(':');
		if (itemId !== undefined && list) {
			const at = y ? itemPosition(after, list, itemId) : itemPosition(before, list, itemId);
			field = `${field} ${at + 1}`;
		}
		changes.push({ field, before: x?.text ?? null, after: y?.text ?? null });
	}
	for (const list of LIST_KEYS) {
		const x = listOrder(before, list);
		const y = listOrder(after, list);
		const common = new Set(x.filter((id) => y.includes(id)));
		const xs = x.filter((id) => common.has(id));
		const ys = y.filter((id) => common.has(id));
		if (xs.join('\u0000') !== ys.join('\u0000')) {
			const label = (ex: Exercise, id: string) =>
				flatten(ex).get(`${list}:${id}`)?.text.split(' · ')[0] ?? id;
			changes.push({
				field: `Order of ${EXERCISE_LIST_ITEMS[list]!.many}`,
				before: xs.map((id) => label(before, id)).join(' · '),
				after: ys.map((id) => label(after, id)).join(' · ')
			});
		}
	}
	return changes;
}

/** Indexes (into `sequence`) of a longest increasing run: the items that did not move. */
function longestIncreasing(sequence: number[]): Set<number> {
	const tails: number[] = [];
	const previous: number[] = new Array<number>(sequence.length).fill(-1);
	for (let i = 0; i < sequence.length; i++) {
		let lo = 0;
		let hi = tails.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (sequence[tails[mid]!]! < sequence[i]!) lo = mid + 1;
			else hi = mid;
		}
		if (lo > 0) previous[i] = tails[lo - 1]!;
		tails[lo] = i;
	}
	const kept = new Set<number>();
	let k = tails.length > 0 ? tails[tails.length - 1]! : -1;
	while (k >= 0) {
		kept.add(k);
		k = previous[k]!;
	}
	return kept;
}

function moduleChanges(before: ProgrammeModule, after: ProgrammeModule): ModuleChange | null {
	const fields: FieldChange[] = [];
	for (const key of ['title', 'aim', 'number'] as const) {
		const x = String(before[key]);
		const y = String(after[key]);
		if (x !== y) {
			fields.push({
				field: key === 'aim' ? 'Aim' : key === 'title' ? 'Title' : 'Number',
				before: x,
				after: y
			});
		}
	}
	const beforeIds = before.exercises.map((e) => e.id);
	const afterIds = after.exercises.map((e) => e.id);
	// Exercises in both versions, in their old order, with their new positions.
	const common = beforeIds.filter((id) => afterIds.includes(id));
	const newPositions = common.map((id) => afterIds.indexOf(id));
	const kept = longestIncreasing(newPositions);
	const movedIds = new Set(common.filter((_, i) => !kept.has(i)));

	const exercises: ExerciseChange[] = [];
	for (const [i, ex] of after.exercises.entries()) {
		const oldIndex = beforeIds.indexOf(ex.id);
		if (oldIndex < 0) {
			exercises.push({
				exerciseId: ex.id,
				title: ex.title,
				type: ex.type,
				typeLabel: EXERCISE_TYPE_LABELS[ex.type],
				status: 'added',
				from: null,
				to: i + 1,
				moved: false,
				fields: [...flatten(ex).values()].map((f) => ({
					field: f.label,
					before: null,
					after: f.text
				}))
			});
			continue;
		}
		const old = before.exercises[oldIndex]!;
		const changed = exerciseFieldChanges(old, ex);
		const moved = movedIds.has(ex.id);
		if (changed.length > 0 || moved) {
			exercises.push({
				exerciseId: ex.id,
				title: ex.title,
				type: ex.type,
				typeLabel: EXERCISE_TYPE_LABELS[ex.type],
				status: 'changed',
				from: oldIndex + 1,
				to: i + 1,
				moved,
				fields: changed
			});
		}
	}
	for (const [i, ex] of before.exercises.entries()) {
		if (afterIds.includes(ex.id)) continue;
		exercises.push({
			exerciseId: ex.id,
			title: ex.title,
			type: ex.type,
			typeLabel: EXERCISE_TYPE_LABELS[ex.type],
			status: 'removed',
			from: i + 1,
			to: null,
			moved: false,
			fields: []
		});
	}
	if (fields.length === 0 && exercises.length === 0) return null;
	return {
		moduleId: after.id,
		number: after.number,
		title: after.title,
		status: 'changed',
		fields,
		exercises
	};
}

function sessionChanges(before: Programme, after: Programme): SessionChange[] {
	const titles = new Map([...before.modules, ...after.modules].map((m) => [m.id, m.title]));
	const describe = (ids: string[]) => ids.map((id) => titles.get(id) ?? id).join(' · ');
	const a = sessionLayout(before);
	const b = sessionLayout(after);
	const changes: SessionChange[] = [];
	const count = Math.max(a.length, b.length);
	for (let i = 0; i < count; i++) {
		const x = a[i];
		const y = b[i];
		if (!x && y) {
			changes.push({ number: y.number, title: y.title, status: 'added', fields: [] });
			continue;
		}
		if (x && !y) {
			changes.push({ number: x.number, title: x.title, status: 'removed', fields: [] });
			continue;
		}
		const fields: FieldChange[] = [];
		const compare = (field: string, p: string | null, q: string | null) => {
			if (p !== q) fields.push({ field, before: p, after: q });
		};
		compare('Title', x!.title, y!.title);
		compare('Modules', describe(x!.moduleIds), describe(y!.moduleIds));
		compare('Starts at exercise', x!.startAt ?? null, y!.startAt ?? null);
		compare('Minutes booked', String(x!.durationMinutes), String(y!.durationMinutes));
		if (fields.length > 0) {
			changes.push({ number: y!.number, title: y!.title, status: 'changed', fields });
		}
	}
	return changes;
}

export function diffProgrammes(before: Programme, after: Programme): ProgrammeDiff {
	const fields: FieldChange[] = [];
	if (before.title !== after.title) {
		fields.push({ field: 'Programme title', before: before.title, after: after.title });
	}
	const modules: ModuleChange[] = [];
	const beforeById = new Map(before.modules.map((m) => [m.id, m]));
	const afterIds = new Set(after.modules.map((m) => m.id));
	for (const mod of after.modules) {
		const old = beforeById.get(mod.id);
		if (!old) {
			modules.push({
				moduleId: mod.id,
				number: mod.number,
				title: mod.title,
				status: 'added',
				fields: [],
				exercises: mod.exercises.map((ex, i) => ({
					exerciseId: ex.id,
					title: ex.title,
					type: ex.type,
					typeLabel: EXERCISE_TYPE_LABELS[ex.type],
					status: 'added' as const,
					from: null,
					to: i + 1,
					moved: false,
					fields: []
				}))
			});
			continue;
		}
		const change = moduleChanges(old, mod);
		if (change) modules.push(change);
	}
	for (const mod of before.modules) {
		if (afterIds.has(mod.id)) continue;
		modules.push({
			moduleId: mod.id,
			number: mod.number,
			title: mod.title,
			status: 'removed',
			fields: [],
			exercises: []
		});
	}
	const sessions = sessionChanges(before, after);
	const all = modules.flatMap((m) => m.exercises);
	const summary = {
		added: all.filter((e) => e.status === 'added').length,
		removed: all.filter((e) => e.status === 'removed').length,
		moved: all.filter((e) => e.moved).length,
		changed: all.filter((e) => e.status === 'changed' && e.fields.length > 0).length
	};
	return {
		fields,
		modules,
		sessions,
		summary,
		same: fields.length === 0 && modules.length === 0 && sessions.length === 0
	};
}
