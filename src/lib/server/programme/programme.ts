import { z } from 'zod';
import { moduleSchema, type Exercise, type ProgrammeModule } from '../../shared/exercises';
import type { ProgrammeVersionStore } from '../db/programme-versions';
import introduction from './content/01-introduction.json' with { type: 'json' };
import definingTheProblem from './content/02-defining-the-problem.json' with { type: 'json' };
import howCouldHe from './content/03-how-could-he-do-this.json' with { type: 'json' };
import howDidHe from './content/04-how-did-he-do-this.json' with { type: 'json' };
import victimAwareness from './content/05-victim-awareness.json' with { type: 'json' };
import goodLives from './content/06-good-lives.json' with { type: 'json' };
import bringingItTogether from './content/07-bringing-it-all-together.json' with { type: 'json' };
import selfAssessment from './content/08-self-and-group-assessment.json' with { type: 'json' };
import sessions from './content/sessions.json' with { type: 'json' };

/** The module files of the default programme, one module a file. */
export const DEFAULT_CONTENT_FILES: Record<string, unknown> = {
	'01-introduction.json': introduction,
	'02-defining-the-problem.json': definingTheProblem,
	'03-how-could-he-do-this.json': howCouldHe,
	'04-how-did-he-do-this.json': howDidHe,
	'05-victim-awareness.json': victimAwareness,
	'06-good-lives.json': goodLives,
	'07-bringing-it-all-together.json': bringingItTogether,
	'08-self-and-group-assessment.json': selfAssessment
};

/** The file that lays the modules out over the programme's sessions. */
export const DEFAULT_SESSIONS_FILE = { name: 'sessions.json', data: sessions as unknown };

const id = z
	.string()
	.min(1)
	.max(60)
	.regex(/^[a-z0-9][a-z0-9-]*$/, 'Use lower-case letters, numbers and dashes only.');

/**
 * One meeting of the group, about two hours. A session runs its modules in order. When a
 * long module is split over two sessions, the later session names the exercise it starts at
 * (`startAt`, in its first module); a session runs until the next session's start.
 */
export const programmeSessionSchema = z.object({
	number: z.number().int().min(1).max(20),
	title: z.string().trim().min(1).max(120),
	moduleIds: z.array(id).min(1).max(8),
	startAt: id.optional(),
	/** The time booked for the session, breaks included. */
	durationMinutes: z.number().int().min(30).max(240).default(120)
});
export type ProgrammeSession = z.output<typeof programmeSessionSchema>;

export const sessionLayoutSchema = z.object({
	sessions: z.array(programmeSessionSchema).min(1).max(20)
});

export const programmeSchema = z
	.object({
		title: z.string().min(1).max(120),
		modules: z.array(moduleSchema).min(1).max(20),
		/** The layout over sessions; versions published before it existed have none. */
		sessions: z.array(programmeSessionSchema).min(1).max(20).optional()
	})
	.superRefine((programme, ctx) => {
		const moduleIds = new Set<string>();
		for (const [i, mod] of programme.modules.entries()) {
			if (moduleIds.has(mod.id)) {
				ctx.addIssue({
					code: 'custom',
					path: ['modules', i, 'id'],
					message: `Module id "${mod.id}" is used twice.`
				});
			}
			moduleIds.add(mod.id);
		}
		if (programme.sessions) {
			for (const issue of sessionLayoutProblems(programme.modules, programme.sessions)) {
				ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
			}
		}
	});
export type Programme = z.output<typeof programmeSchema>;
export type ProgrammeInput = z.input<typeof programmeSchema>;

export class ContentError extends Error {}

interface LayoutProblem {
	path: Array<string | number>;
	message: string;
}

/**
 * Checks a session layout against the modules: numbered 1, 2, 3… in order; every module and
 * start exercise exists; each session starts after the one before; and together the
 * sessions run every exercise once, each session listing exactly the modules it covers.
 */
