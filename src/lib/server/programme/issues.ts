import type { z } from 'zod';
import { EXERCISE_FIELD_LABELS, EXERCISE_LIST_ITEMS, EXERCISE_TYPES } from '../../shared/exercises';

/**
 * Turns schema problems into plain sentences that point at the field, for the programme
 * editor and for imported files: "Option 3: enter the text of the option."
 */

type Issue = z.core.$ZodIssue;
type Path = ReadonlyArray<PropertyKey>;

export interface FieldProblem {
	/** The field's path, dot-separated ("options.2.label"), relative to what was checked. */
	path: string;
	/** Where, for a whole programme: "Module 2 “Defining the Problem”, exercise 5 “Poll”". */
	where: string;
	/** One sentence, naming the field. */
	message: string;
}

/** What to "enter" when a required text is empty. */
const NOUNS: Record<string, string> = {
	title: 'a title',
	prompt: 'what she is asked or told',
	easyRead: 'the simpler words, or leave the box empty',
	contentNote: 'the content note, or leave the box empty',
	minLabel: 'the words for the lowest number',
	maxLabel: 'the words for the highest number',
	aim: 'the aim of the module',
	label: 'the text'
};

const MODULE_LABELS: Record<string, string> = {
	id: 'Module id',
	number: 'Module number',
	title: 'Module title',
	aim: 'Aim',
	exercises: 'Exercises'
};

const SESSION_LABELS: Record<string, string> = {
	number: 'Session number',
	title: 'Session title',
	moduleIds: 'Modules',
	startAt: 'Starts at exercise',
	durationMinutes: 'Minutes booked'
};

const ITEM_FIELD_LABELS: Record<string, string> = {
	id: 'id',
	label: 'text',
	hint: 'hint',
	kind: 'kind of answer',
	minLabel: 'words for 0',
	maxLabel: 'words for 10'
};

interface Items {
	one: string;
	many: string;
}
const ITEMS: Record<string, Items> = {
	exercises: { one: 'exercise', many: 'exercises' },
	modules: { one: 'module', many: 'modules' },
	sessions: { one: 'session', many: 'sessions' },
	moduleIds: { one: 'module', many: 'modules' }
};
const ANY_ITEMS: Items = { one: 'item', many: 'items' };
const itemsOf = (name: string): Items => {
	const list = EXERCISE_LIST_ITEMS[name];
	if (list) return { one: list.one.toLowerCase(), many: list.many };
	return ITEMS[name] ?? ANY_ITEMS;
};

function lowerFirst(text: string): string {
	return text.charAt(0).toLowerCase() + text.slice(1);
}

function plural(count: number, items: Items): string {
	return `${count} ${count === 1 ? items.one : items.many}`;
}

/** One sentence for one issue about a field called `label` (noun: what to enter). */
function sentence(issue: Issue, label: string, noun: string, items: Items): string {
	switch (issue.code) {
		case 'custom':
			return issue.message;
		case 'too_small':
			if (issue.origin === 'string') {
				return Number(issue.minimum) <= 1
					? `Enter ${noun}.`
					: `${label} must be at least ${String(issue.minimum)} characters.`;
			}
			if (issue.origin === 'array') return `Add at least ${plural(Number(issue.minimum), items)}.`;
			return `${label} must be ${String(issue.minimum)} or more.`;
		case 'too_big':
			if (issue.origin === 'string') {
				return `${label} must be ${String(issue.maximum)} characters or fewer.`;
			}
			if (issue.origin === 'array') return `Use at most ${plural(Number(issue.maximum), items)}.`;
			return `${label} must be ${String(issue.maximum)} or less.`;
		case 'invalid_type':
			// zod's own wording, or the plain-English one from shared/plain-errors.ts.
			if (/received undefined|This is required/.test(issue.message)) {
				return issue.expected === 'string' ? `Enter ${noun}.` : `${label} is missing.`;
			}
			if (issue.expected === 'number' || issue.expected === 'int') {
				return `${label} must be a whole number.`;
			}
			if (issue.expected === 'string') return `${label} must be text.`;
			if (issue.expected === 'array') return `${label} must be a list.`;
			if (issue.expected === 'boolean') return `${label} must be true or false.`;
			return `${label} is not in the right form.`;
		case 'invalid_value':
			return `${label} must be one of: ${issue.values.map(String).join(', ')}.`;
		case 'invalid_format':
			return `${label}: ${lowerFirst(issue.message)}`;
		case 'invalid_union':
			return `${label} must be one of: ${EXERCISE_TYPES.join(', ')}.`;
		case 'unrecognized_keys':
			return `Remove ${issue.keys.join(', ')}: the editor does not know ${issue.keys.length === 1 ? 'it' : 'them'}.`;
		default:
			return `${label}: ${lowerFirst(issue.message)}`;
	}
}

