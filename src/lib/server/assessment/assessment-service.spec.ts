import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import { openDatabase } from '../db/connection';
import { createServices } from '../services';
import { seedDemoAssessment } from './demo-assessment';
import {
	conferenceDeadline,
	reportFileName,
	SECTION_HEADINGS,
	workingDaysBefore
} from './report-model';
import { renderReportPdf } from './report-pdf';

async function setup() {
	const db = openDatabase(':memory:');
	const services = createServices(db, parseConfig({ DATABASE_PATH: ':memory:' }));
	const mk = async (username: string, role: 'coordinator' | 'facilitator' | 'mentor') => {
		const { id } = await services.accounts.createUser(
			{ username, displayName: `${username} Staff`, role },
			'a long enough password'
		);
		return { id, role };
	};
	const coordinator = await mk('coord', 'coordinator');
	const fay = await mk('fay', 'facilitator');
	const fran = await mk('fran', 'facilitator');
	const other = await mk('other', 'facilitator');
	const mentor = await mk('mina', 'mentor');
	const cases = services.cases;
	const groupId = cases.createGroup(coordinator, {
		name: 'Riverside',
		site: 'Riverside Centre',
		timeOfDay: 'daytime',
		facilitatorId: fay.id,
		cofacilitatorId: fran.id,
		startDate: '2026-09-01',
		startTime: '10:00'
	});
	const caseId = cases.createReferral(coordinator, {
		firstName: 'Nadia',
		lastName: 'Example',
		phone: '',
		referrerName: 'Sam Okafor',
		referrerRole: 'Social worker',
		referrerAgency: '',
		localAuthority: 'Northshire',
		referrerContact: 'sam@example.org',
		referralReason: 'Children on a plan.',
		relationshipStatus: 'separated',
		offenceSummary: 'Accused of offences against a child.',
		knownRisks: '',
		needs: { literacy: false, language: '', disability: '', childcare: false },
		children: [{ initials: 'ab', age: 7 }]
	});
	cases.saveAssessment(coordinator, caseId, {
		familyDynamics: 'Two children.',
		risks: '',
		needs: '',
		psychologicalFlag: false,
		psychologicalOutcome: '',
		counsellingFlag: false,
		counsellingOutcome: '',
		suitability: 'group'
	});
	cases.allocate(coordinator, caseId, groupId, 'group');
	cases.enrol(coordinator, caseId);
	const sessions = cases.viewGroup(coordinator, groupId).sessions;
	for (const s of sessions.slice(0, 9)) {
		cases.editAttendance(coordinator, caseId, s.id, {
			status: 'present',
			minutesLate: 0,
			minutesLeftEarly: 0,
			absentReason: ''
		});
	}
	const audit = (action: string) =>
		db
			.prepare<[string, string], { n: number }>(
				"SELECT count(*) AS n FROM audit_log WHERE subject_type = 'report' AND subject_id = ? AND action = ?"
			)
			.get(caseId, action)!.n;
	return {
		db,
		services,
		assessment: services.assessment,
		coordinator,
		fay,
		fran,
		other,
		mentor,
		caseId,
		audit
	};
}