export function sessionLayoutProblems(
	modules: ProgrammeModule[],
	sessions: Array<Pick<ProgrammeSession, 'number' | 'moduleIds' | 'startAt'>>
): LayoutProblem[] {
	const problems: LayoutProblem[] = [];
	const moduleIndex = new Map(modules.map((m, i) => [m.id, i]));
	// Where each exercise sits in the whole programme, module by module.
	const offsets: number[] = [];
	let total = 0;
	for (const mod of modules) {
		offsets.push(total);
		total += mod.exercises.length;
	}
	const starts: Array<number | null> = sessions.map((session, i) => {
		if (session.number !== i + 1) {
			problems.push({
				path: ['sessions', i, 'number'],
				message: `Number the sessions 1, 2, 3… in order: this one should be ${i + 1}.`
			});
		}
		let ok = true;
		for (const [j, moduleId] of session.moduleIds.entries()) {
			if (!moduleIndex.has(moduleId)) {
				problems.push({
					path: ['sessions', i, 'moduleIds', j],
					message: `There is no module "${moduleId}" in this programme.`
				});
				ok = false;
			}
		}
		if (!ok) return null;
		const first = moduleIndex.get(session.moduleIds[0]!)!;
		const mod = modules[first]!;
		if (session.startAt === undefined) return offsets[first]!;
		const at = mod.exercises.findIndex((e) => e.id === session.startAt);
		if (at < 0) {
			problems.push({
				path: ['sessions', i, 'startAt'],
				message: `Session ${i + 1} starts at exercise "${session.startAt}", which is not in the module "${mod.title}".`
			});
			return null;
		}
		return offsets[first]! + at;
	});
	if (problems.length > 0) return problems;

	for (const [i, start] of starts.entries()) {
		if (i === 0 && start !== 0) {
			problems.push({
				path: ['sessions', 0, 'startAt'],
				message: 'Session 1 must start at the first exercise of the first module.'
			});
		}
		if (i > 0 && start! <= starts[i - 1]!) {
			problems.push({
				path: ['sessions', i, 'startAt'],
				message: `Session ${i + 1} must start after session ${i} starts.`
			});
		}
	}
	if (problems.length > 0) return problems;

	for (const [i, session] of sessions.entries()) {
		const from = starts[i]!;
		const to = i + 1 < starts.length ? starts[i + 1]! : total;
		const covered: string[] = [];
		for (const [m, mod] of modules.entries()) {
			const begin = offsets[m]!;
			const end = begin + mod.exercises.length;
			if (begin < to && end > from) covered.push(mod.id);
		}
		if (covered.join(' ') !== session.moduleIds.join(' ')) {
			const titles = covered.map((mid) => `"${modules[moduleIndex.get(mid)!]!.title}"`);
			problems.push({
				path: ['sessions', i, 'moduleIds'],
				message: `Session ${i + 1} runs exercises from ${titles.join(', ')}: list exactly those modules, in order.`
			});
		}
	}
	return problems;
}

/** "path.to.field" for a zod issue, or "(file)" for the whole file. */
function issuePath(path: ReadonlyArray<PropertyKey>): string {
	return path.map(String).join('.') || '(file)';
}

/** Validates one content file, naming the file and the field of every problem. */
export function parseModuleFile(fileName: string, data: unknown): ProgrammeModule {
	const result = moduleSchema.safeParse(data);
	if (!result.success) {
		const problems = result.error.issues
			.map((issue) => `${fileName}: ${issuePath(issue.path)}: ${issue.message}`)
			.join('\n');
		throw new ContentError(problems);
	}
	return result.data;
}

/** Validates the sessions file on its own (its references are checked with the modules). */
export function parseSessionsFile(fileName: string, data: unknown): ProgrammeSession[] {
	const result = sessionLayoutSchema.safeParse(data);
	if (!result.success) {
		const problems = result.error.issues
			.map((issue) => `${fileName}: ${issuePath(issue.path)}: ${issue.message}`)
			.join('\n');
		throw new ContentError(problems);
	}
	return result.data.sessions;
}

/**
 * Assembles and validates a programme from content files: module files (any names) and
 * a sessions file. Every problem names its file and field.
 */
export function assembleProgramme(
	title: string,
	moduleFiles: Record<string, unknown>,
	sessionsFile: { name: string; data: unknown }
): Programme {
	const entries = Object.entries(moduleFiles)
		.map(([file, data]) => ({ file, module: parseModuleFile(file, data) }))
		.sort((a, b) => a.module.number - b.module.number);
	const layout = parseSessionsFile(sessionsFile.name, sessionsFile.data);
	const result = programmeSchema.safeParse({
		title,
		modules: entries.map((e) => e.module),
		sessions: layout
	});
	if (!result.success) {
		const problems = result.error.issues.map((issue) => {
			const [top, index, ...rest] = issue.path;
			if (top === 'modules' && typeof index === 'number') {
				return `${entries[index]?.file ?? 'modules'}: ${issuePath(rest)}: ${issue.message}`;
			}
			return `${sessionsFile.name}: ${issuePath(issue.path)}: ${issue.message}`;
		});
		throw new ContentError(problems.join('\n'));
	}
	return result.data;
}

export function loadDefaultProgramme(): Programme {
	return assembleProgramme('Breaking the Cycle', DEFAULT_CONTENT_FILES, DEFAULT_SESSIONS_FILE);
}

