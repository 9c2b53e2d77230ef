import { describe, expect, it } from 'vitest';
import { CallRegistry } from './one-to-one-handlers';

describe('the call registry', () => {
	it('relays only between the one facilitator and the one woman of a session', () => {
		const calls = new CallRegistry();
		expect(calls.join('s1', 'staff', 'fay')).toBeUndefined();
		expect(calls.join('s1', 'participant', 'sam')).toBe('fay');
		expect(calls.peerOf('s1', 'staff', 'fay')).toBe('sam');
		expect(calls.peerOf('s1', 'participant', 'sam')).toBe('fay');
		// Someone not in the call, or in another session's call, reaches nobody.
		expect(calls.peerOf('s1', 'participant', 'intruder')).toBe(false);
		expect(calls.peerOf('s2', 'staff', 'fay')).toBe(false);
		calls.join('s2', 'participant', 'jo');
		expect(calls.peerOf('s2', 'participant', 'jo')).toBeUndefined();
	});

	it('tells the other side when one leaves, and takes a rejoining device in its place', () => {
		const calls = new CallRegistry();
		calls.join('s1', 'staff', 'fay');
		calls.join('s1', 'participant', 'sam-phone');
		expect(calls.leave('s1', 'participant', 'someone-else')).toBeUndefined();
		expect(calls.leave('s1', 'participant', 'sam-phone')).toBe('fay');
		expect(calls.peerOf('s1', 'staff', 'fay')).toBeUndefined();
		expect(calls.join('s1', 'participant', 'sam-after-reload')).toBe('fay');
		expect(calls.peerOf('s1', 'participant', 'sam-phone')).toBe(false);
		expect(calls.leave('s1', 'staff', 'fay')).toBe('sam-after-reload');
	});
});
