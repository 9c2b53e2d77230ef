import type { ActionData } from './$types';

/** The answer of the form that was just sent, if it belongs to this section. */
export function resultFor(form: ActionData, name: string | string[]) {
	const names = Array.isArray(name) ? name : [name];
	return form && names.includes(form.form) ? form : null;
}

/** The error summary's links for one section: its fields are `${section}-${field}`. */
export function sectionErrors(
	errors: Record<string, string> | undefined,
	section: string,
	order: string[],
	idFor: (key: string) => string = (key) => `${section}-${key}`
): Array<{ href: string; message: string }> {
	if (!errors) return [];
	const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
	return Object.entries(errors)
		.sort(([a], [b]) => rank(a) - rank(b))
		.map(([key, message]) => ({
			href: `#${key === 'form' ? idFor(order[0] ?? 'form') : idFor(key)}`,
			message
		}));
}
