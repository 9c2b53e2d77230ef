import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import { openDatabase } from '../db/connection';
import { createServices } from '../services';

const referral = {
	firstName: 'Robin',
	lastName: 'Hale',
	phone: '',
	referrerName: 'Sam',
	referrerRole: 'Social worker',
	referrerAgency: '',
	localAuthority: 'Northshire',
	referrerContact: 'sam@example.org',
	referralReason: '',
	relationshipStatus: 'separated' as const,
	offenceSummary: 'Accused of offences against a child.',
	knownRisks: '',
	needs: { literacy: false, language: '', disability: '', childcare: false },
	children: [{ initials: 'rh', age: 9 }]
};

const assessment = {
	familyDynamics: '',
	risks: '',
	needs: '',
	psychologicalFlag: false,
	psychologicalOutcome: '',
	counsellingFlag: false,
	counsellingOutcome: ''
};

async function setup(suitability: 'group' | 'one-to-one-remote' = 'one-to-one-remote') {
	const db = openDatabase(':memory:');
	const services = createServices(db, parseConfig({ DATABASE_PATH: ':memory:' }));
	const mk = async (username: string, role: 'coordinator' | 'facilitator') => {
		const { id } = await services.accounts.createUser(
			{ username, displayName: username, role },
			'a long enough password'
		);
		return { id, role };
	};
	const coordinator = await mk('coord', 'coordinator');
	const fay = await mk('fay', 'facilitator');
	const other = await mk('other', 'facilitator');
	const cases = services.cases;
	const caseId = cases.createReferral(coordinator, referral);
	cases.saveAssessment(coordinator, caseId, { ...assessment, suitability });
	return { services, cases, coordinator, fay, other, caseId };
}

describe('one-to-one remote schedules', () => {
	it('are for women allocated to one-to-one delivery, scheduled by a coordinator', async () => {
		const group = await setup('group');
		const groupId = group.cases.createGroup(group.coordinator, {
			name: 'Riverside',
			site: 'Riverside',
			timeOfDay: 'daytime',
			facilitatorId: group.fay.id,
			cofacilitatorId: group.other.id,
			startDate: '2026-12-01',
			startTime: '10:00'
		});
		group.cases.allocate(group.coordinator, group.caseId, groupId, 'group');
		const input = { facilitatorId: group.fay.id, startDate: '2026-12-01', startTime: '10:00' };
		expect(() => group.cases.scheduleOneToOne(group.coordinator, group.caseId, input)).toThrow(
			/one-to-one delivery first/
		);

		const { cases, coordinator, fay, caseId } = await setup();
		const own = { facilitatorId: fay.id, startDate: '2026-12-01', startTime: '18:30' };
		expect(() => cases.scheduleOneToOne(coordinator, caseId, own)).toThrow(/once she is allocated/);
		cases.allocate(coordinator, caseId, null, 'one-to-one-remote');
		expect(() => cases.scheduleOneToOne(fay, caseId, own)).toThrow(/Only coordinators/);
		expect(() =>
			cases.scheduleOneToOne(coordinator, caseId, { ...own, startTime: '25:00' })
		).toThrow();
	});

	it('run ten sessions a week apart that her facilitator alone sees, and her arrival counts', async () => {
		const { services, cases, coordinator, fay, other, caseId } = await setup();
		cases.allocate(coordinator, caseId, null, 'one-to-one-remote');
		const pin = cases.enrol(coordinator, caseId);
		const groupId = cases.scheduleOneToOne(coordinator, caseId, {
			facilitatorId: fay.id,
			startDate: '2026-12-01',
			startTime: '18:30'
		});
		services.oneToOne.markSchedule(groupId, caseId);
		expect(() =>
			cases.scheduleOneToOne(coordinator, caseId, {
				facilitatorId: fay.id,
				startDate: '2026-12-08',
				startTime: '18:30'
			})
		).toThrow(/already scheduled/);

		const record = cases.view(fay, caseId);
		expect(record.record.suitability).toBe('one-to-one-remote');
		expect(record.attendance.rows).toHaveLength(10);
		expect(record.attendance.rows[1]!.startsAt - record.attendance.rows[0]!.startsAt).toBe(
			7 * 24 * 3_600_000
		);
		expect(() => cases.view(other, caseId)).toThrow(/not available/);
		expect(services.oneToOne.isSchedule(groupId)).toBe(true);

		// Starting session 1 (as the group page does) makes a one-to-one live session.
		const plan = cases.liveSessionPlan(fay, record.attendance.rows[0]!.sessionId);
		expect(plan.participants).toEqual([{ firstName: 'Robin', pin, caseId }]);
		const live = services.live.create(fay, {
			title: plan.title,
			moduleIds: plan.session.moduleIds,
			participants: plan.participants,
			groupSessionId: plan.session.id,
			programmeSessionNumber: plan.session.number
		});
		services.oneToOne.register(fay, live.id);
		services.live.join(live.code, pin, '10.0.0.1');
		const row = cases.view(coordinator, caseId).attendance.rows[0]!;
		expect(row.mark?.status).toMatch(/present|late/);
		expect(row.minutes).toBeGreaterThan(0);
	});
});
