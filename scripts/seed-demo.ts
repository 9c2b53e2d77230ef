// Creates demo staff accounts (and, as features land, a demo programme) for trying Circlework.
// Demo accounts can only sign in while the server runs with CIRCLEWORK_DEMO=true.
import { getConfig } from '../src/lib/server/config';
import { openDatabase } from '../src/lib/server/db/connection';
import { createServices } from '../src/lib/server/services';
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

// One demo live session, waiting to start, so the join page can be tried at once.
const facilitator = services.users.findByUsername('facilitator');
let demoSession: { code: string; people: Array<{ firstName: string; pin: string }> } | undefined;
if (facilitator?.isDemo) {
	const existing = services.live
		.listRecent({ id: facilitator.id, role: 'facilitator' })
		.find((s) => s.phase !== 'ended');
	if (!existing) {
		const created = services.live.create(
			{ id: facilitator.id, role: 'facilitator' },
			{
				title: 'Demo group – Introduction',
				moduleIds: ['introduction'],
				participants: ['Amy', 'Beth', 'Cara', 'Dee']
			}
		);
		demoSession = { code: created.code, people: created.people };
	}
}
db.close();

console.log('');
console.log(`Programme: Breaking the Cycle, version ${versionId}.`);
if (demoSession) {
	console.log(`Demo live session "Demo group – Introduction": code ${demoSession.code}`);
	console.log(`  PINs: ${demoSession.people.map((p) => `${p.firstName} ${p.pin}`).join(', ')}`);
	console.log('  Sign in as "facilitator" and open it from Live sessions; tablets join at /join.');
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
