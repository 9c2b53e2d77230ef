import { describe, expect, it } from 'vitest';
import { EXERCISE_TYPES } from '../../shared/exercises';
import {
	ContentError,
	DEFAULT_CONTENT_FILES,
	loadDefaultProgramme,
	parseModuleFile
} from './programme';

describe('the default programme', () => {
	it.each(Object.entries(DEFAULT_CONTENT_FILES))(
		'%s validates against the schema',
		(file, data) => {
			expect(() => parseModuleFile(file, data)).not.toThrow();
		}
	);

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
		expect(minutes).toBeGreaterThan(14 * 60);
		expect(minutes).toBeLessThanOrEqual(20 * 60);
		const used = new Set(programme.modules.flatMap((m) => m.exercises.map((e) => e.type)));
		expect([...used].sort()).toEqual([...EXERCISE_TYPES].sort());
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
});
