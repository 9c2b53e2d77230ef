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
db.close();

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
