import { describe, expect, it } from 'vitest';
import type { ExerciseInput } from '../../shared/exercises';
import { DEFAULT_RISK_PHRASES } from '../../shared/risk-phrases';
import { parseConfig } from '../config';
import { openDatabase } from '../db/connection';
import { programmeSchema } from '../programme/programme';
import { createServices } from '../services';

const exercises: ExerciseInput[] = [
	{
		id: 'hopes',
		type: 'reflection',
		title: 'Hopes',
		prompt: 'What do you hope for?',
		durationMinutes: 10,
		visibility: 'anonymous-group'
	},
	{
		id: 'feedback',
		type: 'reflection',
		title: 'Feedback',
		prompt: 'Feedback?',
		durationMinutes: 5,
		visibility: 'anonymous-group',
		keepAuthorLink: false
	}
];

async function setup() {
	const db = openDatabase(':memory:');
	const services = createServices(db, parseConfig({ DATABASE_PATH: ':memory:' }));
	const programme = programmeSchema.parse({
		title: 'T',
		modules: [{ id: 'm', number: 1, title: 'M', aim: 'Aim.', exercises }]
	});
	db.prepare("INSERT INTO programme_versions (title, content, created_at) VALUES ('T', ?, 0)").run(
		JSON.stringify(programme)
	);
	const mk = async (username: string, role: 'coordinator' | 'facilitator', lead = false) => {
		const { id } = await services.accounts.createUser(
			{ username, displayName: username, role, isSafeguardingLead: lead },
			'a long enough password'
		);
		return { id, role, isSafeguardingLead: lead };
	};
	const facilitator = await mk('fay', 'facilitator');
	const lead = await mk('lead', 'coordinator', true);
	const coordinator = await mk('coord', 'coordinator');
	const created = services.live.create(facilitator, {
		title: 'Group',
		moduleIds: ['m'],
		participants: ['Amy']
	});
	const amy = services.live.authenticateParticipant(
		services.live.join(created.code, created.people[0]!.pin, '1.1.1.1').token
	);
	const reflect = (index: number, exerciseId: string, clientId: string, text: string) => {
		services.live.command(facilitator, created.id, { type: 'goto', index });
		services.live.submit(amy, { clientId, exerciseId, answer: { type: 'reflection', text } });
	};
	const concernOf = (reflectionId: string) => {
		const effect = services.live.command(facilitator, created.id, {
			type: 'mark-concern',
			reflectionId
		});
		return effect.concernId!;
	};
	return { db, services, facilitator, lead, coordinator, created, amy, reflect, concernOf };
}