describe('the report model', () => {
	it('has every section, the attendance total against 20 hours and the recommendation', async () => {
		const { assessment, fay, coordinator, caseId } = await setup();
		seedDemoAssessment(assessment, caseId, fay);
		const model = assessment.model(coordinator, caseId, 'view');
		expect(model.sections.map((s) => s.heading)).toEqual([...SECTION_HEADINGS]);
		const attendance = model.sections.find((s) => s.id === 'attendance')!;
		const register = attendance.blocks.find((b) => b.kind === 'table');
		expect(register && register.kind === 'table' && register.foot).toEqual([
			'Total',
			'',
			'Against 20 hours',
			'18 hours of 20 hours'
		]);
		const summary = model.sections[0]!.blocks[0]!;
		expect(summary.kind === 'para' && summary.text).toContain(
			'B – capable of protecting if support is provided'
		);
		expect(model.initials).toBe('NE');
		expect(model.fileName).toBe(reportFileName(caseId, 1));
		expect(model.fileName).not.toMatch(/nadia|example/i);
		expect(model.deadline?.text).toContain('5 working days before the review conference');
	});

	it('keeps fact and opinion apart and marks her own words as quotations', async () => {
		const { assessment, fay, coordinator, caseId } = await setup();
		seedDemoAssessment(assessment, caseId, fay);
		const model = assessment.model(coordinator, caseId, 'view');
		const d1 = model.sections
			.find((s) => s.id === 'domains')!
			.blocks.flatMap((b) => (b.kind === 'domain' ? [b.domain] : []))
			.find((d) => d.id === 'D1')!;
		expect(d1.evidence.map((e) => e.kind)).toEqual(['Fact', 'Fact']);
		expect(d1.evidence.find((e) => e.quotation)?.text).toContain('I believe her');
		expect(d1.change).toBe('Up 1 point: from initial assessment 2 to end of programme 3.');
		expect(d1.ratings).toHaveLength(3);
	});

	it('renders a PDF', async () => {
		const { assessment, fay, coordinator, caseId } = await setup();
		seedDemoAssessment(assessment, caseId, fay);
		const pdf = await renderReportPdf(assessment.model(coordinator, caseId, 'download'));
		expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
		expect(pdf.length).toBeGreaterThan(10_000);
	});
});

describe('deadlines', () => {
	it('counts working days back from the conference, skipping weekends', () => {
		expect(workingDaysBefore('2026-11-30', 3)).toBe('2026-11-25'); // Monday → Wednesday before
		expect(workingDaysBefore('2026-11-27', 5)).toBe('2026-11-20'); // Friday → Friday before
		expect(conferenceDeadline('initial', '2026-11-30')?.date).toBe('2026-11-25');
		expect(conferenceDeadline('review', '2026-11-30')?.date).toBe('2026-11-23');
		expect(conferenceDeadline('court', '2026-11-30')).toBeNull();
		expect(conferenceDeadline('initial', '')).toBeNull();
	});
});

