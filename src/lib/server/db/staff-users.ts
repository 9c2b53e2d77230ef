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
	/** Set for a one-time password: she must choose her own before doing anything else. */
	mustChangePassword: boolean;
	twoFactorEnabled: boolean;
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
	must_change_password: number;
	totp_enabled_at: number | null;
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
		passwordChangedAt: row.password_changed_at,
		mustChangePassword: row.must_change_password === 1,
		twoFactorEnabled: row.totp_enabled_at !== null
	};
}

/** Storage for staff accounts. All SQL for the aggregate lives here. */
export function createStaffUserStore(db: Db) {
	const byId = db.prepare<[string], Row>('SELECT * FROM staff_users WHERE id = ?');
	const byUsername = db.prepare<[string], Row>('SELECT * FROM staff_users WHERE username = ?');
	const all = db.prepare<[], Row>('SELECT * FROM staff_users ORDER BY role, display_name');
	const insert = db.prepare(
		`INSERT INTO staff_users (id, username, display_name, role, is_safeguarding_lead, password_hash,
			is_demo, active, created_at, password_changed_at, must_change_password)
		 VALUES (@id, @username, @displayName, @role, @isSafeguardingLead, @passwordHash, @isDemo, 1,
			@createdAt, @createdAt, @mustChangePassword)`
	);
	const setPassword = db.prepare(
		'UPDATE staff_users SET password_hash = ?, password_changed_at = ?, must_change_password = ? WHERE id = ?'
	);
	const setActive = db.prepare('UPDATE staff_users SET active = ? WHERE id = ?');
	const activeCoordinators = db.prepare<[], { n: number }>(
		"SELECT COUNT(*) AS n FROM staff_users WHERE role = 'coordinator' AND active = 1"
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
		insert(
			user: Omit<
				StaffUserRecord,
				'active' | 'passwordChangedAt' | 'mustChangePassword' | 'twoFactorEnabled'
			> & { mustChangePassword?: boolean }
		): void {
			insert.run({
				...user,
				isSafeguardingLead: user.isSafeguardingLead ? 1 : 0,
				isDemo: user.isDemo ? 1 : 0,
				mustChangePassword: user.mustChangePassword ? 1 : 0
			});
		},
		/** A temporary password (`mustChange`) has to be replaced at the next sign-in. */
		updatePassword(id: string, passwordHash: string, changedAt: number, mustChange = false): void {
			setPassword.run(passwordHash, changedAt, mustChange ? 1 : 0, id);
		},
		setActive(id: string, active: boolean): void {
			setActive.run(active ? 1 : 0, id);
		},
		/**
		 * Deactivates the account unless it is the last active coordinator (checked and written
		 * in one immediate transaction, so two coordinators cannot deactivate each other at once).
		 */
		deactivate(id: string): 'done' | 'last-coordinator' | 'missing' {
			return db
				.transaction(() => {
					const row = byId.get(id);
					if (!row) return 'missing' as const;
					if (
						row.role === 'coordinator' &&
						row.active === 1 &&
						(activeCoordinators.get()?.n ?? 0) <= 1
					) {
						return 'last-coordinator' as const;
					}
					setActive.run(0, id);
					return 'done' as const;
				})
				.immediate();
		},
		countActiveCoordinators(): number {
			return activeCoordinators.get()?.n ?? 0;
		}
	};
}

export type StaffUserStore = ReturnType<typeof createStaffUserStore>;
