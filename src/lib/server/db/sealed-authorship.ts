import type { Db } from './connection';

/**
 * The only reader of `reflection_author_links`. It is called from one place: the
 * safeguarding service's audited seal opening. Nothing else may import this module.
 */
export function createSealedAuthorshipStore(db: Db) {
	const read = db.prepare<[string], { participant_id: string }>(
		'SELECT participant_id FROM reflection_author_links WHERE reflection_id = ?'
	);
	return {
		authorOf(reflectionId: string): string | null {
			return read.get(reflectionId)?.participant_id ?? null;
		}
	};
}

export type SealedAuthorshipStore = ReturnType<typeof createSealedAuthorshipStore>;
