import { ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import Redis from 'ioredis';

import { CognitoApi, LIMITER_REDIS_URL_ENV, quotaScope, resetLimiters } from '../../nodes/AwsCognito/transport';
import { limiterForCall, spacingFor } from '../../nodes/AwsCognito/transport/limiter';
import {
	ADAPTIVE_RATE,
	adaptedRate,
	capFor,
	localPacingStore,
	redisPacingStore,
	type PacingStore,
} from '../../nodes/AwsCognito/transport/pacing';
import { awsError, UNIT_CONNECTION, useMockedCognito } from '../support/mockedCognito';

const cognito = useMockedCognito();

/** The machine's Redis (see N8N-RUNTIME.md); keys of these tests start with this and are deleted after. */
const REDIS_URL = 'redis://127.0.0.1:6379/0';
const KEY_PREFIX = `harden-test-${process.pid}`;

/** The most of `times` (ms) in any window of `windowMs`. */
function peakIn(times: number[], windowMs: number): number {
	const sorted = [...times].sort((a, b) => a - b);
	let peak = 0;
	for (let i = 0, j = 0; i < sorted.length; i++) {
		while (sorted[i] - sorted[j] >= windowMs) j++;
		peak = Math.max(peak, i - j + 1);
	}
	return peak;
}

describe('the dispatch cap', () => {
	it('allows floor(rate) dispatches per second plus the margin, one per 1/rate below 1/s', () => {
		expect(capFor(20, 80)).toEqual({ limit: 20, windowMs: 1080 });
		expect(capFor(19.2, 40)).toEqual({ limit: 19, windowMs: 1040 });
		expect(capFor(0.25, 80)).toEqual({ limit: 1, windowMs: 4080 });
	});

	it('in memory: refuses the (limit + 1)th dispatch in the window and says how long to wait (fake clock)', async () => {
		let now = 10_000;
		const store = localPacingStore(() => now);
		for (let i = 0; i < 3; i++) {
			expect(await store.tryDispatch('a', 3, 1050)).toBe(0);
			now += 100;
		}
		// Dispatches at 10000, 10100, 10200; at 10300 the first leaves the window at 11050.
		expect(await store.tryDispatch('a', 3, 1050)).toBe(750);
		expect(await store.tryDispatch('b', 3, 1050)).toBe(0);
		now = 11_050;
		expect(await store.tryDispatch('a', 3, 1050)).toBe(0);
		expect(await store.tryDispatch('a', 3, 1050)).toBe(100);
	});

	it('through the limiter: 45 calls at 20/s never put more than 20 in a 1-s window, and use ≥ 90% of the rate', async () => {
		const sentAt: number[] = [];
		cognito.on(ListUsersCommand).callsFake(() => {
			sentAt.push(Date.now());
			return { Users: [] };
		});
		// UserList is 30/s; a share of 2/3 makes 20/s.
		const api = new CognitoApi({ ...UNIT_CONNECTION, quotaShare: 2 / 3 });
		await Promise.all(Array.from({ length: 45 }, async () => await api.send('ListUsers', { UserPoolId: 'p_1' })));
		expect(peakIn(sentAt, 1000)).toBeLessThanOrEqual(20);
		const meanRate = ((sentAt.length - 1) * 1000) / (Math.max(...sentAt) - Math.min(...sentAt));
		expect(meanRate).toBeGreaterThanOrEqual(18);
		expect(meanRate).toBeLessThanOrEqual(20);
	});
});

describe('the adaptive rate', () => {
	const configured = 20;

	it('halves on throttling at most once per cooldown, floors at 10%, and recovers by 10% steps', () => {
		let state = { rate: configured, changedAt: 0 };
		const step = (event: 'throttled' | 'succeeded', now: number) => {
			const rate = adaptedRate(state, event, configured, now);
			if (rate !== state.rate) state = { rate, changedAt: now };
			return rate;
		};
		expect(step('throttled', 5_000)).toBe(10);
		// A burst of throttled calls that were in flight counts once.
		expect(step('throttled', 5_100)).toBe(10);
		expect(step('throttled', 6_000)).toBe(5);
		expect(step('throttled', 7_000)).toBe(2.5);
		expect(step('throttled', 8_000)).toBe(configured * ADAPTIVE_RATE.floorShare);
		expect(step('succeeded', 8_200)).toBe(2);
		expect(step('succeeded', 8_500)).toBe(4);
		let now = 8_500;
		while (state.rate < configured) step('succeeded', (now += ADAPTIVE_RATE.recoveryIntervalMs));
		expect(state.rate).toBe(configured);
		expect(now - 8_500).toBe(8 * ADAPTIVE_RATE.recoveryIntervalMs);
	});

	it('a lower share set meanwhile caps the adapted rate', () => {
		expect(adaptedRate({ rate: 20, changedAt: 0 }, 'succeeded', 12, 10_000)).toBe(12);
	});

	it('through the limiter: a throttling answer widens the spacing, calls without throttling narrow it again', async () => {
		cognito.on(ListUsersCommand).rejectsOnce(awsError('TooManyRequestsException')).resolves({ Users: [] });
		const connection = { ...UNIT_CONNECTION, quotaShare: 2 / 3 };
		const api = new CognitoApi(connection, { retry: { baseDelayMs: 1, maxDelayMs: 1 } });
		const limiter = await limiterForCall(connection, 'ListUsers');
		await api.send('ListUsers', { UserPoolId: 'p_1' });
		expect(limiter.entry.rate).toBe(10);
		expect(limiter.bottleneck.jobs().length).toBe(0);
		// Recovery is asked at most once per interval; after it the spacing follows the new rate.
		await new Promise((resolve) => setTimeout(resolve, ADAPTIVE_RATE.recoveryIntervalMs + 20));
		await api.send('ListUsers', { UserPoolId: 'p_1' });
		expect(limiter.entry.rate).toBe(12);
		expect(spacingFor(limiter.entry.rate)).toBe(86);
	});
});

describe('pacing state in the real Redis at 127.0.0.1:6379', () => {
	let client: Redis;
	let store: PacingStore;
	/** A second process's view of the same Redis. */
	let otherClient: Redis;
	let other: PacingStore;

	beforeAll(() => {
		client = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
		store = redisPacingStore(client, 60_000);
		otherClient = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
		other = redisPacingStore(otherClient, 60_000);
	});
	afterAll(async () => {
		const keys = await client.keys(`b_${KEY_PREFIX}*`);
		if (keys.length) await client.del(...keys);
		client.disconnect();
		otherClient.disconnect();
	});

	it('caps dispatches per sliding window across two clients, with a TTL, timed by Redis', async () => {
		const id = `${KEY_PREFIX}:cap`;
		const results = await Promise.all(
			Array.from({ length: 10 }, async (_, i) => await (i % 2 ? other : store).tryDispatch(id, 6, 400)),
		);
		expect(results.filter((wait) => wait === 0)).toHaveLength(6);
		for (const wait of results.filter((w) => w > 0)) expect(wait).toBeLessThanOrEqual(400);
		expect(await client.zcard(`b_${id}_dispatches`)).toBe(6);
		expect(await client.pttl(`b_${id}_dispatches`)).toBeGreaterThan(50_000);
		await new Promise((resolve) => setTimeout(resolve, 420));
		expect(await store.tryDispatch(id, 6, 400)).toBe(0);
	});

	it('adapts one shared rate: two clients halving together halve once per cooldown', async () => {
		const id = `${KEY_PREFIX}:rate`;
		expect(await store.adapt(id, 20)).toBe(20);
		const after = await Promise.all([store.adapt(id, 20, 'throttled'), other.adapt(id, 20, 'throttled')]);
		expect(after).toEqual([10, 10]);
		expect(await other.adapt(id, 20)).toBe(10);
		expect(await store.adapt(id, 20, 'succeeded')).toBe(10);
		await new Promise((resolve) => setTimeout(resolve, ADAPTIVE_RATE.recoveryIntervalMs + 20));
		expect(await other.adapt(id, 20, 'succeeded')).toBe(12);
		expect(await store.adapt(id, 20)).toBe(12);
	});

	it('the shared limiter keeps the cap: 30 calls at 20/s through Redis never put more than 20 in 1 s', async () => {
		const saved = process.env[LIMITER_REDIS_URL_ENV];
		process.env[LIMITER_REDIS_URL_ENV] = REDIS_URL;
		try {
			const sentAt: number[] = [];
			cognito.on(ListUsersCommand).callsFake(() => {
				sentAt.push(Date.now());
				return { Users: [] };
			});
			// A region of its own keeps this limiter apart from other runs on the same Redis.
			const connection = { ...UNIT_CONNECTION, region: 'ap-east-1', accessKeyId: KEY_PREFIX, quotaShare: 2 / 3 };
			const api = new CognitoApi(connection);
			await Promise.all(Array.from({ length: 30 }, async () => await api.send('ListUsers', { UserPoolId: 'p_1' })));
			expect(peakIn(sentAt, 1000)).toBeLessThanOrEqual(20);
			const scope = await quotaScope(connection);
			expect(await client.zcard(`b_n8n-nodes-aws-cognito:${scope}:UserList_dispatches`)).toBeGreaterThan(0);
			await resetLimiters();
			// Only this test's limiter state (its region and key are ours): delete it.
			const mine = await client.keys(`b_n8n-nodes-aws-cognito:${scope}:*`);
			if (mine.length) await client.del(...mine);
		} finally {
			if (saved === undefined) delete process.env[LIMITER_REDIS_URL_ENV];
			else process.env[LIMITER_REDIS_URL_ENV] = saved;
		}
	});
});
