import { describe, expect, it } from 'vitest';
import { AnswerStore, type KeyValueStorage } from './answer-store';

function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
	const data = new Map<string, string>();
	return {
		data,
		getItem: (k) => data.get(k) ?? null,
		setItem: (k, v) => void data.set(k, v),
		removeItem: (k) => void data.delete(k)
	};
}

describe('the tablet answer store (outbox)', () => {
	it('keeps a queued answer across a reload until it is acknowledged', () => {
		const storage = memoryStorage();
		new AnswerStore(storage, 'k').put({
			clientId: 'c1',
			exerciseId: 'e1',
			answer: { type: 'reflection', text: 'hello' },
			createdAt: 1
		});
		const afterReload = new AnswerStore(storage, 'k');
		expect(afterReload.pending().map((p) => p.clientId)).toEqual(['c1']);
		afterReload.markSaved('c1');
		expect(new AnswerStore(storage, 'k').pending()).toEqual([]);
		expect(new AnswerStore(storage, 'k').get('e1')?.state).toBe('saved');
	});

	it('replaces an earlier answer to the same exercise', () => {
		const store = new AnswerStore(memoryStorage(), 'k');
		store.put({
			clientId: 'a',
			exerciseId: 'e1',
			answer: { type: 'scale', value: 3 },
			createdAt: 1
		});
		store.put({
			clientId: 'b',
			exerciseId: 'e1',
			answer: { type: 'scale', value: 7 },
			createdAt: 2
		});
		expect(store.pending().map((p) => p.clientId)).toEqual(['b']);
		store.markSaved('a'); // a late acknowledgement of the older answer changes nothing
		expect(store.get('e1')).toMatchObject({ clientId: 'b', state: 'pending' });
	});

	it('survives corrupt storage', () => {
		const storage = memoryStorage();
		storage.setItem('k', '{not json');
		expect(new AnswerStore(storage, 'k').pending()).toEqual([]);
	});

	it('clears everything', () => {
		const storage = memoryStorage();
		const store = new AnswerStore(storage, 'k');
		store.put({ clientId: 'a', exerciseId: 'e1', answer: { type: 'pass' }, createdAt: 1 });
		store.clear();
		expect(storage.data.size).toBe(0);
	});
});
