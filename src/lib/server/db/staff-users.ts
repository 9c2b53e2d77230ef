import type { Db } from './connection';
import type { StaffRole } from '../../shared/roles';

export interface StaffUserRecord {
	id: string;
	username: string;
	displayName: string;
	role: StaffRole;
	isSafeguardingLead: boolean;
	passwordHash: string;
	isDemo: boolean;
	active: boolean;
	createdAt: number;
	passwordChangedAt: number;
}

interface Row {
	id: string;
	username: string;
	display_name: string;
	role: StaffRole;
	is_safeguarding_lead: number;
	password_hash: string;
	is_demo: number;
	active: number;
	created_at: number;
	password_changed_at: number;
}

function fromRow(row: Row): StaffUserRecord {
	return {
		id: row.id,
		username: row.username,
		displayName: row.display_name,
		role: row.role,
		isSafeguardingLead: row.is_safeguarding_lead === 1,
		passwordHash: row.password_hash,
		isDemo: row.is_demo === 1,
		active: row.active === 1,
		createdAt: row.created_at,
		passwordChangedAt: row.password_changed_at
	};
}

/** Storage for staff accounts. All SQL for the aggregate lives here. */
export function createStaffUserStore(db: Db) {
	const byId = db.prepare<[string], Row>('SELECT * FROM staff_users WHERE id = ?');
	const byUsername = db.prepare<[string], Row>('SELECT * FROM staff_users WHERE username = ?');
	const all = db.prepare<[], Row>('SELECT * FROM staff_users ORDER BY role, display_name');
	const insert = db.prepare(
		`INSERT INTO staff_users (id, username, display_name, role, is_safeguarding_lead, password_hash,
			is_demo, active, created_at, password_changed_at)
		 VALUES (@id, @username, @displayName, @role, @isSafeguardingLead, @passwordHash, @isDemo, 1,
			@createdAt, @createdAt)`
	);
	const setPassword = db.prepare(
		'UPDATE staff_users SET password_hash = ?, password_changed_at = ? WHERE id = ?'
	);
	const count = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM staff_users');

	return {
		findById(id: string): StaffUserRecord | undefined {
			const row = byId.get(id);
			return row ? fromRow(row) : undefined;
		},
		findByUsername(username: string): StaffUserRecord | undefined {
			const row = byUsername.get(username);
			return row ? fromRow(row) : undefined;
		},
		list(): StaffUserRecord[] {
			return all.all().map(fromRow);
		},
		count(): number {
			return count.get()?.n ?? 0;
		},
		insert(user: Omit<StaffUserRecord, 'active' | 'passwordChangedAt'>): void {
			insert.run({
				...user,
				isSafeguardingLead: user.isSafeguardingLead ? 1 : 0,
				isDemo: user.isDemo ? 1 : 0
			});
		},
		updatePassword(id: string, passwordHash: string, changedAt: number): void {
			setPassword.run(passwordHash, changedAt, id);
		}
	};
}

export type StaffUserStore = ReturnType<typeof createStaffUserStore>;
