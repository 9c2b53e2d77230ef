import { z } from 'zod';
import { iceServerSchema, type IceServer } from '../shared/one-to-one';
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
	/** Failures from one network address that pause it; by default ten times the above. */
	SIGN_IN_ADDRESS_MAX_FAILURES: z.coerce.number().int().min(1).max(100_000).optional(),
	SIGN_IN_WINDOW_MINUTES: z.coerce
		.number()
		.int()
		.min(1)
		.max(24 * 60)
		.default(15),
	SECURE_COOKIES: booleanFlag,
	RETENTION_CLOSED_CASE_YEARS: z.coerce.number().int().min(1).max(100).default(6),
	RETENTION_LIVE_ANSWERS_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
	RETENTION_STAFF_SESSION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
	RETENTION_INTERVAL_HOURS: z.coerce
		.number()
		.int()
		.min(0)
		.max(24 * 7)
		.default(24),
	/** STUN/TURN servers for one-to-one calls, as JSON: [{"urls":"stun:…"},{"urls":"turn:…","username":…,"credential":…}]. */
	WEBRTC_ICE_SERVERS: z
		.string()
		.optional()
		.transform((text, ctx) => {
			if (text === undefined || text.trim() === '') return [];
			try {
				return JSON.parse(text) as unknown;
			} catch {
				ctx.addIssue({
					code: 'custom',
					message: 'must be JSON, e.g. [{"urls":"stun:stun.example.org:3478"}]'
				});
				return z.NEVER;
			}
		})
		.pipe(z.array(iceServerSchema).max(10)),
	STUN_URLS: z.string().optional(),
	TURN_URL: z.string().optional(),
	TURN_USERNAME: z.string().max(200).optional(),
	TURN_CREDENTIAL: z.string().max(200).optional(),
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

/** The ICE servers from WEBRTC_ICE_SERVERS, plus STUN_URLS (comma-separated) and TURN_URL. */
function iceServersFrom(env: z.output<typeof configSchema>): IceServer[] {
	const servers: IceServer[] = [...env.WEBRTC_ICE_SERVERS];
	const stun = (env.STUN_URLS ?? '')
		.split(',')
		.map((u) => u.trim())
		.filter((u) => u.length > 0);
	if (stun.length > 0) servers.push({ urls: stun });
	if (env.TURN_URL && env.TURN_URL.trim() !== '') {
		servers.push({
			urls: env.TURN_URL.trim(),
			...(env.TURN_USERNAME ? { username: env.TURN_USERNAME } : {}),
			...(env.TURN_CREDENTIAL ? { credential: env.TURN_CREDENTIAL } : {})
		});
	}
	return z.array(iceServerSchema).parse(servers);
}

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
	signInAddressMaxFailures: number | undefined;
	signInWindowMs: number;
	secureCookies: boolean;
	signInLockoutMs: number;
	sessionWarningMs: number;
	/** Roles that must use two-factor sign-in. */
	totpRequiredRoles: StaffRole[];
	/** Encrypts two-step secrets at rest when set (32 bytes). */
	totpEncryptionKey: Uint8Array | null;
	/** STUN/TURN servers for one-to-one calls (empty: direct connections only). */
	iceServers: IceServer[];
	retention: RetentionConfig;
}

/** How long each kind of record is kept (see README, "Security and data protection"). */
export interface RetentionConfig {
	closedCaseMs: number;
	liveAnswersMs: number;
	staffSessionMs: number;
	/** How often the server runs the retention job; 0 turns the schedule off. */
	intervalMs: number;
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
	let iceServers: IceServer[];
	try {
		iceServers = iceServersFrom(env2);
	} catch {
		throw new Error(
			'Invalid configuration: STUN_URLS / TURN_URL: ICE server URLs start with stun: or turn:'
		);
	}
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
		signInAddressMaxFailures: env2.SIGN_IN_ADDRESS_MAX_FAILURES,
		signInWindowMs: env2.SIGN_IN_WINDOW_MINUTES * 60_000,
		// Secure cookies in production unless explicitly turned off for plain-http local demos.
		secureCookies: env.SECURE_COOKIES === undefined ? production : env2.SECURE_COOKIES,
		retention: {
			closedCaseMs: env2.RETENTION_CLOSED_CASE_YEARS * 365.25 * 86_400_000,
			liveAnswersMs: env2.RETENTION_LIVE_ANSWERS_DAYS * 86_400_000,
			staffSessionMs: env2.RETENTION_STAFF_SESSION_DAYS * 86_400_000,
			intervalMs: env2.RETENTION_INTERVAL_HOURS * 3_600_000
		},
		iceServers,
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