// Parsed versions, per store (so two databases in one process never share entries).
const caches = new WeakMap<ProgrammeVersionStore, Map<number, Programme>>();

/** A published programme version, parsed once. */
export function programmeVersion(store: ProgrammeVersionStore, id: number): Programme {
	let cache = caches.get(store);
	if (!cache) {
		cache = new Map();
		caches.set(store, cache);
	}
	const cached = cache.get(id);
	if (cached) return cached;
	const record = store.findById(id);
	if (!record) throw new ContentError(`Programme version ${id} does not exist.`);
	const programme = programmeSchema.parse(JSON.parse(record.content));
	cache.set(id, programme);
	return programme;
}

/** Seeds the default programme as version 1 on an empty database. Returns the latest version id. */
export function ensureProgrammeSeeded(store: ProgrammeVersionStore, now = Date.now()): number {
	const latest = store.latest();
	if (latest) return latest.id;
	const programme = loadDefaultProgramme();
	return store.insert({
		title: programme.title,
		content: JSON.stringify(programme),
		note: 'Default programme',
		createdBy: null,
		createdAt: now
	});
}

export interface SessionPlanItem {
	moduleId: string;
	moduleTitle: string;
	exercise: Exercise;
}

/** The ordered exercises of the chosen modules: what a live session runs through. */
export function sessionPlan(programme: Programme, moduleIds: string[]): SessionPlanItem[] {
	const plan: SessionPlanItem[] = [];
	for (const moduleId of moduleIds) {
		const mod = programme.modules.find((m) => m.id === moduleId);
		if (!mod) throw new ContentError(`Module "${moduleId}" is not in this programme version.`);
		for (const exercise of mod.exercises) plan.push({ moduleId, moduleTitle: mod.title, exercise });
	}
	return plan;
}

/**
 * The programme's sessions. A version published before sessions were laid out gets one
 * session per module.
 */
export function sessionLayout(programme: Programme): ProgrammeSession[] {
	if (programme.sessions && programme.sessions.length > 0) return programme.sessions;
	return programme.modules.map((m, i) => ({
		number: i + 1,
		title: m.title,
		moduleIds: [m.id],
		durationMinutes: 120
	}));
}

function findSession(programme: Programme, sessionNumber: number): ProgrammeSession {
	const session = sessionLayout(programme).find((s) => s.number === sessionNumber);
	if (!session) {
		throw new ContentError(`Session ${sessionNumber} is not in this programme version.`);
	}
	return session;
}

/** The module ids a numbered session covers, in order (a split module covers two sessions). */
export function sessionModules(programme: Programme, sessionNumber: number): string[] {
	return [...findSession(programme, sessionNumber).moduleIds];
}

/**
 * The exercises of one numbered session, in order: its modules' exercises, from its start
 * exercise up to where the next session starts.
 */
export function sessionExercises(programme: Programme, sessionNumber: number): SessionPlanItem[] {
	const layout = sessionLayout(programme);
	const index = layout.findIndex((s) => s.number === sessionNumber);
	const session = findSession(programme, sessionNumber);
	const next = layout[index + 1];
	const items = sessionPlan(programme, session.moduleIds);
	const from = session.startAt ? items.findIndex((i) => i.exercise.id === session.startAt) : 0;
	let to = items.length;
	if (next && next.moduleIds[0] === session.moduleIds.at(-1) && next.startAt) {
		const lastModule = session.moduleIds.at(-1);
		const cut = items.findIndex((i) => i.moduleId === lastModule && i.exercise.id === next.startAt);
		if (cut >= 0) to = cut;
	}
	return items.slice(Math.max(from, 0), to);
}

export interface SessionSummary {
	number: number;
	title: string;
	moduleIds: string[];
	startAt: string | null;
	/** Time booked, breaks included. */
	durationMinutes: number;
	/** The suggested minutes of its exercises. */
	exerciseMinutes: number;
	exerciseIds: Array<{ moduleId: string; exerciseId: string }>;
}

/** Every session with the exercises it runs and their minutes. */
export function sessionSummaries(programme: Programme): SessionSummary[] {
	return sessionLayout(programme).map((s) => {
		const items = sessionExercises(programme, s.number);
		return {
			number: s.number,
			title: s.title,
			moduleIds: [...s.moduleIds],
			startAt: s.startAt ?? null,
			durationMinutes: s.durationMinutes,
			exerciseMinutes: items.reduce((sum, i) => sum + i.exercise.durationMinutes, 0),
			exerciseIds: items.map((i) => ({ moduleId: i.moduleId, exerciseId: i.exercise.id }))
		};
	});
}
