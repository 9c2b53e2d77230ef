// Creates demo staff accounts (and, as features land, a demo programme) for trying Circlework.
// Demo accounts can only sign in while the server runs with CIRCLEWORK_DEMO=true.
import { getConfig } from '../src/lib/server/config';
import { openDatabase } from '../src/lib/server/db/connection';
import { createServices } from '../src/lib/server/services';
import {
	seedDemoAssessment,
	seedDemoSelfAssessment
} from '../src/lib/server/assessment/demo-assessment';
import type { StaffRole } from '../src/lib/shared/roles';

export const DEMO_PASSWORD = 'circlework-demo';

const DEMO_ACCOUNTS: Array<{
	username: string;
	displayName: string;
	role: StaffRole;
	isSafeguardingLead: boolean;
}> = [
	{
		username: 'coordinator',
		displayName: 'Cora Bennett',
		role: 'coordinator',
		isSafeguardingLead: true
	},
	{
		username: 'facilitator',
		displayName: 'Fay Adeyemi',
		role: 'facilitator',
		isSafeguardingLead: false
	},
	{
		username: 'cofacilitator',
		displayName: 'Frances Doyle',
		role: 'facilitator',
		isSafeguardingLead: false
	},
	{ username: 'mentor', displayName: 'Mina Shah', role: 'mentor', isSafeguardingLead: false }
];

const config = getConfig();
const db = openDatabase(config.databasePath);
const services = createServices(db, config);

const created: string[] = [];
for (const account of DEMO_ACCOUNTS) {
	const existing = services.users.findByUsername(account.username);
	if (existing && !existing.isDemo) {
		console.error(`Skipping "${account.username}": a real account already uses that username.`);
		continue;
	}
	if (!existing) {
		await services.accounts.createUser(account, DEMO_PASSWORD, { isDemo: true });
		created.push(account.username);
	}
}
// The default programme, as version 1.
const versionId = services.live.currentProgrammeVersion();

const facilitator = services.users.findByUsername('facilitator');

// A demo group with four enrolled women (made-up people) and two newer referrals.
const coordinator = services.users.findByUsername('coordinator');
const cofacilitator = services.users.findByUsername('cofacilitator');
let demoGroup: { name: string; people: string[] } | undefined;
let demoReport: string | undefined;
if (
	coordinator?.isDemo &&
	facilitator?.isDemo &&
	cofacilitator?.isDemo &&
	services.cases.listGroups(coordinator).length === 0
) {
	const actor = { id: coordinator.id, role: 'coordinator' as const };
	const today = new Date().toISOString().slice(0, 10);
	const groupId = services.cases.createGroup(actor, {
		name: 'Riverside daytime group',
		site: 'Riverside Family Centre',
		timeOfDay: 'daytime',
		facilitatorId: facilitator.id,
		cofacilitatorId: cofacilitator.id,
		startDate: today,
		startTime: '10:00'
	});
	const base = {
		phone: '',
		referrerName: 'Sam Okafor',
		referrerRole: 'Social worker',
		referrerAgency: "Children's services",
		localAuthority: 'Northshire',
		referrerContact: 'duty.team@northshire.example',
		referralReason:
			'Children on a child protection plan; mother to be assessed for protective capacity.',
		offenceSummary: 'Accused of sexual offences against a child; on bail with conditions.',
		knownRisks: '',
		needs: { literacy: false, language: '', disability: '', childcare: true },
		children: [{ initials: 'JB', age: 8 }]
	};
	const people = ['Amy', 'Beth', 'Cara', 'Dee'].map((firstName, i) => {
		const id = services.cases.createReferral(actor, {
			...base,
			firstName,
			lastName: ['Walker', 'Hughes', 'Price', 'Morgan'][i]!,
			relationshipStatus: i % 2 === 0 ? 'separated' : 'together'
		});
		services.cases.saveAssessment(actor, id, {
			familyDynamics: 'Made-up demo record.',
			risks: '',
			needs: '',
			psychologicalFlag: false,
			psychologicalOutcome: '',
			counsellingFlag: false,
			counsellingOutcome: '',
			suitability: 'group'
		});
		services.cases.allocate(actor, id, groupId, 'group');
		return `${firstName} ${services.cases.enrol(actor, id)}`;
	});
	services.cases.createReferral(actor, {
		...base,
		firstName: 'Erin',
		lastName: 'Shaw',
		relationshipStatus: 'together'
	});
	demoGroup = { name: 'Riverside daytime group', people };

	// A group that has finished, with one woman whose assessment is complete and whose report is
	// a draft: ratings at all three stages, evidence, her self-assessment and a recommendation.
	const finishedGroupId = services.cases.createGroup(actor, {
		name: 'Hillside evening group',
		site: 'Hillside Community Hub',
		timeOfDay: 'evening',
		facilitatorId: facilitator.id,
		cofacilitatorId: cofacilitator.id,
		startDate: new Date(Date.now() - 72 * 86_400_000).toISOString().slice(0, 10),
		startTime: '18:00'
	});
	const fionaId = services.cases.createReferral(actor, {
		...base,
		firstName: 'Fiona',
		lastName: 'Grant',
		relationshipStatus: 'separated',
		children: [
			{ initials: 'LG', age: 9 },
			{ initials: 'MG', age: 6 }
		]
	});
	services.cases.saveAssessment(actor, fionaId, {
		familyDynamics:
			'Lives with her two children; separated from him since his arrest. Made-up demo record.',
		risks: 'He has tried to contact her through friends.',
		needs: 'Childcare for evening sessions.',
		psychologicalFlag: false,
		psychologicalOutcome: '',
		counsellingFlag: true,
		counsellingOutcome: 'On the waiting list for counselling.',
		suitability: 'group'
	});
	services.cases.allocate(actor, fionaId, finishedGroupId, 'group');
	const fionaPin = services.cases.enrol(actor, fionaId);
	services.cases.viewGroup(actor, finishedGroupId).sessions.forEach((s, i) => {
		services.cases.editAttendance(actor, fionaId, s.id, {
			status: i === 6 ? 'late' : 'present',
			minutesLate: i === 6 ? 20 : 0,
			minutesLeftEarly: 0,
			absentReason: ''
		});
	});
	const facilitatorActor = { id: facilitator.id, role: 'facilitator' as const };
	seedDemoSelfAssessment(services.live, facilitatorActor, {
		caseId: fionaId,
		firstName: 'Fiona',
		pin: fionaPin
	});
	seedDemoAssessment(services.assessment, fionaId, facilitatorActor);
	demoReport = 'Fiona Grant (Hillside evening group)';
}
db.close();

console.log('');
console.log(`Programme: Breaking the Cycle, version ${versionId}.`);
if (demoGroup) {
	console.log(`Demo group "${demoGroup.name}", ten sessions from today at 10:00.`);
	console.log(`  PINs: ${demoGroup.people.join(', ')}`);
	console.log(
		'  Sign in as "facilitator", open the group and start session 1; tablets join at /join.'
	);
}
if (demoReport) {
	console.log(`A full assessment and draft report: ${demoReport}, under Reports.`);
}
console.log('');
console.log('Demo accounts (made-up people; they only work in demo mode):');
for (const account of DEMO_ACCOUNTS) {
	console.log(
		`  ${account.role.padEnd(12)} username: ${account.username.padEnd(14)} password: ${DEMO_PASSWORD}`
	);
}
console.log(
	created.length > 0 ? `Created: ${created.join(', ')}` : 'All demo accounts already existed.'
);
console.log('');
