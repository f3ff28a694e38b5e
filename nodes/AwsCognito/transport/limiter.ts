import Bottleneck from 'bottleneck';

import type { CognitoOperation } from './commands';
import { quotaScope } from './accountScope';
import type { CognitoConnection } from './connection';
import {
	bottleneckOptions,
	closeSharedConnections,
	limiterStoreFromEnv,
	REDIS_STATE_TTL_MS,
	sharedConnection,
	sharedLimiterFailure,
	type LimiterStoreSettings,
} from './limiterStore';
import {
	ADAPTIVE_RATE,
	CAP_WINDOW_MARGIN_MS,
	capFor,
	localPacingStore,
	PACING_HEADROOM,
	redisPacingStore,
	type PacingStore,
	type RateEvent,
} from './pacing';
import { PriorityGate } from './priorityGate';
import { CATEGORY_RATE, COMMAND_CATEGORY, DEFAULT_QUOTA_SHARE, PER_POOL_RATE, type QuotaCategory } from './quotas';
import { TimeoutError, withTimeout } from './timeout';

const sleep = async (ms: number) => await new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Calls in flight per limiter; AWS limits rates, this only bounds sockets and memory. */
const MAX_CONCURRENT = 16;

/**
 * The order of waiting calls (0 goes first). A single call goes first: someone waits for it. Then a
 * listing's first page, so that every listing starts early; then later pages, the listing with the
 * most pages left first (its critical path: the longest chains bound a full sync's wall time), from
 * lastPage for none left to mostLeft for 256 or more. Last, the pages of a listing with slack to
 * spare (see listingPriority).
 */
export const CALL_PRIORITY = { single: 0, firstPage: 1, mostLeft: 2, lastPage: 12, withSlack: 13 } as const;

/**
 * How long one priority step may hold a call back behind more urgent ones that keep arriving (see
 * PriorityGate): a page waits at most 12 s longer than in arrival order. At 100,000 users and
 * strict priorities, a small group's last page waited behind the long listings for the whole
 * 120 s call budget.
 */
export const PRIORITY_STEP_MS = 1000;

/** Up to this many pages left, each page is a priority step of its own; beyond, each doubling is. */
const LINEAR_PAGES = 4;

/**
 * The priority of a listing's next page: `pagesLeft` is how many pages it expects after this one
 * (see createPaginator); undefined for a first page. A step per page for the last few (a chain of
 * 3 goes before one of 1), then a step per doubling: with a step per page to the end, a group of
 * 100 pages and user chains of 20 ranked alike once the steps ran out, and at 300 ms a round trip
 * the group's pages queued 2 s each. A listing `withSlack` (one of the user listing's 16 chains,
 * which take well under the quota's time whatever their order) goes after every other: on a first
 * read the group sizes are unknown, and the sized chains went ahead of the biggest group, the sync's
 * critical path.
 */
export function listingPriority(pagesLeft: number | undefined, withSlack = false): number {
	if (pagesLeft === undefined) return CALL_PRIORITY.firstPage;
	if (withSlack) return CALL_PRIORITY.withSlack;
	const left = Math.max(0, pagesLeft);
	const rank = Math.min(left, LINEAR_PAGES) + Math.log2(1 + Math.max(0, left - LINEAR_PAGES) / LINEAR_PAGES);
	return CALL_PRIORITY.lastPage - Math.min(CALL_PRIORITY.lastPage - CALL_PRIORITY.mostLeft, rank);
}

/** Prefix of every limiter id, so that limiter state in a shared Redis is recognisable. */
const LIMITER_ID_PREFIX = 'n8n-nodes-aws-cognito';

/** Returned by a job that found its caller's deadline passed before it could be sent. */
export class CallBudgetSpent extends Error {
	constructor() {
		super('the time budget of this call was spent before it could be sent');
		this.name = 'CallBudgetSpent';
	}
}

/** One quota limiter: bottleneck's spacing, the dispatch cap and the adaptive rate of `id`. */
interface LimiterEntry {
	id: string;
	bottleneck: Bottleneck;
	/** Orders this limiter's waiting calls by priority before bottleneck spaces them. */
	gate: PriorityGate;
	/** The rate the share allows, in requests per second. */
	configuredRate: number;
	/** The rate the spacing is set for now (lower after throttling). */
	rate: number;
	/** When this process last asked the store to raise the rate (at most once per recovery interval). */
	recoveryAskedAt: number;
}

const limiters = new Map<string, LimiterEntry>();

interface ActiveStore {
	settings: LimiterStoreSettings;
	connection?: Bottleneck.IORedisConnection;
	pacing: PacingStore;
}