describe('safeguarding concerns and the sealed author', () => {
	it('keeps a concern off the projector for good, with its exact words and time', async () => {
		const { services, facilitator, created, reflect, concernOf, lead } = await setup();
		reflect(0, 'hopes', 'refl-0000001', 'He is alone with the kids at weekends');
		const concernId = concernOf('refl-0000001');
		expect(() =>
			services.live.command(facilitator, created.id, {
				type: 'moderate',
				reflectionId: 'refl-0000001',
				status: 'approved'
			})
		).toThrow(/safeguarding concern/);
		services.live.command(facilitator, created.id, { type: 'reveal' });
		expect(services.live.displaySnapshot(created.id, 'http://x').results).toEqual({
			type: 'reflection',
			approved: []
		});
		const concern = services.safeguarding.viewConcern(lead, concernId);
		expect(concern.words).toBe('He is alone with the kids at weekends');
		expect(concern.author).toBeNull();
	});

	it('highlights risk phrases in the moderation queue without hiding anything', async () => {
		const { services, created, reflect } = await setup();
		reflect(0, 'hopes', 'refl-0000002', 'It was our secret');
		const item = services.live.staffSnapshot(created.id, new Set(), 'http://x').moderation[0]!;
		expect(item.status).toBe('pending');
		expect(item.riskMatches.map((m) => item.text.slice(m.start, m.end))).toEqual(['our secret']);
	});

	it('lets only a safeguarding lead open the seal, after a reason, and audits it', async () => {
		const { services, db, reflect, concernOf, lead, coordinator, facilitator } = await setup();
		reflect(0, 'hopes', 'refl-0000003', 'He still sees the children');
		const concernId = concernOf('refl-0000003');
		expect(() =>
			services.safeguarding.openSeal(
				{ ...facilitator, isSafeguardingLead: false },
				concernId,
				'A reason that is long enough'
			)
		).toThrow(/Only a safeguarding lead/);
		expect(() =>
			services.safeguarding.openSeal(coordinator, concernId, 'A reason that is long enough')
		).toThrow(/Only a safeguarding lead/);
		expect(() => services.safeguarding.openSeal(lead, concernId, 'short')).toThrow(
			/at least 20 characters/
		);
		const author = services.safeguarding.openSeal(
			lead,
			concernId,
			'Possible current contact with the children; need to speak to her today.'
		);
		expect(author.firstName).toBe('Amy');
		const rows = db
			.prepare("SELECT actor_id, action, detail FROM audit_log WHERE action = 'seal.open'")
			.all() as Array<{ actor_id: string; detail: string }>;
		expect(rows).toHaveLength(1);
		expect(rows[0]!.actor_id).toBe(lead.id);
		expect(rows[0]!.detail).toContain('Possible current contact');
		expect(services.safeguarding.viewConcern(lead, concernId).author?.firstName).toBe('Amy');
		expect(services.safeguarding.viewConcern(coordinator, concernId).author).toBeNull();
	});

	it('cannot name the author where the exercise keeps no link, and says so', async () => {
		const { services, db, reflect, concernOf, lead } = await setup();
		reflect(1, 'feedback', 'refl-0000004', 'Thank you, this helped');
		const concernId = concernOf('refl-0000004');
		expect(() =>
			services.safeguarding.openSeal(
				lead,
				concernId,
				'Checking whether this needs follow-up please'
			)
		).toThrow(/No link to the author was kept/);
		expect(db.prepare('SELECT COUNT(*) AS n FROM reflection_author_links').get()).toEqual({ n: 0 });
	});

	it('refuses to change or delete audit rows', async () => {
		const { db, reflect, concernOf } = await setup();
		reflect(0, 'hopes', 'refl-0000005', 'words');
		concernOf('refl-0000005');
		expect(() => db.prepare("UPDATE audit_log SET detail = 'changed'").run()).toThrow(
			/cannot be changed/
		);
		expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/cannot be changed/);
	});

	it('seeds the default risk phrases, which coordinators can edit', async () => {
		const { services, coordinator, facilitator } = await setup();
		const phrases = services.safeguarding.riskPhrases(coordinator).map((p) => p.phrase);
		expect(phrases.sort()).toEqual([...DEFAULT_RISK_PHRASES].sort());
		services.safeguarding.addRiskPhrase(coordinator, 'new boyfriend');
		expect(
			services.safeguarding.riskPhrases(coordinator).some((p) => p.phrase === 'new boyfriend')
		).toBe(true);
		expect(() =>
			services.safeguarding.addRiskPhrase({ ...facilitator, isSafeguardingLead: false }, 'anything')
		).toThrow();
	});

	it('keeps the phrase list between reads, yet shows every change and none that was undone', async () => {
		const { db, services, coordinator } = await setup();
		const phrases = () => services.safeguarding.riskPhrases(coordinator).map((p) => p.phrase);
		expect(phrases()).not.toContain('moving back in');
		services.safeguarding.addRiskPhrase(coordinator, 'moving back in');
		expect(phrases()).toContain('moving back in');
		const added = services.safeguarding
			.riskPhrases(coordinator)
			.find((p) => p.phrase === 'moving back in');
		services.safeguarding.removeRiskPhrase(coordinator, added!.id);
		expect(phrases()).not.toContain('moving back in');

		// Added, read, then undone with its transaction: the list read afterwards does not have it.
		expect(() =>
			db
				.transaction(() => {
					services.safeguarding.addRiskPhrase(coordinator, 'supervised contact');
					expect(phrases()).toContain('supervised contact');
					throw new Error('undo');
				})
				.immediate()
		).toThrow('undo');
		expect(phrases()).not.toContain('supervised contact');
	});
});
