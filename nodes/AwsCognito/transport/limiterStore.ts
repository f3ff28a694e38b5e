/**
 * Where the rate limiters keep their state: in this process (the default), or in Redis so that
 * several n8n processes (queue-mode workers) pace one AWS account's quota together, through
 * bottleneck's clustering.
 */
import { readFileSync } from 'fs';

import Bottleneck from 'bottleneck';
import type { Redis, RedisOptions } from 'ioredis';

import { networkCodesInWords } from './errors';
import { redactSecrets } from './redaction';
import { withTimeout } from './timeout';

/** Set to a redis:// or rediss:// URL, or to `queue` to reuse n8n's queue-mode Redis settings. */
export const LIMITER_REDIS_URL_ENV = 'N8N_COGNITO_LIMITER_REDIS_URL';
/** The value of LIMITER_REDIS_URL_ENV that means "the Redis n8n's queue mode uses". */
export const USE_N8N_QUEUE_REDIS = 'queue';

/** How long connecting to Redis may take before the first call fails. */
export const REDIS_CONNECT_TIMEOUT_MS = 5_000;
/** After a failed connection, calls fail at once for this long, then connecting is tried again. */
export const REDIS_RETRY_AFTER_MS = 30_000;
/** Limiter state left in Redis expires after this long without calls. */
export const REDIS_STATE_TTL_MS = 15 * 60_000;

export type LimiterStoreSettings =
	| { kind: 'local' }
	| {
			kind: 'redis';
			/** Options for ioredis; may hold a password, so never printed. */
			redis: RedisOptions;
			/** The server as `redis://host:port/db`, without user or password, for messages. */
			description: string;
			/** The environment variables these settings came from, for messages. */
			source: string;
	  };

/** The shared limiter store is misconfigured or unavailable. Never carries a password. */
export class SharedLimiterError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'SharedLimiterError';
	}
}

type Env = Readonly<Record<string, string | undefined>>;

function describeServer(redis: RedisOptions): string {
	const scheme = redis.tls ? 'rediss' : 'redis';
	const host = redis.host?.includes(':') ? `[${redis.host}]` : redis.host;
	return `${scheme}://${host}:${redis.port}/${redis.db}`;
}

function parseDb(text: string, where: string): number {
	// Not echoed: a password pasted into the wrong part of a URL would land here.
	if (!/^\d+$/.test(text)) {
		throw new SharedLimiterError(`${where}: the database (after the last "/") must be a number such as 0`);
	}
	return Number(text);
}

function fromUrl(value: string): RedisOptions {
	const usage = `${LIMITER_REDIS_URL_ENV} must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379/0, or "${USE_N8N_QUEUE_REDIS}" to use n8n's QUEUE_BULL_REDIS_* settings`;
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		// The value may hold a password: never echo it.
		throw new SharedLimiterError(usage);
	}
	if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new SharedLimiterError(usage);
	if (!url.hostname) throw new SharedLimiterError(usage);
	const path = url.pathname.replace(/^\//, '');
	return {
		host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
		port: url.port ? Number(url.port) : 6379,
		db: path ? parseDb(path, LIMITER_REDIS_URL_ENV) : 0,
		username: url.username ? decodeURIComponent(url.username) : undefined,
		password: url.password ? decodeURIComponent(url.password) : undefined,
		tls: url.protocol === 'rediss:' ? {} : undefined,
	};
}

/** n8n's own queue-mode connection settings (QUEUE_BULL_REDIS_*), with n8n's defaults. */
function fromN8nQueueSettings(env: Env): RedisOptions {
	if (env.QUEUE_BULL_REDIS_CLUSTER_NODES) {
		throw new SharedLimiterError(
			`${LIMITER_REDIS_URL_ENV}="${USE_N8N_QUEUE_REDIS}" does not support a Redis cluster (QUEUE_BULL_REDIS_CLUSTER_NODES): set ${LIMITER_REDIS_URL_ENV} to the URL of a single Redis server`,
		);
	}
	const port = env.QUEUE_BULL_REDIS_PORT || '6379';
	if (!/^\d+$/.test(port)) {
		throw new SharedLimiterError('QUEUE_BULL_REDIS_PORT must be a port number such as 6379');
	}
	let password = env.QUEUE_BULL_REDIS_PASSWORD || undefined;
	if (!password && env.QUEUE_BULL_REDIS_PASSWORD_FILE) {
		try {
			password = readFileSync(env.QUEUE_BULL_REDIS_PASSWORD_FILE, 'utf8').trim();
		} catch {
			throw new SharedLimiterError('Cannot read the file named by QUEUE_BULL_REDIS_PASSWORD_FILE');
		}
	}
	return {
		host: env.QUEUE_BULL_REDIS_HOST || 'localhost',
		port: Number(port),
		db: parseDb(env.QUEUE_BULL_REDIS_DB || '0', 'QUEUE_BULL_REDIS_DB'),
		username: env.QUEUE_BULL_REDIS_USERNAME || undefined,
		password,
		tls: env.QUEUE_BULL_REDIS_TLS === 'true' ? {} : undefined,
	};
}

/**
 * Reads the limiter store from the environment: local unless LIMITER_REDIS_URL_ENV is set.
 * Throws a SharedLimiterError, naming the variable, when it is set but unusable.
 */
