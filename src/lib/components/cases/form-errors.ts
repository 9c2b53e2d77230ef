import type { z } from 'zod';

/**
 * Turns a zod error into one message per field, keyed by the field's path joined with dots
 * ("needs.language", "children.0.age"). The first message for a field wins.
 */
export function fieldErrors(
	error: z.ZodError,
	keyFor: (path: PropertyKey[]) => string = (path) => path.map(String).join('.')
): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const issue of error.issues) {
		const key = keyFor(issue.path) || 'form';
		errors[key] ??= issue.message;
	}
	return errors;
}

/** The error summary's entries, in the order the fields appear on the page. */
export function summaryEntries(
	errors: Record<string, string>,
	order: string[],
	idFor: (key: string) => string = (key) => key
): Array<{ href: string; message: string }> {
	const rank = (key: string) => {
		const i = order.indexOf(key);
		return i === -1 ? order.length : i;
	};
	return Object.entries(errors)
		.sort(([a], [b]) => rank(a) - rank(b))
		.map(([key, message]) => ({ href: `#${idFor(key)}`, message }));
}
