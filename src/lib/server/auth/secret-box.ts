import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Encrypts two-step sign-in secrets at rest with AES-256-GCM when a key is configured
 * (`TOTP_ENCRYPTION_KEY`, 32 random bytes in base64). Stored form: `enc1:<iv>.<tag>.<data>`.
 * Without a key, secrets are stored as they are; values written before a key was set stay
 * readable.
 */
export interface SecretBox {
	seal(plain: string): string;
	open(stored: string): string;
}

const PREFIX = 'enc1:';

export const plainBox: SecretBox = {
	seal: (plain) => plain,
	open: (stored) => {
		if (stored.startsWith(PREFIX)) {
			throw new Error('A two-step secret is encrypted, but TOTP_ENCRYPTION_KEY is not set.');
		}
		return stored;
	}
};

export function createSecretBox(key: Uint8Array | null): SecretBox {
	if (!key) return plainBox;
	if (key.byteLength !== 32) throw new Error('TOTP_ENCRYPTION_KEY must be 32 bytes.');
	return {
		seal(plain) {
			const iv = randomBytes(12);
			const cipher = createCipheriv('aes-256-gcm', key, iv);
			const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
			const tag = cipher.getAuthTag();
			return `${PREFIX}${iv.toString('base64')}.${tag.toString('base64')}.${data.toString('base64')}`;
		},
		open(stored) {
			if (!stored.startsWith(PREFIX)) return stored;
			const [iv, tag, data] = stored.slice(PREFIX.length).split('.');
			if (!iv || !tag || !data) throw new Error('A stored two-step secret is damaged.');
			const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
			decipher.setAuthTag(Buffer.from(tag, 'base64'));
			return Buffer.concat([
				decipher.update(Buffer.from(data, 'base64')),
				decipher.final()
			]).toString('utf8');
		}
	};
}
