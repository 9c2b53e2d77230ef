import { randomInt } from 'node:crypto';

/** Letters and digits that cannot be mistaken for one another (no 0/O, 1/I/L, 2/Z, 5/S, 8/B, 6/G). */
export const CODE_ALPHABET = 'ACDEFHJKMNPQRTUVWXY34679';
export const CODE_LENGTH = 6;

export function generateSessionCode(): string {
	let code = '';
	for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
	return code;
}

/** What she typed, made comparable: upper case, no spaces or dashes. */
export function normaliseCode(input: string): string {
	return input.toUpperCase().replace(/[\s-]/g, '');
}

/** Distinct four-digit PINs for the people in one session. */
export function generatePins(count: number): string[] {
	const pins = new Set<string>();
	while (pins.size < count) pins.add(String(randomInt(1000, 10000)));
	return [...pins];
}
