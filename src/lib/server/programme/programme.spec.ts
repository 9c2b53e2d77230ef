import { describe, expect, it } from 'vitest';
import { EXERCISE_TYPES } from '../../shared/exercises';
import {
	assembleProgramme,
	ContentError,
	DEFAULT_CONTENT_FILES,
	DEFAULT_SESSIONS_FILE,
	loadDefaultProgramme,
	parseModuleFile,
	parseSessionsFile,
	programmeSchema,
	sessionExercises,
	sessionLayout,
	sessionModules,
	sessionPlan,
	sessionSummaries
} from './programme';

describe('the default programme', () => {
	it.each(Object.entries(DEFAULT_CONTENT_FILES))(
		'%s validates against the schema',
		(file, data) => {
			expect(() => parseModuleFile(file, data)).not.toThrow();
		}
	);

	it('sessions.json validates against the schema, and against the modules', () => {
		expect(() =>
			parseSessionsFile(DEFAULT_SESSIONS_FILE.name, DEFAULT_SESSIONS_FILE.data)
		).not.toThrow();
		expect(() => loadDefaultProgramme()).not.toThrow();
		expect(programmeSchema.safeParse(loadDefaultProgramme()).success).toBe(true);
	});

	it('has all eight modules in order, over about 20 hours, using every exercise type', () => {
		const programme = loadDefaultProgramme();
		expect(programme.modules.map((m) => m.title)).toEqual([
			'Introduction',
			'Defining the Problem',
			'How could he do this?',
			'How did he do this?',
			'Victim Awareness',
			'The Good Lives Model – Better Lives',
			'Bringing it all together',
			'Self and Group Assessment'
		]);
		const minutes = programme.modules
			.flatMap((m) => m.exercises)
			.reduce((sum, e) => sum + e.durationMinutes, 0);
		expect(minutes).toBeGreaterThan(17 * 60);
		expect(minutes).toBeLessThanOrEqual(20 * 60);
		const used = new Set(programme.modules.flatMap((m) => m.exercises.map((e) => e.type)));
		expect([...used].sort()).toEqual([...EXERCISE_TYPES].sort());
	});

	it('is laid out over ten sessions of about two hours, 20 hours in all, covering every module', () => {
		const programme = loadDefaultProgramme();
		const sessions = sessionSummaries(programme);
		expect(sessions.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
		expect(sessions.reduce((sum, s) => sum + s.durationMinutes, 0)).toBe(20 * 60);
		for (const s of sessions) {
			// Each session fills its two hours with a little room for arriving and overrunning.
			expect(s.exerciseMinutes, `session ${s.number}`).toBeGreaterThanOrEqual(100);
			expect(s.exerciseMinutes, `session ${s.number}`).toBeLessThanOrEqual(120);
		}
		const covered = new Set(sessions.flatMap((s) => s.moduleIds));
		expect([...covered]).toEqual(programme.modules.map((m) => m.id));
		// Every exercise is run in exactly one session.
		const run = sessions.flatMap((s) => s.exerciseIds.map((e) => `${e.moduleId}/${e.exerciseId}`));
		const all = programme.modules.flatMap((m) => m.exercises.map((e) => `${m.id}/${e.id}`));
		expect(run).toEqual(all);
	});

	it('gives each session a check-in first and a check-out last, with a break', () => {
		const programme = loadDefaultProgramme();
		for (const s of sessionLayout(programme)) {
			const items = sessionExercises(programme, s.number).map((i) => i.exercise);
			const first = items.find((e) => e.type !== 'slide');
			expect(first?.type, `session ${s.number}`).toBe('checkin');
			expect(items.at(-1)?.type, `session ${s.number}`).toBe('checkin');
			expect(
				items.some((e) => /break/i.test(e.title)),
				`session ${s.number}`
			).toBe(true);
		}
	});

	it('splits the two long modules over two sessions each', () => {
		const programme = loadDefaultProgramme();
		expect(sessionModules(programme, 4)).toEqual(['how-did-he-do-this']);
		expect(sessionModules(programme, 5)).toEqual(['how-did-he-do-this']);
		expect(sessionModules(programme, 8)).toEqual(['bringing-it-all-together']);
		expect(sessionModules(programme, 9)).toEqual(['bringing-it-all-together']);
		const four = sessionExercises(programme, 4).map((i) => i.exercise.id);
		const five = sessionExercises(programme, 5).map((i) => i.exercise.id);
		expect(four).toContain('hd-four-walls');
		expect(five).toContain('hd-grooming');
		expect(five[0]).toBe('hd-grooming-check-in');
		expect([...four, ...five]).toEqual(
			sessionPlan(programme, ['how-did-he-do-this']).map((i) => i.exercise.id)
		);
		expect(() => sessionModules(programme, 11)).toThrow(ContentError);
	});

	it('includes a good-lives worksheet', () => {
		const goodLives = loadDefaultProgramme().modules.find((m) => m.id === 'good-lives');
		expect(
			goodLives?.exercises.some((e) => e.type === 'worksheet' && e.id === 'good-lives-plan')
		).toBe(true);
	});

	it('never shares worksheets or check-ins with the group', () => {
		for (const mod of loadDefaultProgramme().modules) {
			for (const e of mod.exercises) {
				if (e.type === 'worksheet' || e.type === 'checkin') {
					expect(e.visibility, `${mod.id}/${e.id}`).not.toBe('anonymous-group');
				}
			}
		}
	});

	it('warns before the content that may be hardest to hear', () => {
		const programme = loadDefaultProgramme();
		const exercise = (id: string) =>
			programme.modules.flatMap((m) => m.exercises).find((e) => e.id === id);
		for (const id of [
			'hd-getting-past-adults',
			'hd-four-walls-online',
			'hd-grooming-child',
			'hd-groomed-too'
		]) {
			expect(exercise(id)?.contentNote, id).toBeTruthy();
		}
	});
});

describe('a programme without a session layout', () => {
	it('gets one session per module', () => {
		const { sessions, ...withoutLayout } = loadDefaultProgramme();
		expect(sessions).toBeDefined();
		const programme = programmeSchema.parse(withoutLayout);
		expect(sessionLayout(programme)).toHaveLength(8);
		expect(sessionModules(programme, 2)).toEqual(['defining-the-problem']);
		expect(sessionExercises(programme, 2)).toHaveLength(programme.modules[1]!.exercises.length);
	});
});

describe('a broken content file', () => {
	it('gives an error naming the file and the field', () => {
		const broken = {
			id: 'broken',
			number: 1,
			title: 'Broken',
			aim: 'To fail.',
			exercises: [
				{
					id: 'p',
					type: 'poll',
					title: 'Poll',
					prompt: 'Choose',
					durationMinutes: 5,
					visibility: 'private',
					options: [{ id: 'a', label: 'A' }]
				}
			]
		};
		expect(() => parseModuleFile('99-broken.json', broken)).toThrow(ContentError);
		expect(() => parseModuleFile('99-broken.json', broken)).toThrow(
			/99-broken\.json: exercises\.0\.options/
		);
	});

	it('in the default files names the file and the field', () => {
		const files = structuredClone(DEFAULT_CONTENT_FILES) as Record<
			string,
			{ exercises: Array<Record<string, unknown>> }
		>;
		files['02-defining-the-problem.json']!.exercises[4]!.durationMinutes = 0;
		expect(() => assembleProgramme('Test', files, DEFAULT_SESSIONS_FILE)).toThrow(
			/02-defining-the-problem\.json: exercises\.4\.durationMinutes/
		);
	});

	it('in sessions.json names the file and the field', () => {
		const layout = structuredClone(DEFAULT_SESSIONS_FILE.data) as {
			sessions: Array<Record<string, unknown>>;
		};
		layout.sessions[2]!.title = '';
		expect(() => parseSessionsFile('sessions.json', layout)).toThrow(
			/sessions\.json: sessions\.2\.title/
		);

		const unknownStart = structuredClone(DEFAULT_SESSIONS_FILE.data) as typeof layout;
		unknownStart.sessions[4]!.startAt = 'no-such-exercise';
		expect(() =>
			assembleProgramme('Test', DEFAULT_CONTENT_FILES, {
				name: 'sessions.json',
				data: unknownStart
			})
		).toThrow(/sessions\.json: sessions\.4\.startAt: .*no-such-exercise/);

		const missingModule = structuredClone(DEFAULT_SESSIONS_FILE.data) as typeof layout;
		missingModule.sessions[1]!.moduleIds = ['introduction'];
		expect(() =>
			assembleProgramme('Test', DEFAULT_CONTENT_FILES, {
				name: 'sessions.json',
				data: missingModule
			})
		).toThrow(/sessions\.json: sessions\.1\.startAt: Session 2 must start after session 1/);

		const skipped = structuredClone(DEFAULT_SESSIONS_FILE.data) as typeof layout;
		skipped.sessions.splice(2, 1);
		expect(() =>
			assembleProgramme('Test', DEFAULT_CONTENT_FILES, { name: 'sessions.json', data: skipped })
		).toThrow(/sessions\.json: sessions\.2\.number/);
	});
});
