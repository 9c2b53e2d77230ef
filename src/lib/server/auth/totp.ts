import { Secret, TOTP } from 'otpauth';

/** RFC 6238 time-based one-time codes: SHA-1, 6 digits, 30-second steps (what every app supports). */
export const TOTP_PERIOD_SECONDS = 30;
const DIGITS = 6;
const ISSUER = 'Circlework';

function totpFor(secret: string, label = 'staff'): TOTP {
	return new TOTP({
		issuer: ISSUER,
		label,
		algorithm: 'SHA1',
		digits: DIGITS,
		period: TOTP_PERIOD_SECONDS,
		secret: Secret.fromBase32(secret)
	});
}

/** A new random 160-bit secret, in base32 as authenticator apps expect. */
export function newTotpSecret(): string {
	return new Secret({ size: 20 }).base32;
}

/** The otpauth:// address a QR code carries. */
export function totpUri(secret: string, username: string): string {
	return totpFor(secret, username).toString();
}

/** The secret in groups of four, easier to type into an app by hand. */
export function groupedSecret(secret: string): string {
	return secret.match(/.{1,4}/g)?.join(' ') ?? secret;
}

export function totpStep(at: number): number {
	return Math.floor(at / 1000 / TOTP_PERIOD_SECONDS);
}

/** The code for a moment (used by tests and nowhere else in the app). */
export function totpCode(secret: string, at: number): string {
	return totpFor(secret).generate({ timestamp: at });
}

/**
 * The time step a code belongs to, accepting the step before and after the current one
 * (clock drift), or null when it matches none of them.
 */
export function matchingStep(secret: string, code: string, at: number): number | null {
	if (!/^\d{6}$/.test(code)) return null;
	const delta = totpFor(secret).validate({ token: code, timestamp: at, window: 1 });
	return delta === null ? null : totpStep(at) + delta;
}
