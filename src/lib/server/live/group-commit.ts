import type { Settled } from './live-service';

/**
 * Group commit: work that arrives within one turn of the event loop is committed together.
 * `add` queues an item; once per turn (by default at `setImmediate`, after the turn's I/O
 * callbacks) `commit` runs with every item queued since, in order, and must return one result
 * per item. Only when `commit` has returned, that is after the durable commit, is each item's
 * `done` called with its own result, in order. If `commit` throws, every item of the batch gets
 * that error and nothing is taken as stored.
 *
 * A batch that fails leaves nothing half-done: `commit` is one transaction.
 *
 * With `afterSync`, a commit that does not flush to disk itself (see db/deferred-sync.ts) is
 * followed by a flush: each item's `done` waits for it, and gets its error if it fails.
 */
export function createGroupCommit<I, R>(
	commit: (items: I[]) => Settled<R>[],
	schedule: (run: () => void) => void = (run) => void setImmediate(run),
	afterSync?: (done: (error?: Error) => void) => void
) {
	let queue: Array<{ item: I; done: (result: Settled<R>) => void }> = [];
	let scheduled = false;

	function run(): void {
		scheduled = false;
		const batch = queue;
		queue = [];
		if (batch.length === 0) return;
		let results: Settled<R>[];
		try {
			results = commit(batch.map((b) => b.item));
			if (results.length !== batch.length) {
				throw new Error(`group commit: ${results.length} results for ${batch.length} items`);
			}
		} catch (error) {
			for (const b of batch) settle(b.done, { ok: false, error });
			return;
		}
		if (!afterSync) return batch.forEach((b, i) => settle(b.done, results[i]!));
		afterSync((error) =>
			batch.forEach((b, i) => settle(b.done, error ? { ok: false, error } : results[i]!))
		);
	}

	/** One item's callback failing must not keep the others waiting. */
	function settle(done: (result: Settled<R>) => void, result: Settled<R>): void {
		try {
			done(result);
		} catch (err) {
			console.error(
				'[circlework] after a group commit:',
				err instanceof Error ? `${err.name}: ${err.message}` : 'unknown'
			);
		}
	}

	return {
		/** Queues `item`; `done` is called once, after the commit that includes it (or its failure). */
		add(item: I, done: (result: Settled<R>) => void): void {
			queue.push({ item, done });
			if (!scheduled) {
				scheduled = true;
				schedule(run);
			}
		},
		/**
		 * Commits what waits now rather than at the end of the turn: call it before a change
		 * that must come after the items already received (closing answers, moving on).
		 */
		flush(): void {
			if (queue.length > 0) run();
		},
		/** How many items wait for the next commit. */
		get pending(): number {
			return queue.length;
		}
	};
}
