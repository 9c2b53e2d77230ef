import type { AppConfig } from '../config';
import type { AuditLogStore } from '../db/audit-log';
import type { Db } from '../db/connection';
import { createPendingSignInStore } from '../db/pending-sign-ins';
import type { SignInFailureStore } from '../db/sign-in-failures';
import { createSignInLockStore } from '../db/sign-in-locks';
import { createStaffTwoFactorStore } from '../db/staff-two-factor';
import type { StaffUserStore } from '../db/staff-users';
import type { AccountService } from './accounts';
import { createPendingSignInService } from './pending-sign-ins';
import type { SessionService } from './sessions';
import { createSecretBox } from './secret-box';
import { createSignInService } from './sign-in';
import { createStaffAdminService } from './staff-admin';
import { createTwoFactorService } from './two-factor';

/** Sign-in with lockout, two-step sign-in and account management, wired for one database. */
export function createStaffAccountServices(
	db: Db,
	config: AppConfig,
	deps: {
		users: StaffUserStore;
		sessions: SessionService;
		failures: SignInFailureStore;
		audit: AuditLogStore;
	}
) {
	const signIn = createSignInService({
		users: deps.users,
		failures: deps.failures,
		locks: createSignInLockStore(db),
		audit: deps.audit,
		policy: {
			maxFailures: config.signInMaxFailures,
			windowMs: config.signInWindowMs,
			lockoutMs: config.signInLockoutMs,
			addressMaxFailures: config.signInAddressMaxFailures
		},
		allowDemoAccounts: config.demo
	});
	const pending = createPendingSignInService({ store: createPendingSignInStore(db) });
	const twoFactor = createTwoFactorService({
		store: createStaffTwoFactorStore(db),
		users: deps.users,
		audit: deps.audit,
		box: createSecretBox(config.totpEncryptionKey)
	});
	return {
		signIn,
		pending,
		twoFactor,
		admin: (accounts: AccountService) =>
			createStaffAdminService({
				users: deps.users,
				accounts,
				sessions: deps.sessions,
				pending,
				signIn,
				twoFactor,
				audit: deps.audit
			})
	};
}