/** A sentence for an issue at `path` inside one exercise. */
export function exerciseIssueMessage(path: Path, issue: Issue): string {
	const [field, index, sub] = path;
	const name = String(field ?? '');
	const list = EXERCISE_LIST_ITEMS[name];
	if (list && typeof index === 'number') {
		const item = `${list.one} ${index + 1}`;
		if (name === 'correctOptionIds') return `${item}: ${lowerFirst(issue.message)}`;
		const subName = sub === undefined ? '' : String(sub);
		const what = ITEM_FIELD_LABELS[subName] ?? subName;
		const noun =
			subName === 'label'
				? `the text of the ${list.one.toLowerCase()}`
				: `the ${what || list.one.toLowerCase()}`;
		const label = subName ? `The ${what}` : item;
		return `${item}: ${lowerFirst(sentence(issue, label, noun, ANY_ITEMS))}`;
	}
	if (name === 'type' || (name === '' && issue.code === 'invalid_union')) {
		return `Type must be one of: ${EXERCISE_TYPES.join(', ')}.`;
	}
	const label = EXERCISE_FIELD_LABELS[name] ?? (name || 'This exercise');
	const noun = NOUNS[name] ?? `the ${label.toLowerCase()}`;
	return sentence(issue, label, noun, itemsOf(name));
}

/** Problems in one exercise, each pointing at its field. */
export function exerciseProblems(issues: readonly Issue[]): FieldProblem[] {
	return issues.map((issue) => ({
		path: issue.path.map(String).join('.'),
		where: '',
		message: exerciseIssueMessage(issue.path, issue)
	}));
}

type Raw = Record<string, unknown> | undefined;
const rawAt = (value: unknown, key: PropertyKey): unknown =>
	value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
const quoted = (value: unknown): string =>
	typeof value === 'string' && value.trim() ? ` “${value.trim().slice(0, 60)}”` : '';

/**
 * Problems in a whole programme (an imported file, or a draft before publishing), each
 * naming the module, the exercise and the field. `input` is what was checked, so the
 * names come from it even when it is broken.
 */
export function programmeProblems(issues: readonly Issue[], input: unknown): FieldProblem[] {
	return issues.map((issue) => {
		const path = issue.path;
		const dotted = path.map(String).join('.');
		const [top, index, field, exIndex, ...rest] = path;
		if (top === 'modules' && typeof index === 'number') {
			const mod = rawAt(rawAt(input, 'modules'), index) as Raw;
			const number = rawAt(mod, 'number');
			const modName = `Module ${typeof number === 'number' ? number : index + 1}${quoted(rawAt(mod, 'title'))}`;
			if (field === 'exercises' && typeof exIndex === 'number') {
				const ex = rawAt(rawAt(mod, 'exercises'), exIndex);
				const where = `${modName}, exercise ${exIndex + 1}${quoted(rawAt(ex, 'title'))}`;
				return { path: dotted, where, message: exerciseIssueMessage(rest, issue) };
			}
			const name = String(field ?? '');
			const label = MODULE_LABELS[name] ?? (name || 'Module');
			return {
				path: dotted,
				where: modName,
				message: sentence(issue, label, NOUNS[name] ?? `the ${label.toLowerCase()}`, itemsOf(name))
			};
		}
		if (top === 'sessions' && typeof index === 'number') {
			const session = rawAt(rawAt(input, 'sessions'), index);
			const number = rawAt(session, 'number');
			const name = String(field ?? '');
			const label = SESSION_LABELS[name] ?? (name || 'Session');
			const message =
				typeof exIndex === 'number' && name === 'moduleIds'
					? `Module ${exIndex + 1}: ${lowerFirst(sentence(issue, 'The module id', 'the module id', ANY_ITEMS))}`
					: sentence(issue, label, `the ${label.toLowerCase()}`, itemsOf(name));
			return {
				path: dotted,
				where: `Session ${typeof number === 'number' ? number : index + 1}`,
				message
			};
		}
		const name = String(top ?? '');
		const label = name === 'title' ? 'Programme title' : name || 'The file';
		return {
			path: dotted,
			where: 'Programme',
			message: sentence(issue, label, `the ${label.toLowerCase()}`, itemsOf(name))
		};
	});
}

/** "Module 2 “Defining the Problem”, exercise 5 “Poll”: Option 3: enter the text of the option." */
export function problemText(problem: FieldProblem): string {
	return problem.where ? `${problem.where}: ${problem.message}` : problem.message;
}