/** Read from the environment on first use; resetLimiters() forgets it. */
let storeSettings: LimiterStoreSettings | undefined;
/** The pacing state of this process, when no shared store is configured. */
let localPacing: PacingStore | undefined;

export function normaliseQuotaShare(share: number | undefined): number {
	if (share === undefined || !Number.isFinite(share)) return DEFAULT_QUOTA_SHARE;
	return Math.min(1, Math.max(0.01, share));
}

/** Minimum spacing between two calls, in ms, for a rate in requests per second (with headroom). */
export function spacingFor(ratePerSecond: number): number {
	return Math.ceil(1000 / (ratePerSecond * PACING_HEADROOM));
}

/**
 * The id of a limiter, also its name in a shared Redis: the account's quota scope (a hash of
 * account, region and endpoint that reveals no key or secret), the category and, for per-pool
 * limits, the pool.
 */
export function limiterId(scope: string, category: QuotaCategory, userPoolId?: string): string {
	const parts = [LIMITER_ID_PREFIX, scope, category];
	if (userPoolId) parts.push(userPoolId);
	return parts.join(':');
}

async function activeStore(): Promise<ActiveStore> {
	storeSettings ??= limiterStoreFromEnv();
	if (storeSettings.kind === 'local') {
		localPacing ??= localPacingStore();
		return { settings: storeSettings, pacing: localPacing };
	}
	const shared = await sharedConnection(storeSettings);
	return {
		settings: storeSettings,
		connection: shared.connection,
		pacing: redisPacingStore(shared.client, REDIS_STATE_TTL_MS),
	};
}

/** Sets the spacing; for a shared limiter this writes it to Redis, where the last writer wins. */
function applySpacing(entry: LimiterEntry, rate: number): void {
	entry.rate = rate;
	// bottleneck.d.ts types this as synchronous; it returns a promise (a Redis write when shared).
	// A failing Redis also fails the next schedule(), which reports it; nothing to add here.
	const written = entry.bottleneck.updateSettings({ minTime: spacingFor(rate) }) as unknown as Promise<unknown>;
	written.catch(() => undefined);
}

async function limiterFor(store: ActiveStore, id: string, configuredRate: number): Promise<LimiterEntry> {
	const existing = limiters.get(id);
	if (existing) {
		// The same account can be reached through credentials with different shares: the last one set wins.
		if (existing.configuredRate !== configuredRate) {
			existing.configuredRate = configuredRate;
			applySpacing(existing, Math.min(existing.rate, configuredRate));
		}
		return existing;
	}
	// A shared limiter may already be slowed down by another process's throttling: start from there.
	const rate = store.connection ? await store.pacing.adapt(id, configuredRate) : configuredRate;
	if (limiters.has(id)) return await limiterFor(store, id, configuredRate);
	const bottleneck = new Bottleneck(
		bottleneckOptions(id, { minTime: spacingFor(rate), maxConcurrent: MAX_CONCURRENT }, store.connection),
	);
	const entry: LimiterEntry = {
		id,
		bottleneck,
		gate: new PriorityGate(PRIORITY_STEP_MS),
		configuredRate,
		rate,
		recoveryAskedAt: 0,
	};
	// Shared state created by another process keeps its settings (clearDatastore: false): apply ours.
	if (store.connection) applySpacing(entry, rate);
	limiters.set(id, entry);
	return entry;
}

/**
 * The limiters one call passes, outermost first: a per-pool limiter for the categories AWS also
 * limits per pool, chained in front of the one per (account key, region, quota category).
 */
export class CallLimiter {
	constructor(
		private readonly store: ActiveStore,
		/** The limiter that schedules the call (the pool's when there is one). */
		readonly entry: LimiterEntry,
		/** Every limiter the call counts against, the scheduling one first. */
		private readonly path: readonly LimiterEntry[],
	) {}

	get bottleneck(): Bottleneck {
		return this.entry.bottleneck;
	}

	/**
	 * Runs `job` when the spacing and every cap on the path allow, or rejects with CallBudgetSpent
	 * once `deadline` (a Date.now() time) has passed. Queued calls go out by `priority` (0 first,
	 * see CALL_PRIORITY), then in arrival order. A failure of the job itself passes through
	 * unchanged; a failure of a shared limiter (Redis) becomes a SharedLimiterError.
	 */
	async schedule<T>(job: () => Promise<T>, deadline: number, priority: number = CALL_PRIORITY.single): Promise<T> {
		const settings = this.store.settings;
		let jobFailed = false;
		const remaining = deadline - Date.now();
		if (remaining <= 0) throw new CallBudgetSpent();
		const submit = async (sent: () => void): Promise<T> => {
			// Its turn may come after the budget ended (the caller has given up): send nothing.
			if (Date.now() >= deadline) throw new CallBudgetSpent();
			return await this.bottleneck.schedule(async () => {
				// Only the call past every cap lets the next one in: waiting calls stay in priority order.
				await this.waitForCaps(deadline);
				sent();
				try {
					return await job();
				} catch (error) {
					jobFailed = true;
					throw error;
				}
			});
		};
		try {
			// The call may still be waiting when the budget ends; it then finds the deadline passed and sends nothing.
			return await withTimeout(this.entry.gate.pass(priority, submit), remaining, 'budget spent');
		} catch (error) {
			if (jobFailed || error instanceof CallBudgetSpent) throw error;
			if (error instanceof TimeoutError) throw new CallBudgetSpent();
			if (settings.kind !== 'redis') throw error;
			throw sharedLimiterFailure(settings, error);
		}
	}

