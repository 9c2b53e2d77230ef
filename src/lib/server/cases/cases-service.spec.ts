import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import { openDatabase } from '../db/connection';
import { createServices } from '../services';

const referral = {
	firstName: 'Nadia',
	lastName: 'Example',
	phone: '',
	referrerName: 'Sam',
	referrerRole: 'Social worker',
	referrerAgency: '',
	localAuthority: 'Northshire',
	referrerContact: 'sam@example.org',
	referralReason: '',
	relationshipStatus: 'together' as const,
	offenceSummary: 'Accused of offences against a child.',
	knownRisks: '',
	needs: { literacy: false, language: '', disability: '', childcare: false },
	children: [{ initials: 'ab', age: 7 }]
};

async function setup() {
	const db = openDatabase(':memory:');
	const services = createServices(db, parseConfig({ DATABASE_PATH: ':memory:' }));
	const mk = async (username: string, role: 'coordinator' | 'facilitator' | 'mentor') => {
		const { id } = await services.accounts.createUser(
			{ username, displayName: username, role },
			'a long enough password'
		);
		return { id, role };
	};
	const coordinator = await mk('coord', 'coordinator');
	const fay = await mk('fay', 'facilitator');
	const fran = await mk('fran', 'facilitator');
	const other = await mk('other', 'facilitator');
	const mentor = await mk('mina', 'mentor');
	const mentor2 = await mk('max', 'mentor');
	const cases = services.cases;
	const groupId = cases.createGroup(coordinator, {
		name: 'Riverside',
		site: 'Riverside',
		timeOfDay: 'daytime',
		facilitatorId: fay.id,
		cofacilitatorId: fran.id,
		startDate: '2026-12-01',
		startTime: '10:00'
	});
	const caseId = cases.createReferral(coordinator, referral);
	return { db, services, cases, coordinator, fay, fran, other, mentor, mentor2, groupId, caseId };
}

const assessment = {
	familyDynamics: '',
	risks: '',
	needs: '',
	psychologicalFlag: false,
	psychologicalOutcome: '',
	counsellingFlag: false,
	counsellingOutcome: '',
	suitability: 'group' as const
};

describe('cases', () => {
	it('keeps children to initials and ages, upper-cased', async () => {
		const { cases, coordinator, caseId } = await setup();
		expect(cases.view(coordinator, caseId).children).toEqual([{ id: 1, initials: 'AB', age: 7 }]);
	});

	it('moves through the journey in order: assessment, allocation, enrolment', async () => {
		const { cases, coordinator, caseId, groupId } = await setup();
		expect(() => cases.allocate(coordinator, caseId, groupId, 'group')).toThrow(
			/initial assessment/
		);
		expect(() => cases.enrol(coordinator, caseId)).toThrow(/Allocate her/);
		cases.saveAssessment(coordinator, caseId, assessment);
		expect(cases.view(coordinator, caseId).record.status).toBe('assessing');
		cases.allocate(coordinator, caseId, groupId, 'group');
		const pin = cases.enrol(coordinator, caseId);
		expect(pin).toMatch(/^\d{4}$/);
		const view = cases.view(coordinator, caseId);
		expect(view.record.status).toBe('in-programme');
		expect(view.history.map((h) => h.to)).toEqual([
			'referred',
			'assessing',
			'allocated',
			'in-programme'
		]);
		expect(() => cases.changeStatus(coordinator, caseId, 'referred', '')).toThrow(/cannot go/);
		expect(() => cases.changeStatus(coordinator, caseId, 'withdrawn', '')).toThrow(/reason/);
	});

	it('shows a record only to her coordinators, her group’s facilitators and her mentor', async () => {
		const { cases, coordinator, caseId, groupId, fay, fran, other, mentor, mentor2 } =
			await setup();
		cases.saveAssessment(coordinator, caseId, assessment);
		expect(() => cases.view(fay, caseId)).toThrow(/not available/);
		cases.allocate(coordinator, caseId, groupId, 'group');
		expect(cases.view(fay, caseId).record.firstName).toBe('Nadia');
		expect(cases.view(fran, caseId).record.firstName).toBe('Nadia');
		expect(() => cases.view(other, caseId)).toThrow(/not available/);
		expect(() => cases.view(mentor, caseId)).toThrow(/not available/);
		cases.assignMentor(coordinator, caseId, mentor.id);
		expect(cases.view(mentor, caseId).record.firstName).toBe('Nadia');
		expect(() => cases.view(mentor2, caseId)).toThrow(/not available/);
		expect(cases.list(mentor).map((c) => c.id)).toEqual([caseId]);
		expect(cases.list(mentor2)).toEqual([]);
		expect(cases.list(other)).toEqual([]);
		expect(() => cases.assignMentor(coordinator, caseId, other.id)).toThrow(/mentor/);
	});

	it('counts attendance, late arrival, catch-ups and missed modules toward 20 hours', async () => {
		const { cases, coordinator, caseId, groupId, fay } = await setup();
		cases.saveAssessment(coordinator, caseId, assessment);
		cases.allocate(coordinator, caseId, groupId, 'group');
		cases.enrol(coordinator, caseId);
		const sessions = cases.viewGroup(coordinator, groupId).sessions;
		expect(sessions).toHaveLength(10);
		cases.recordArrival(caseId, sessions[0]!.id, sessions[0]!.startsAt + 20 * 60_000);
		cases.editAttendance(fay, caseId, sessions[1]!.id, { status: 'absent', absentReason: 'Ill' });
		let attendance = cases.view(coordinator, caseId).attendance;
		expect(attendance.rows[0]!.mark).toMatchObject({ status: 'late', minutesLate: 20 });
		expect(attendance.summary.totalMinutes).toBe(100);
		expect(attendance.missedModules.map((m) => m.id)).toContain('defining-the-problem');
		cases.addCatchup(fay, caseId, {
			moduleId: 'defining-the-problem',
			heldOn: '2026-12-10',
			durationMinutes: 90,
			note: ''
		});
		attendance = cases.view(coordinator, caseId).attendance;
		expect(attendance.summary.totalMinutes).toBe(190);
		expect(attendance.missedModules.map((m) => m.id)).not.toContain('defining-the-problem');
		expect(() =>
			cases.editAttendance(fay, caseId, sessions[2]!.id, { status: 'absent', absentReason: '' })
		).toThrow();
	});

	it('sends a mentor’s concern to the coordinators’ list', async () => {
		const { cases, coordinator, caseId, mentor } = await setup();
		cases.assignMentor(coordinator, caseId, mentor.id);
		cases.logContact(mentor, caseId, {
			contactOn: '2027-03-01',
			kind: 'phone',
			summary: 'Weekly call.',
			concern: true,
			concernDetails: 'He has been visiting the house.'
		});
		expect(cases.openMentorConcerns(coordinator)).toMatchObject([
			{ caseId, details: 'He has been visiting the house.' }
		]);
		expect(() => cases.openMentorConcerns(mentor)).toThrow();
	});

	it('audits every view of a record', async () => {
		const { cases, coordinator, caseId, db } = await setup();
		cases.view(coordinator, caseId);
		cases.view(coordinator, caseId);
		const rows = db
			.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'case.view' AND subject_id = ?")
			.get(caseId);
		expect(rows).toEqual({ n: 2 });
	});
});