describe('who may do what', () => {
	it('keeps the report from mentors and from facilitators of other groups', async () => {
		const { assessment, mentor, other, caseId } = await setup();
		expect(() => assessment.workspace(mentor, caseId)).toThrow(/not available to mentors/);
		expect(() => assessment.workspace(other, caseId)).toThrow(/not available to you/);
		expect(() =>
			assessment.addEvidence(other, caseId, {
				domain: 'D1',
				occurredOn: '2026-11-01',
				source: 'observed',
				kind: 'fact',
				quotation: false,
				text: 'Something'
			})
		).toThrow(/not available/);
	});

	it('signs, approves, locks, and accepts amendments with a reason; every step is audited', async () => {
		const { assessment, fay, fran, coordinator, caseId, audit } = await setup();
		seedDemoAssessment(assessment, caseId, fay);
		expect(() => assessment.approve(coordinator, caseId)).toThrow(/Both facilitators must sign/);
		expect(() => assessment.sign(coordinator, caseId)).toThrow(/Only the facilitators/);
		assessment.sign(fay, caseId);
		expect(assessment.workspace(coordinator, caseId).report.status).toBe('signing');
		// A change after a signature sends it back to draft.
		assessment.saveContent(fran, caseId, {
			...assessment.workspace(fran, caseId).report.content,
			limitations: 'Changed.'
		});
		expect(assessment.workspace(fran, caseId).signatures).toHaveLength(0);
		assessment.sign(fay, caseId);
		assessment.sign(fran, caseId);
		expect(() => assessment.approve(fay, caseId)).toThrow(/Only a coordinator/);
		assessment.approve(coordinator, caseId);
		const locked = assessment.workspace(coordinator, caseId);
		expect(locked.report.status).toBe('approved');
		expect(locked.can.edit).toBe(false);
		expect(() =>
			assessment.saveContent(fay, caseId, { ...locked.report.content, summary: 'x' })
		).toThrow(/approved and locked/);
		expect(() =>
			assessment.saveRatings(fay, caseId, {
				stage: 'end',
				entries: [
					{ domain: 'D1', rating: '4', trajectory: 'stable', confidence: 'high', rationale: '' }
				]
			})
		).toThrow(/approved and locked/);
		expect(() =>
			assessment.amend(fay, caseId, {
				section: 'herComments',
				text: 'She agrees.',
				reason: 'short'
			})
		).toThrow();
		assessment.amend(fay, caseId, {
			section: 'herComments',
			text: 'She agrees with the report.',
			reason: 'Her comments arrived after approval.'
		});
		const after = assessment.workspace(coordinator, caseId);
		expect(after.report.version).toBe(2);
		expect(after.report.content.herComments).toBe('She agrees with the report.');
		expect(after.amendments[0]).toMatchObject({
			version: 2,
			reason: 'Her comments arrived after approval.'
		});
		expect(audit('report.sign')).toBe(3);
		expect(audit('report.approve')).toBe(1);
		expect(audit('report.amend')).toBe(1);
		expect(audit('report.view')).toBeGreaterThan(0);
	});

	it('needs a written reason to override the proposal, and escalates C at once', async () => {
		const { assessment, fay, coordinator, caseId, audit } = await setup();
		seedDemoAssessment(assessment, caseId, fay);
		expect(() =>
			assessment.saveRecommendation(fay, caseId, {
				recommendation: 'A',
				overrideReason: '',
				collusion: false,
				supports: []
			})
		).toThrow(/The rules propose C/);
		const result = assessment.saveRecommendation(fay, caseId, {
			recommendation: 'C',
			overrideReason: '',
			collusion: true,
			supports: []
		});
		expect(result).toEqual({ escalated: true, proposed: 'C' });
		expect(assessment.openEscalations(coordinator)).toEqual([
			expect.objectContaining({ caseId, name: 'Nadia Example' })
		]);
		expect(assessment.openEscalations(fay)).toEqual([]);
		expect(audit('report.escalated')).toBe(1);
		assessment.acknowledgeEscalation(coordinator, caseId);
		expect(assessment.openEscalations(coordinator)).toEqual([]);
	});

	it('shows notes written live in the console as evidence under their domain', async () => {
		const { services, assessment, fay, caseId, db } = await setup();
		const versionId = services.live.currentProgrammeVersion();
		// A live session she took part in, with a note about her.
		db.prepare(
			`INSERT INTO live_sessions (id, code, title, programme_version_id, module_ids, display_key, facilitator_id, created_at)
			 VALUES ('ls1', 'ABCDEF', 'Riverside – session 3', ?, '[]', 'k', ?, 0)`
		).run(versionId, fay.id);
		db.prepare(
			"INSERT INTO live_participants (id, live_session_id, first_name, pin, position, case_id) VALUES ('p1', 'ls1', 'Nadia', '1234', 0, ?)"
		).run(caseId);
		db.prepare(
			"INSERT INTO assessment_notes (id, live_session_id, participant_id, exercise_id, domain, text, author_id, created_at) VALUES ('n1', 'ls1', 'p1', NULL, 'D4', 'Named his gifts as grooming.', ?, ?)"
		).run(fay.id, Date.parse('2026-10-01T10:30:00Z'));
		db.prepare(
			`INSERT INTO answers (id, live_session_id, exercise_id, participant_id, answer, submitted_at)
			 VALUES ('a1', 'ls1', 'sa-scale-belief', 'p1', '{"type":"scale","value":8}', 1)`
		).run();
		const w = assessment.workspace(fay, caseId);
		expect(w.evidence).toContainEqual(
			expect.objectContaining({
				domain: 'D4',
				text: 'Named his gifts as grooming.',
				live: true,
				occurredOn: '2026-10-01'
			})
		);
		expect(w.selfAssessment.find((s) => s.domain === 'D1')?.latest?.value).toBe(8);
	});
});