	/** Waits until each limiter's window has room, recording the dispatch in all of them. */
	private async waitForCaps(deadline: number): Promise<void> {
		for (const entry of this.path) {
			const margin = this.store.connection ? CAP_WINDOW_MARGIN_MS.shared : CAP_WINDOW_MARGIN_MS.local;
			const { limit, windowMs } = capFor(entry.configuredRate, margin);
			for (;;) {
				if (Date.now() >= deadline) throw new CallBudgetSpent();
				const wait = await this.store.pacing.tryDispatch(entry.id, limit, windowMs);
				if (wait === 0) break;
				await sleep(Math.min(wait, Math.max(1, deadline - Date.now())));
			}
		}
	}

	/** Cognito throttled a call: slow this limiter down (see ADAPTIVE_RATE). */
	async throttled(): Promise<void> {
		await this.adapt('throttled');
	}

	/** A call went through: let the rate recover, asking the store at most once per recovery interval. */
	async succeeded(): Promise<void> {
		const now = Date.now();
		if (now - this.entry.recoveryAskedAt < ADAPTIVE_RATE.recoveryIntervalMs) return;
		// Locally a full rate cannot grow; a shared one may have been lowered by another process.
		if (!this.store.connection && this.entry.rate >= this.entry.configuredRate) return;
		this.entry.recoveryAskedAt = now;
		await this.adapt('succeeded');
	}

	private async adapt(event: RateEvent): Promise<void> {
		const { entry } = this;
		try {
			const rate = await this.store.pacing.adapt(entry.id, entry.configuredRate, event);
			if (rate !== entry.rate) applySpacing(entry, rate);
		} catch {
			// Adapting is an optimisation: a Redis failure here fails the next schedule(), which reports it.
		}
	}
}

const callLimiters = new Map<string, CallLimiter>();

/**
 * The limiter a call must pass: one per (account, region, quota category), chained behind a
 * per-pool limiter for the categories AWS also limits per pool. With N8N_COGNITO_LIMITER_REDIS_URL
 * set, their state lives in Redis and is shared with every process using the same Redis.
 */
export async function limiterForCall(
	connection: CognitoConnection,
	operation: CognitoOperation,
	userPoolId?: string,
): Promise<CallLimiter> {
	const store = await activeStore();
	const category: QuotaCategory = COMMAND_CATEGORY[operation];
	const share = normaliseQuotaShare(connection.quotaShare);
	const scope = await quotaScope(connection);
	const accountId = limiterId(scope, category);
	const account = await limiterFor(store, accountId, CATEGORY_RATE[category] * share);
	const poolRate = PER_POOL_RATE[category];
	const poolId = poolRate !== undefined && userPoolId ? limiterId(scope, category, userPoolId) : undefined;
	const key = poolId ?? accountId;
	const known = callLimiters.get(key);
	if (known) return known;
	if (!poolId || poolRate === undefined) {
		const callLimiter = new CallLimiter(store, account, [account]);
		callLimiters.set(key, callLimiter);
		return callLimiter;
	}
	const pool = await limiterFor(store, poolId, poolRate * share);
	const raced = callLimiters.get(key);
	if (raced) return raced;
	pool.bottleneck.chain(account.bottleneck);
	const callLimiter = new CallLimiter(store, pool, [pool, account]);
	callLimiters.set(key, callLimiter);
	return callLimiter;
}

/** Stops and forgets every limiter and closes shared connections (tests, shutdown). */
export async function resetLimiters(): Promise<void> {
	const all = [...limiters.values()];
	limiters.clear();
	callLimiters.clear();
	storeSettings = undefined;
	localPacing = undefined;
	// allSettled: a limiter whose Redis is gone must not keep the connections open.
	await Promise.allSettled(all.map(async ({ bottleneck }) => await bottleneck.stop({ dropWaitingJobs: true })));
	await closeSharedConnections();
}
