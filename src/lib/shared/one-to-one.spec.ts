import { describe, expect, it } from 'vitest';
import {
	answerSummary,
	callSignalSchema,
	describeQuality,
	handOver,
	meetingLinkSchema,
	paceCommandSchema,
	paceMove,
	staffSignalSchema
} from './one-to-one';

const sessionId = 'abcdefghijklmnopqrstuvwxy';

describe('call signalling messages', () => {
	it('accepts the messages a call needs', () => {
		for (const signal of [
			{ kind: 'hello' },
			{ kind: 'offer', sdp: 'v=0\r\n' },
			{ kind: 'answer', sdp: 'v=0\r\n' },
			{
				kind: 'ice',
				candidate: {
					candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host',
					sdpMid: '0',
					sdpMLineIndex: 0
				}
			},
			{ kind: 'media', audio: true, video: false },
			{ kind: 'bye', reason: 'quick-exit' }
		]) {
			expect(callSignalSchema.safeParse(signal).success).toBe(true);
		}
		expect(callSignalSchema.parse({ kind: 'bye' })).toEqual({ kind: 'bye', reason: 'left' });
	});

	it('refuses unknown kinds, missing or oversized parts, and odd types', () => {
		for (const signal of [
			{ kind: 'chat', text: 'hi' },
			{ kind: 'offer' },
			{ kind: 'offer', sdp: '' },
			{ kind: 'offer', sdp: 'x'.repeat(30_001) },
			{ kind: 'ice', candidate: { candidate: 5 } },
			{ kind: 'ice', candidate: { candidate: 'x'.repeat(2001) } },
			{ kind: 'media', audio: 'yes', video: true },
			{ kind: 'bye', reason: 'because' },
			null,
			'hello'
		]) {
			expect(callSignalSchema.safeParse(signal).success).toBe(false);
		}
	});

	it('needs a well-formed session id from staff', () => {
		expect(
			staffSignalSchema.safeParse({ liveSessionId: sessionId, signal: { kind: 'hello' } }).success
		).toBe(true);
		expect(
			staffSignalSchema.safeParse({ liveSessionId: '../x', signal: { kind: 'hello' } }).success
		).toBe(false);
		expect(staffSignalSchema.safeParse({ signal: { kind: 'hello' } }).success).toBe(false);
	});

	it('takes only https meeting links (or none)', () => {
		expect(
			meetingLinkSchema.safeParse({ liveSessionId: sessionId, url: 'https://meet.example.org/x' })
				.success
		).toBe(true);
		expect(meetingLinkSchema.safeParse({ liveSessionId: sessionId, url: '' }).success).toBe(true);
		expect(
			meetingLinkSchema.safeParse({ liveSessionId: sessionId, url: 'javascript:alert(1)' }).success
		).toBe(false);
		expect(
			meetingLinkSchema.safeParse({ liveSessionId: sessionId, url: 'http://meet.example.org' })
				.success
		).toBe(false);
	});

	it('checks pace commands', () => {
		expect(paceCommandSchema.safeParse({ type: 'hand-over', untilIndex: 3 }).success).toBe(true);
		expect(paceCommandSchema.safeParse({ type: 'hand-over', untilIndex: -1 }).success).toBe(false);
		expect(paceCommandSchema.safeParse({ type: 'hand-over' }).success).toBe(false);
		expect(paceCommandSchema.safeParse({ type: 'take-back' }).success).toBe(true);
	});
});

describe('her own pace', () => {
	it('hands over a segment from the current exercise, clipped to the session', () => {
		expect(handOver(2, 5, 10)).toEqual({ ok: true, pace: { ownPace: true, from: 2, until: 5 } });
		expect(handOver(2, 50, 10)).toEqual({ ok: true, pace: { ownPace: true, from: 2, until: 9 } });
		expect(handOver(4, 2, 10).ok).toBe(false);
	});

	it('moves only inside the segment, and not while the facilitator leads', () => {
		const pace = { ownPace: true, from: 2, until: 4 };
		expect(paceMove(pace, 2, 'next')).toEqual({ ok: true, index: 3 });
		expect(paceMove(pace, 2, 'previous').ok).toBe(false);
		expect(paceMove(pace, 4, 'next').ok).toBe(false);
		expect(paceMove({ ...pace, ownPace: false }, 3, 'next').ok).toBe(false);
	});
});

describe('connection quality in plain words', () => {
	it('describes round-trip time and loss', () => {
		expect(describeQuality({ rttMs: null, lossPercent: null }).level).toBe('unknown');
		expect(describeQuality({ rttMs: 40, lossPercent: 0 })).toMatchObject({ level: 'good' });
		expect(describeQuality({ rttMs: 40, lossPercent: 0 }).words).toMatch(
			/Good connection \(delay 40 ms/
		);
		expect(describeQuality({ rttMs: 250, lossPercent: 0 }).level).toBe('fair');
		expect(describeQuality({ rttMs: 80, lossPercent: 12 }).words).toMatch(/^Poor connection/);
	});
});

describe('her answers in one line for the console', () => {
	it('names a poll choice by its words', () => {
		const label = (id: string) => ({ yes: 'Yes, I think so', no: 'No' })[id] ?? id;
		expect(answerSummary({ type: 'poll', optionIds: ['yes'] }, label)).toBe(
			'Chose Yes, I think so'
		);
		expect(answerSummary({ type: 'pass' })).toBe('She passed.');
	});
});
