// Times the post-programme PDF for one full seeded case: ratings at three stages, evidence,
// her self-assessment answered through the live engine, a written draft and attendance.
import { parseConfig } from '../../src/lib/server/config';
import { openDatabase } from '../../src/lib/server/db/connection';
import { createServices } from '../../src/lib/server/services';
import {
	seedDemoAssessment,
	seedDemoSelfAssessment
} from '../../src/lib/server/assessment/demo-assessment';
import { renderReportPdf } from '../../src/lib/server/assessment/report-pdf';

export interface ReportBench {
	/** Median seconds from reading the case to the finished PDF, over `runs`. */
	medianSeconds: number;
	maxSeconds: number;
	runs: number;
	bytes: number;
}

export async function benchReport(runs = 7): Promise<ReportBench> {
	const db = openDatabase(':memory:');
	try {
		const services = createServices(db, parseConfig({ DATABASE_PATH: ':memory:' }));
		const mk = async (username: string, role: 'coordinator' | 'facilitator') => ({
			id: (
				await services.accounts.createUser(
					{ username, displayName: `${username} Bench`, role },
					'a long enough password'
				)
			).id,
			role
		});
		const coordinator = await mk('coordinator', 'coordinator');
		const fay = await mk('fay', 'facilitator');
		const fran = await mk('fran', 'facilitator');
		const cases = services.cases;
		const groupId = cases.createGroup(coordinator, {
			name: 'Bench group',
			site: 'Bench site',
			timeOfDay: 'daytime',
			facilitatorId: fay.id,
			cofacilitatorId: fran.id,
			startDate: new Date(Date.now() - 72 * 86_400_000).toISOString().slice(0, 10),
			startTime: '10:00'
		});
		const caseId = cases.createReferral(coordinator, {
			firstName: 'Bench',
			lastName: 'Case',
			phone: '',
			referrerName: 'Referrer',
			referrerRole: 'Social worker',
			referrerAgency: '',
			localAuthority: 'Northshire',
			referrerContact: 'duty@example.org',
			referralReason: 'Children on a child protection plan.',
			relationshipStatus: 'separated',
			offenceSummary: 'Accused of sexual offences against a child.',
			knownRisks: '',
			needs: { literacy: false, language: '', disability: '', childcare: false },
			children: [
				{ initials: 'AB', age: 9 },
				{ initials: 'CD', age: 6 }
			]
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
		const pin = cases.enrol(coordinator, caseId);
		for (const s of cases.viewGroup(coordinator, groupId).sessions) {
			cases.editAttendance(coordinator, caseId, s.id, {
				status: 'present',
				minutesLate: 0,
				minutesLeftEarly: 0,
				absentReason: ''
			});
		}
		seedDemoSelfAssessment(services.live, fay, { caseId, firstName: 'Bench', pin });
		seedDemoAssessment(services.assessment, caseId, fay);

		await renderReportPdf(services.assessment.modelForScript(caseId)); // warm-up
		const times: number[] = [];
		let bytes = 0;
		for (let i = 0; i < runs; i++) {
			const t = performance.now();
			const pdf = await renderReportPdf(services.assessment.modelForScript(caseId));
			times.push((performance.now() - t) / 1000);
			bytes = pdf.length;
		}
		times.sort((a, b) => a - b);
		return {
			medianSeconds: times[Math.floor(times.length / 2)]!,
			maxSeconds: times.at(-1)!,
			runs,
			bytes
		};
	} finally {
		db.close();
	}
}