describe('a group session in the live engine', () => {
	it('runs exactly its own part of a module that spans two sessions', async () => {
		const { services, cases, coordinator, caseId, groupId, fay } = await setup();
		cases.saveAssessment(coordinator, caseId, assessment);
		cases.allocate(coordinator, caseId, groupId, 'group');
		cases.enrol(coordinator, caseId);
		const sessions = cases.viewGroup(coordinator, groupId).sessions;
		const outlines = [4, 5].map((number) => {
			const plan = cases.liveSessionPlan(fay, sessions[number - 1]!.id);
			const live = services.live.create(fay, {
				title: plan.title,
				moduleIds: plan.session.moduleIds,
				participants: plan.participants,
				programmeVersionId: plan.group.programmeVersionId,
				groupSessionId: plan.session.id,
				programmeSessionNumber: plan.session.number
			});
			return services.live
				.staffSnapshot(live.id, new Set(), 'http://x')
				.outline.map((o) => o.exerciseId);
		});
		const [four, five] = outlines as [string[], string[]];
		expect(sessions[3]!.moduleIds).toEqual(sessions[4]!.moduleIds);
		expect(four.length).toBeGreaterThan(5);
		expect(five.length).toBeGreaterThan(5);
		expect(four.filter((id) => five.includes(id))).toEqual([]);
	});
});

describe('a sealed reflection opened by the safeguarding lead', () => {
	it('is shown on her case record, but never to her mentor', async () => {
		const { services, cases, coordinator, caseId, groupId, fay, mentor } = await setup();
		const { id: leadId } = await services.accounts.createUser(
			{ username: 'lead', displayName: 'Lead', role: 'coordinator', isSafeguardingLead: true },
			'a long enough password'
		);
		cases.saveAssessment(coordinator, caseId, assessment);
		cases.allocate(coordinator, caseId, groupId, 'group');
		const pin = cases.enrol(coordinator, caseId);
		cases.assignMentor(coordinator, caseId, mentor.id);
		const plan = cases.liveSessionPlan(fay, cases.viewGroup(coordinator, groupId).sessions[0]!.id);
		const live = services.live.create(fay, {
			title: plan.title,
			moduleIds: plan.session.moduleIds,
			participants: plan.participants,
			groupSessionId: plan.session.id
		});
		const who = services.live.authenticateParticipant(
			services.live.join(live.code, pin, '1.2.3.4').token
		);
		const outline = services.live.staffSnapshot(live.id, new Set(), 'http://x').outline;
		const reflection = outline.find((o) => o.type === 'reflection')!;
		services.live.command(fay, live.id, { type: 'goto', index: reflection.index });
		services.live.submit(who, {
			clientId: 'sealed-0001',
			exerciseId: reflection.exerciseId,
			answer: { type: 'reflection', text: 'words' }
		});
		const concernId = services.live.command(fay, live.id, {
			type: 'mark-concern',
			reflectionId: 'sealed-0001'
		}).concernId!;
		services.safeguarding.openSeal(
			{ id: leadId, role: 'coordinator', isSafeguardingLead: true },
			concernId,
			'A reason long enough to be recorded here.'
		);
		expect(cases.view(coordinator, caseId).sealOpenings).toMatchObject([
			{ reason: 'A reason long enough to be recorded here.', openedBy: 'Lead' }
		]);
		expect(cases.view(mentor, caseId).sealOpenings).toEqual([]);
		// Her arrival through the live session was recorded against session 1.
		expect(cases.view(coordinator, caseId).attendance.rows[0]!.mark?.status).toMatch(
			/present|late/
		);
	});
});
