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

export const programmeSchema = z.object({
	title: z.string().min(1).max(120),
	modules: z.array(moduleSchema).min(1).max(20)
});
export type Programme = z.output<typeof programmeSchema>;

export class ContentError extends Error {}

/** Validates one content file, naming the file and the field of every problem. */
export function parseModuleFile(fileName: string, data: unknown): ProgrammeModule {
	const result = moduleSchema.safeParse(data);
	if (!result.success) {
		const problems = result.error.issues
			.map((issue) => `${fileName}: ${issue.path.join('.') || '(file)'}: ${issue.message}`)
			.join('\n');
		throw new ContentError(problems);
	}
	return result.data;
}

export function loadDefaultProgramme(): Programme {
	const modules = Object.entries(DEFAULT_CONTENT_FILES)
		.map(([file, data]) => parseModuleFile(file, data))
		.sort((a, b) => a.number - b.number);
	return { title: 'Breaking the Cycle', modules };
}

const cache = new Map<number, Programme>();

/** A published programme version, parsed once. */
export function programmeVersion(store: ProgrammeVersionStore, id: number): Programme {
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
