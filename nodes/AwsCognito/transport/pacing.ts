/**
 * Two guards on top of bottleneck's spacing, kept in the limiter store (this process, or Redis):
 *
 * - a hard cap on dispatches per sliding window, counted at the moment a call is sent, so that
 *   late timers and Redis round trips cannot bunch more calls than the rate into any second;
 * - an adaptive rate (AIMD): a throttling answer halves the limiter's rate, and calls without
 *   throttling bring it back step by step to the configured share.
 */
import type { Redis } from 'ioredis';

/** Spacing is computed for this fraction of the rate, so that small timer jitter stays under it. */
export const PACING_HEADROOM = 0.97;
/**
 * The cap's window is one second of the rate plus a margin, for jitter between the recorded dispatch
 * and the arrival. In one process the dispatch is recorded as the call is sent; shared in Redis it is
 * Redis's time, a round trip before the send, from several processes (50 ms let one 1-s window of
 * 21 through at 20/s in queue mode). Every millisecond of margin costs 0.1 % of the rate.
 */
export const CAP_WINDOW_MARGIN_MS = { local: 40, shared: 80 } as const;

/** How the rate adapts to throttling. */
export const ADAPTIVE_RATE = {
	/** A throttling answer multiplies the rate by this... */
	decreaseFactor: 0.5,
	/** ...at most once per this long, so that one burst of throttled calls in flight counts once... */
	decreaseCooldownMs: 1_000,
	/** ...and never below this share of the configured rate. */
	floorShare: 0.1,
	/** Without throttling, the rate grows by this share of the configured rate... */
	recoveryStepShare: 0.1,
	/** ...at most once per this long. */
	recoveryIntervalMs: 500,
} as const;

/** The cap for a rate: `limit` dispatches in any `windowMs`. Below 1/s, one per 1/rate seconds. */
export function capFor(ratePerSecond: number, marginMs: number): { limit: number; windowMs: number } {
	const limit = Math.max(1, Math.floor(ratePerSecond));
	const windowMs = Math.max(1000, Math.ceil((1000 * limit) / ratePerSecond)) + marginMs;
	return { limit, windowMs };
}

export type RateEvent = 'throttled' | 'succeeded';

/** The rate after `event`, or the same rate when the cooldown or interval has not passed. */
export function adaptedRate(
	state: { rate: number; changedAt: number },
	event: RateEvent,
	configuredRate: number,
	now: number,
): number {
	const rate = Math.min(state.rate, configuredRate);
	const since = now - state.changedAt;
	if (event === 'throttled') {
		if (since < ADAPTIVE_RATE.decreaseCooldownMs) return rate;
		return Math.max(configuredRate * ADAPTIVE_RATE.floorShare, rate * ADAPTIVE_RATE.decreaseFactor);
	}
	if (rate >= configuredRate || since < ADAPTIVE_RATE.recoveryIntervalMs) return rate;
	return Math.min(configuredRate, rate + configuredRate * ADAPTIVE_RATE.recoveryStepShare);
}

/** Where the cap's dispatch times and the adapted rates live. */
export interface PacingStore {
	/** Records a dispatch and returns 0 if the window has room; otherwise records nothing and returns the ms until it may. */
	tryDispatch(id: string, limit: number, windowMs: number): Promise<number>;
	/** The limiter's adapted rate after `event` (undefined: just read it), at most `configuredRate`. */
	adapt(id: string, configuredRate: number, event?: RateEvent): Promise<number>;
}

/** Pacing state of this process only. */
export function localPacingStore(now: () => number = Date.now): PacingStore {
	const dispatches = new Map<string, number[]>();
	const rates = new Map<string, { rate: number; changedAt: number }>();
	return {
		async tryDispatch(id, limit, windowMs) {
			const at = now();
			const recent = (dispatches.get(id) ?? []).filter((time) => time > at - windowMs);
			dispatches.set(id, recent);
			if (recent.length < limit) {
				recent.push(at);
				return 0;
			}
			return Math.max(1, recent[0] + windowMs - at);
		},
		async adapt(id, configuredRate, event) {
			const state = rates.get(id) ?? { rate: configuredRate, changedAt: 0 };
			const at = now();
			const rate = event ? adaptedRate(state, event, configuredRate, at) : Math.min(state.rate, configuredRate);
			if (rate !== state.rate) rates.set(id, { rate, changedAt: at });
			return rate;
		},
	};
}

/**
 * KEYS[1]: a sorted set of dispatch times. ARGV: limit, window (ms), a unique member, TTL (ms).
 * Returns 0 and records the dispatch, or the ms until the oldest dispatch leaves the window. Times
 * come from Redis (TIME), so the processes sharing it need no common clock.
 */
const TRY_DISPATCH_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
`;

/**
 * KEYS[1]: a hash {rate, at}. ARGV: configured rate, event ('throttled', 'succeeded' or ''), then
 * the ADAPTIVE_RATE values and a TTL (ms). The same rule as adaptedRate(), applied atomically, so
 * that processes sharing a limiter adapt one rate instead of overwriting each other's.
 */
const ADAPT_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local configured = tonumber(ARGV[1])
local event = ARGV[2]
local rate = math.min(tonumber(redis.call('HGET', KEYS[1], 'rate') or configured), configured)
local since = now - tonumber(redis.call('HGET', KEYS[1], 'at') or 0)
local new = rate
if event == 'throttled' and since >= tonumber(ARGV[4]) then
  new = math.max(configured * tonumber(ARGV[5]), rate * tonumber(ARGV[3]))
elseif event == 'succeeded' and rate < configured and since >= tonumber(ARGV[7]) then
  new = math.min(configured, rate + configured * tonumber(ARGV[6]))
end
if new ~= rate then
  redis.call('HSET', KEYS[1], 'rate', tostring(new), 'at', now)
end
redis.call('PEXPIRE', KEYS[1], ARGV[8])
return tostring(new)
`;

let dispatchCounter = 0;

/**
 * Pacing state in Redis, next to bottleneck's: `b_<limiter id>_dispatches` and `b_<limiter id>_rate`,
 * both expiring after `ttlMs` without calls.
 */
export function redisPacingStore(client: Redis, ttlMs: number): PacingStore {
	const member = () => `${process.pid}:${Date.now()}:${++dispatchCounter}:${Math.random().toString(36).slice(2, 8)}`;
	return {
		async tryDispatch(id, limit, windowMs) {
			const wait = await client.eval(TRY_DISPATCH_SCRIPT, 1, `b_${id}_dispatches`, limit, windowMs, member(), ttlMs);
			return Number(wait);
		},
		async adapt(id, configuredRate, event) {
			const { decreaseFactor, decreaseCooldownMs, floorShare, recoveryStepShare, recoveryIntervalMs } = ADAPTIVE_RATE;
			const rate = await client.eval(
				ADAPT_SCRIPT,
				1,
				`b_${id}_rate`,
				configuredRate,
				event ?? '',
				decreaseFactor,
				decreaseCooldownMs,
				floorShare,
				recoveryStepShare,
				recoveryIntervalMs,
				ttlMs,
			);
			return Number(rate);
		},
	};
}