export function limiterStoreFromEnv(env: Env = process.env): LimiterStoreSettings {
	const value = env[LIMITER_REDIS_URL_ENV]?.trim();
	if (!value) return { kind: 'local' };
	const useQueue = value === USE_N8N_QUEUE_REDIS;
	const redis = useQueue ? fromN8nQueueSettings(env) : fromUrl(value);
	const source = useQueue
		? `${LIMITER_REDIS_URL_ENV}="${USE_N8N_QUEUE_REDIS}" and QUEUE_BULL_REDIS_*`
		: LIMITER_REDIS_URL_ENV;
	return { kind: 'redis', redis, description: describeServer(redis), source };
}

/** Bottleneck options for one limiter: `id` names its state in Redis when the store is shared. */
export function bottleneckOptions(
	id: string,
	settings: { minTime: number; maxConcurrent: number },
	connection: Bottleneck.IORedisConnection | undefined,
): Bottleneck.ConstructorOptions {
	if (!connection) return { ...settings };
	return {
		...settings,
		id,
		datastore: 'ioredis',
		connection,
		// Other processes may be using this limiter's state right now.
		clearDatastore: false,
		timeout: REDIS_STATE_TTL_MS,
	};
}

function reasonOf(error: unknown, password: string | undefined): string {
	// Not `instanceof Error`: socket errors may come from another realm (jest, vm).
	const message = (error as { message?: unknown } | undefined)?.message;
	const text = (typeof message === 'string' ? message : String(error)).replace(/[.\s]+$/, '');
	// In words: n8n would replace a message naming ECONNREFUSED with its own generic text.
	return networkCodesInWords(redactSecrets(text, [password]));
}

/** Wraps a failure of the Redis-backed limiter so that it names the server and the variable. */
export function sharedLimiterFailure(
	settings: Extract<LimiterStoreSettings, { kind: 'redis' }>,
	error: unknown,
	what = 'failed',
): SharedLimiterError {
	return new SharedLimiterError(
		`The shared Cognito rate limiter in Redis at ${settings.description} (set by ${settings.source}) ${what}: ${reasonOf(error, settings.redis.password)}. Start that Redis or fix the setting; unset ${LIMITER_REDIS_URL_ENV} to pace calls in each n8n process separately.`,
	);
}

/** A connection to the shared store: bottleneck's, and its plain client for our own scripts. */
export interface SharedRedis {
	connection: Bottleneck.IORedisConnection;
	client: Redis;
}

/** Opens one connection (a client and a subscriber), or fails on the first connection error. */
async function openConnection(settings: Extract<LimiterStoreSettings, { kind: 'redis' }>): Promise<SharedRedis> {
	// Loaded only when a shared store is configured: local limiters never load ioredis.
	const { default: Redis } = await import('ioredis');
	const client = new Redis({ ...settings.redis, connectTimeout: REDIS_CONNECT_TIMEOUT_MS });
	// ioredis prints unhandled errors; ours reach the calls that need Redis, which report them.
	client.on('error', () => undefined);
	let connection: Bottleneck.IORedisConnection | undefined;
	try {
		await withTimeout(
			new Promise<void>((resolve, reject) => {
				const onReady = (): void => {
					client.off('error', onError);
					resolve();
				};
				const onError = (error: Error): void => {
					client.off('ready', onReady);
					reject(error);
				};
				client.once('ready', onReady);
				client.once('error', onError);
			}),
			REDIS_CONNECT_TIMEOUT_MS,
			`no answer within ${REDIS_CONNECT_TIMEOUT_MS} ms`,
		);
		connection = new Bottleneck.IORedisConnection({ client, Redis });
		connection.on('error', () => undefined);
		// bottleneck.d.ts declares `ready` a method; it is a promise of the connected clients.
		const { ready } = connection as unknown as { ready: Promise<unknown> };
		await withTimeout(ready, REDIS_CONNECT_TIMEOUT_MS, `no answer within ${REDIS_CONNECT_TIMEOUT_MS} ms`);
		return { connection, client };
	} catch (error) {
		if (connection) await connection.disconnect(false);
		else client.disconnect();
		throw sharedLimiterFailure(settings, error, 'is unreachable');
	}
}

interface ConnectionState {
	connecting: Promise<SharedRedis>;
	failedAt?: number;
}

/** One connection per Redis server, shared by every limiter of this process. */
const connections = new Map<string, ConnectionState>();

function connectionKey(redis: RedisOptions): string {
	return JSON.stringify([redis.host, redis.port, redis.db, redis.username, redis.password, Boolean(redis.tls)]);
}

/**
 * The shared connection to the store's Redis. Concurrent callers wait for the same attempt; after a
 * failure every call fails at once with the same error for REDIS_RETRY_AFTER_MS, then it is retried.
 */
export async function sharedConnection(
	settings: Extract<LimiterStoreSettings, { kind: 'redis' }>,
): Promise<SharedRedis> {
	const key = connectionKey(settings.redis);
	let state = connections.get(key);
	if (!state || (state.failedAt !== undefined && Date.now() - state.failedAt >= REDIS_RETRY_AFTER_MS)) {
		const fresh: ConnectionState = { connecting: openConnection(settings) };
		fresh.connecting.catch(() => {
			fresh.failedAt = Date.now();
		});
		connections.set(key, fresh);
		state = fresh;
	}
	return await state.connecting;
}

/** Closes every shared connection (tests, shutdown). */
export async function closeSharedConnections(): Promise<void> {
	const all = [...connections.values()];
	connections.clear();
	await Promise.all(
		all.map(async (state) => {
			const shared = await state.connecting.catch(() => undefined);
			if (shared) await shared.connection.disconnect(false);
		}),
	);
}
