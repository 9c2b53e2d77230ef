import type { Ack, ClientToServerEvents } from '../../shared/realtime-events';
import { RateLimiter } from './rate-limit';

/**
 * Per-connection rate limits for every client event: a burst, then a steady rate per
 * second. A tablet answers a question every few seconds at most; a console sends a
 * command per click or key. Anything faster is a fault or an attack.
 */
export const EVENT_LIMITS: Record<
	keyof ClientToServerEvents,
	{ burst: number; perSecond: number }
> = {
	'staff:whoami': { burst: 5, perSecond: 1 },
	'live:watch': { burst: 10, perSecond: 2 },
	'live:command': { burst: 20, perSecond: 10 },
	'live:note': { burst: 10, perSecond: 2 },
	'display:snapshot': { burst: 10, perSecond: 2 },
	'tablet:snapshot': { burst: 10, perSecond: 2 },
	'tablet:submit': { burst: 30, perSecond: 5 },
	'tablet:pause': { burst: 3, perSecond: 0.2 },
	'o2o:watch': { burst: 10, perSecond: 2 },
	'o2o:pace': { burst: 10, perSecond: 2 },
	'o2o:meeting-link': { burst: 5, perSecond: 1 },
	'o2o:tablet': { burst: 10, perSecond: 2 },
	'o2o:move': { burst: 10, perSecond: 2 },
	'o2o:presence': { burst: 10, perSecond: 2 },
	// Setting up a call sends a burst of ICE candidates.
	'rtc:signal': { burst: 100, perSecond: 30 }
};

/** Events not in the table above (added later, or unknown) share this limit. */
const OTHER_EVENTS = { burst: 10, perSecond: 2 };

export const RATE_LIMITED: Ack<never> = {
	ok: false,
	error: { code: 'rate-limited', message: 'Too many messages. Wait a moment, then try again.' }
};

/**
 * A socket.io packet middleware (`socket.use`) that counts every incoming event against its
 * own bucket, acks or no acks. A refused event gets the rate-limited error in its ack (when
 * it has one) and goes no further; the connection stays open.
 */
export function eventRateLimit(now: () => number = Date.now) {
	const buckets = new Map<string, RateLimiter>();
	return (packet: unknown[], next: (err?: Error) => void): void => {
		const event = typeof packet[0] === 'string' ? packet[0] : '';
		const key = event in EVENT_LIMITS ? event : '*';
		let bucket = buckets.get(key);
		if (!bucket) {
			const limit = EVENT_LIMITS[key as keyof ClientToServerEvents] ?? OTHER_EVENTS;
			bucket = new RateLimiter(limit.burst, limit.perSecond, now);
			buckets.set(key, bucket);
		}
		if (bucket.take()) {
			next();
			return;
		}
		const ack = packet.at(-1);
		if (packet.length > 1 && typeof ack === 'function') (ack as (r: unknown) => void)(RATE_LIMITED);
	};
}
