// Creates a staff account and prints a one-time random password.
//   npm run user:create -- --username cbennett --name "Cora Bennett" --role coordinator [--safeguarding-lead]
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { getConfig } from '../src/lib/server/config';
import { openDatabase } from '../src/lib/server/db/connection';
import { createServices } from '../src/lib/server/services';
import { STAFF_ROLES, type StaffRole } from '../src/lib/shared/roles';

const { values } = parseArgs({
	options: {
		username: { type: 'string' },
		name: { type: 'string' },
		role: { type: 'string', default: 'coordinator' },
		'safeguarding-lead': { type: 'boolean', default: false }
	}
});

if (!values.username || !values.name) {
	console.error(
		'Usage: npm run user:create -- --username <username> --name "<full name>" [--role coordinator|facilitator|mentor] [--safeguarding-lead]'
	);
	process.exit(2);
}
if (!STAFF_ROLES.includes(values.role as StaffRole)) {
	console.error(`The role must be one of: ${STAFF_ROLES.join(', ')}.`);
	process.exit(2);
}

const password = randomBytes(15).toString('base64url');
const config = getConfig();
const db = openDatabase(config.databasePath);
try {
	await createServices(db, config).accounts.createUser(
		{
			username: values.username,
			displayName: values.name,
			role: values.role as StaffRole,
			isSafeguardingLead: values['safeguarding-lead']
		},
		password,
		{ mustChangePassword: true }
	);
	console.log(`Created ${values.role} "${values.username}".`);
	console.log(`One-time password: ${password}`);
	console.log('Give it to them in person; they choose their own password when they first sign in.');
} catch (err) {
	console.error(err instanceof Error ? err.message : 'Could not create the account.');
	process.exitCode = 1;
} finally {
	db.close();
}
