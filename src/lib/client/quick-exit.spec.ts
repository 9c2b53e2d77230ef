import { describe, expect, it } from 'vitest';
import type { SubmitAnswer } from '../shared/live';
import { LEAVE_MAX_BYTES, LEAVE_MAX_ITEMS, leavingBody } from './quick-exit';

const reflection = (i: number, text = `words ${i}`): SubmitAnswer => ({
	clientId: `client-${String(i).padStart(8, '0')}`,
	exerciseId: `exercise-${i}`,
	answer: { type: 'reflection', text }
});

describe('the body Quick exit and leaving send with her waiting answers', () => {
	it('is nothing when nothing is waiting', () => {
		expect(leavingBody([])).toBeNull();
	});

	it('is a JSON array of the submissions, oldest first', () => {
		const items = [reflection(1), reflection(2)];
		expect(JSON.parse(leavingBody(items)!)).toEqual(items);
	});

	it('keeps within the number of items the server takes', () => {
		const items = Array.from({ length: LEAVE_MAX_ITEMS + 5 }, (_, i) => reflection(i));
		const sent = JSON.parse(leavingBody(items)!) as SubmitAnswer[];
		expect(sent).toHaveLength(LEAVE_MAX_ITEMS);
		expect(sent[0]).toEqual(items[0]);
	});

	it('keeps within the size the server takes, dropping the newest first', () => {
		const items = Array.from({ length: 40 }, (_, i) => reflection(i, 'x'.repeat(2000)));
		const body = leavingBody(items)!;
		expect(new TextEncoder().encode(body).length).toBeLessThanOrEqual(LEAVE_MAX_BYTES);
		const sent = JSON.parse(body) as SubmitAnswer[];
		expect(sent.length).toBeGreaterThan(20);
		expect(sent.length).toBeLessThan(40);
		expect(sent).toEqual(items.slice(0, sent.length));
	});
});
