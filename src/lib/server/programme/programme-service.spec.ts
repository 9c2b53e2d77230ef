import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/connection';
import { createProgrammeVersionStore } from '../db/programme-versions';
import { moveExercise, replaceExercise } from './editor';
import { problemText } from './issues';
import { createMemoryDraftStore, createProgrammeService } from './programme-service';
import { programmeVersion, sessionPlan } from './programme';

function setup() {
	const db = openDatabase(':memory:');
	db.prepare(
		"INSERT INTO staff_users (id, username, display_name, role, password_hash, created_at, password_changed_at) VALUES ('cora', 'cora', 'Cora Bennett', 'coordinator', 'x', 0, 0)"
	).run();
	const versions = createProgrammeVersionStore(db);
	let clock = 1_700_000_000_000;
	const service = createProgrammeService({
		versions,
		drafts: createMemoryDraftStore(),
		nameOf: (id) => (id === 'cora' ? 'Cora Bennett' : null),
		now: () => (clock += 1000)
	});
	return { db, versions, service };
}

describe('publishing a draft', () => {
	it('keeps earlier versions as they were and publishes a new one', () => {
		const { service, versions } = setup();
		const first = service.latestId();
		expect(first).toBe(1);
		const ids = service.programme(1).modules[1]!.exercises.map((e) => e.id);
		service.edit('cora', (p) => moveExercise(p, 'defining-the-problem', ids[2]!, 'up'));
		expect(service.draftDiff('cora')?.summary.moved).toBe(1);
		expect(service.draftProblems('cora')).toEqual([]);
		const result = service.publish('cora', 'Swapped two exercises');
		expect(result).toEqual({ ok: true, versionId: 2 });
		expect(service.draft('cora')).toBeUndefined();
		expect(service.latestId()).toBe(2);
		const order = (id: number) =>
			sessionPlan(programmeVersion(versions, id), ['defining-the-problem']).map(
				(i) => i.exercise.id
			);
		expect(order(1)).toEqual(ids);
		expect(order(2).slice(1, 3)).toEqual([ids[2], ids[1]]);
		expect(service.versions().map((v) => [v.id, v.note, v.publishedBy])).toEqual([
			[2, 'Swapped two exercises', 'Cora Bennett'],
			[1, 'Default programme', null]
		]);
	});

	it('refuses a draft with a problem, naming the module, exercise and field', () => {
		const { service } = setup();
		service.edit('cora', (p) => {
			const next = structuredClone(p);
			const poll = next.modules[1]!.exercises.find((e) => e.type === 'poll')!;
			if (poll.type === 'poll') poll.options[2] = { id: 'x', label: '' };
			return next;
		});
		const result = service.publish('cora', 'Broken');
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(problemText(result.problems[0]!)).toBe(
			'Module 2 “Defining the Problem”, exercise 5 “Myth or fact? Strangers”: Option 3: enter the text of the option.'
		);
		expect(service.latestId()).toBe(1);
	});
});

describe('export and import', () => {
	it('exports a version to a discreetly named file that imports as a new version', () => {
		const { service } = setup();
		service.latestId();
		const file = service.exportFile(1);
		expect(file.fileName).toBe('programme-v1.json');
		const result = service.importFile('cora', file.body, 'Restored from a file');
		expect(result).toEqual({ ok: true, versionId: 2 });
		expect(service.diff(1, 2).same).toBe(true);
	});

	it('refuses a broken file with errors that name the module, exercise and field', () => {
		const { service } = setup();
		service.latestId();
		const data = JSON.parse(service.exportFile(1).body) as {
			programme: {
				modules: Array<{ exercises: Array<Record<string, unknown>> }>;
				sessions: Array<Record<string, unknown>>;
			};
		};
		const mod = data.programme.modules[2]!;
		mod.exercises[0]!.durationMinutes = 'ten';
		delete mod.exercises[1]!.title;
		mod.exercises[2]!.visibility = 'everyone';
		data.programme.sessions[4]!.startAt = 'gone';
		const result = service.importFile('cora', JSON.stringify(data), 'Broken');
		expect(result.ok).toBe(false);
		if (result.ok) return;
		const texts = result.problems.map(problemText);
		expect(texts).toContain(
			'Module 3 “How could he do this?”, exercise 1 “Check-in: how are you arriving?”: Suggested minutes must be a whole number.'
		);
		expect(texts).toContain('Module 3 “How could he do this?”, exercise 2: Enter a title.');
		expect(texts.find((t) => t.startsWith('Module 3 “How could he do this?”, exercise 3'))).toMatch(
			/Who sees her answer must be one of: private, facilitators, anonymous-group, report\./
		);
		expect(service.latestId()).toBe(1);
	});

	it('names the session of a broken layout, and refuses a file that is not JSON', () => {
		const { service } = setup();
		service.latestId();
		const data = JSON.parse(service.exportFile(1).body) as {
			programme: { sessions: Array<Record<string, unknown>> };
		};
		data.programme.sessions[4]!.startAt = 'gone';
		const broken = service.importFile('cora', JSON.stringify(data), 'Broken');
		expect(!broken.ok && broken.problems.map(problemText)).toEqual([
			'Session 5: Session 5 starts at exercise "gone", which is not in the module "How did he do this?".'
		]);
		const notJson = service.importFile('cora', '{ "title": ', 'Broken');
		expect(!notJson.ok && notJson.problems[0]!.message).toMatch(/not valid JSON/);
		const other = service.importFile(
			'cora',
			JSON.stringify({ format: 'other', programme: {} }),
			'x'
		);
		expect(!other.ok && other.problems[0]!.message).toBe(
			'This is not a Circlework programme file.'
		);
	});

	it('imports a bare programme too, and an edited one shows in the diff', () => {
		const { service } = setup();
		service.latestId();
		const programme = service.programme(1);
		const poll = programme.modules[1]!.exercises.find((e) => e.type === 'poll')!;
		const edited = replaceExercise(programme, 'defining-the-problem', { ...poll, title: 'Edited' });
		const result = service.importFile('cora', JSON.stringify(edited), 'Bare');
		expect(result).toEqual({ ok: true, versionId: 2 });
		expect(service.diff(1, 2).modules[0]!.exercises[0]!.fields[0]).toEqual({
			field: 'Title',
			before: poll.title,
			after: 'Edited'
		});
	});
});
