import { z } from 'zod';
import { STAFF_ROLES, type StaffRole } from '../shared/roles';

/**
 * All configuration comes from environment variables, parsed once with a schema.
 * Read it through `getConfig()` (never at import time: `vite build` evaluates
 * server modules with an empty environment).
 */
const booleanFlag = z
	.enum(['true', 'false', '1', '0', 'yes', 'no', ''])
	.optional()
	.transform((value) => value === 'true' || value === '1' || value === 'yes');

/** A comma-separated list of roles, e.g. `coordinator,facilitator`; empty means none. */
const totpRoles = z
	.string()
	.optional()
	.transform((value) =>
		(value ?? '')
			.split(',')
			.map((role) => role.trim().toLowerCase())
			.filter(Boolean)
	)
	.pipe(z.array(z.enum(STAFF_ROLES, { message: `use roles from: ${STAFF_ROLES.join(', ')}` })));

const configSchema = z.object({
	NODE_ENV: z.string().optional().default('development'),
	DATABASE_PATH: z.string().min(1).default('./data/circlework.db'),
	PORT: z.coerce.number().int().min(0).max(65535).default(3000),
	HOST: z.string().min(1).default('127.0.0.1'),
	ORIGIN: z.string().url().optional(),
	CIRCLEWORK_DEMO: booleanFlag,
	SESSION_IDLE_MINUTES: z.coerce
		.number()
		.int()
		.min(1)
		.max(24 * 60)
		.default(120),
	SESSION_MAX_HOURS: z.coerce
		.number()
		.int()
		.min(1)
		.max(24 * 7)
		.default(12),
	SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
	SIGN_IN_WINDOW_MINUTES: z.coerce
		.number()
		.int()
		.min(1)
		.max(24 * 60)
		.default(15),
	SECURE_COOKIES: booleanFlag,
	SIGN_IN_LOCKOUT_MINUTES: z.coerce
		.number()
		.int()
		.min(1)
		.max(24 * 60)
		.default(15),
	SESSION_WARNING_MINUTES: z.coerce.number().int().min(1).max(60).default(2),
	TOTP_REQUIRED_ROLES: totpRoles,
	TOTP_ENCRYPTION_KEY: z
		.string()
		.optional()
		.transform((value) => (value ? Buffer.from(value, 'base64') : null))
		.refine((key) => key === null || key.byteLength === 32, {
			message: 'use 32 random bytes in base64, e.g. from `openssl rand -base64 32`'
		})
});

export interface AppConfig {
	production: boolean;
	databasePath: string;
	port: number;
	host: string;
	origin: string | undefined;
	demo: boolean;
	sessionIdleMs: number;
	sessionMaxAgeMs: number;
	signInMaxFailures: number;
	signInWindowMs: number;
	secureCookies: boolean;
	signInLockoutMs: number;
	sessionWarningMs: number;
	/** Roles that must use two-factor sign-in. */
	totpRequiredRoles: StaffRole[];
	/** Encrypts two-step secrets at rest when set (32 bytes). */
	totpEncryptionKey: Uint8Array | null;
}

let cached: AppConfig | undefined;

export function parseConfig(env: Record<string, string | undefined>): AppConfig {
	const result = configSchema.safeParse(env);
	if (!result.success) {
		const problems = result.error.issues
			.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
			.join('; ');
		throw new Error(`Invalid configuration: ${problems}`);
	}
	const env2 = result.data;
	const production = env2.NODE_ENV === 'production';
	return {
		production,
		databasePath: env2.DATABASE_PATH,
		port: env2.PORT,
		host: env2.HOST,
		origin: env2.ORIGIN,
		demo: env2.CIRCLEWORK_DEMO,
		sessionIdleMs: env2.SESSION_IDLE_MINUTES * 60_000,
		sessionMaxAgeMs: env2.SESSION_MAX_HOURS * 3_600_000,
		signInMaxFailures: env2.SIGN_IN_MAX_FAILURES,
		signInWindowMs: env2.SIGN_IN_WINDOW_MINUTES * 60_000,
		// Secure cookies in production unless explicitly turned off for plain-http local demos.
		secureCookies: env.SECURE_COOKIES === undefined ? production : env2.SECURE_COOKIES,
		signInLockoutMs: env2.SIGN_IN_LOCKOUT_MINUTES * 60_000,
		sessionWarningMs: env2.SESSION_WARNING_MINUTES * 60_000,
		totpRequiredRoles: [...new Set(env2.TOTP_REQUIRED_ROLES)],
		totpEncryptionKey: env2.TOTP_ENCRYPTION_KEY ? new Uint8Array(env2.TOTP_ENCRYPTION_KEY) : null
	};
}

export function getConfig(): AppConfig {
	cached ??= parseConfig(process.env);
	return cached;
}
