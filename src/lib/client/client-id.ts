/**
 * A random id made on the device for each submission, so a retry is recognised.
 * Uses getRandomValues, which (unlike randomUUID) also works on plain-http LAN addresses.
 */
export function createClientId(): string {
	const bytes = new Uint8Array(16);
	crypto.getRandomValues(bytes);
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
