import { untrack } from 'svelte';
import type { Answer } from '$lib/shared/exercises';

/**
 * A string that changes only when the exercise or the *content* of her answer changes.
 * The snapshot sends a new answer object after every change in the room, so comparing
 * objects would wipe what she is typing; comparing this key does not.
 */
export function answerKey(exerciseId: string, answer: Answer | null): string {
	return `${exerciseId}\u0000${JSON.stringify(answer)}`;
}

/**
 * Seed a writable `$derived` from the answer prop: it is re-seeded only when `key`
 * changes (a new exercise, or a different saved answer), and she can overwrite it
 * in between. Usage: `let text = $derived(seed(key, () => …from answer…));`
 */
export function seed<T>(_key: string, make: () => T): T {
	return untrack(make);
}

/** Whole-number percentage of `part` in `total` (0 when there is no total). */
export function percent(part: number, total: number): number {
	return total > 0 ? Math.round((part / total) * 100) : 0;
}

/** "1 answer", "3 answers". */
export function plural(count: number, one: string, many = `${one}s`): string {
	return `${count} ${count === 1 ? one : many}`;
}
