import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import Bottleneck from 'bottleneck';

import {
	bottleneckOptions,
	LIMITER_REDIS_URL_ENV,
	limiterStoreFromEnv,
	REDIS_STATE_TTL_MS,
	SharedLimiterError,
	sharedLimiterFailure,
} from '../../nodes/AwsCognito/transport/limiterStore';
import { CognitoApi, resetLimiters } from '../../nodes/AwsCognito/transport';

const url = (value: string) => ({ [LIMITER_REDIS_URL_ENV]: value });

function thrown(run: () => unknown): Error {
	try {
		run();
	} catch (error) {
		return error as Error;
	}
	throw new Error('expected an error');
}

describe('limiter store settings from the environment', () => {
	it('is local when the variable is unset, empty or blank', () => {
		expect(limiterStoreFromEnv({})).toEqual({ kind: 'local' });
		expect(limiterStoreFromEnv(url(''))).toEqual({ kind: 'local' });
		expect(limiterStoreFromEnv(url('  '))).toEqual({ kind: 'local' });
	});

	it('ignores n8n queue mode unless asked: the variable alone decides', () => {
		expect(
			limiterStoreFromEnv({
				EXECUTIONS_MODE: 'queue',
				QUEUE_BULL_REDIS_HOST: 'redis',
				QUEUE_BULL_REDIS_PASSWORD: 'pw',
			}),
		).toEqual({ kind: 'local' });
	});

	it('reads a redis:// URL', () => {
		expect(limiterStoreFromEnv(url('redis://127.0.0.1:6379/0'))).toEqual({
			kind: 'redis',
			redis: { host: '127.0.0.1', port: 6379, db: 0, username: undefined, password: undefined, tls: undefined },
			description: 'redis://127.0.0.1:6379/0',
			source: LIMITER_REDIS_URL_ENV,
		});
		const defaults = limiterStoreFromEnv(url('redis://cache.internal'));
		expect(defaults.kind === 'redis' && defaults.redis).toMatchObject({ host: 'cache.internal', port: 6379, db: 0 });
		const ipv6 = limiterStoreFromEnv(url('redis://[::1]:6380/2'));
		expect(ipv6.kind === 'redis' && [ipv6.redis.host, ipv6.description]).toEqual(['::1', 'redis://[::1]:6380/2']);
	});

	it('reads rediss:// with user and encoded password, and never describes the password', () => {
		const settings = limiterStoreFromEnv(url('rediss://limiter:p%40ss%2Fw0rd@redis.example.com:6380/3'));
		expect(settings).toEqual({
			kind: 'redis',
			redis: { host: 'redis.example.com', port: 6380, db: 3, username: 'limiter', password: 'p@ss/w0rd', tls: {} },
			description: 'rediss://redis.example.com:6380/3',
			source: LIMITER_REDIS_URL_ENV,
		});
	});

	it.each([
		['no scheme', 'localhost:6379'],
		['http', 'http://user:s3cr3t-pw@localhost:6379/0'],
		['garbage', 'not a url s3cr3t-pw'],
	])('rejects a value that is not a Redis URL (%s), naming the variable and not echoing it', (_, value) => {
		const error = thrown(() => limiterStoreFromEnv(url(value)));
		expect(error).toBeInstanceOf(SharedLimiterError);
		expect(error.message).toContain(LIMITER_REDIS_URL_ENV);
		expect(error.message).toContain('redis://127.0.0.1:6379/0');
		expect(error.message).not.toContain('s3cr3t-pw');
	});

	it('rejects a database that is not a number', () => {
		const error = thrown(() => limiterStoreFromEnv(url('redis://:s3cr3t-pw@localhost:6379/cache')));
		expect(error.message).toBe(
			`${LIMITER_REDIS_URL_ENV}: the database (after the last "/") must be a number such as 0`,
		);
	});

	it('never echoes a password placed where the database goes', () => {
		const error = thrown(() => limiterStoreFromEnv(url('redis://127.0.0.1:6379/hunter2-secret')));
		expect(error.message).toMatch(/the database .* must be a number/);
		expect(error.message).not.toContain('hunter2');
	});

	describe('"queue": the Redis of n8n queue mode', () => {
		it('uses QUEUE_BULL_REDIS_HOST, PORT, DB, USERNAME, PASSWORD and TLS', () => {
			const settings = limiterStoreFromEnv({
				...url('queue'),
				EXECUTIONS_MODE: 'queue',
				QUEUE_BULL_REDIS_HOST: 'redis.internal',
				QUEUE_BULL_REDIS_PORT: '6390',
				QUEUE_BULL_REDIS_DB: '4',
				QUEUE_BULL_REDIS_USERNAME: 'n8n',
				QUEUE_BULL_REDIS_PASSWORD: 'queue-s3cr3t',
				QUEUE_BULL_REDIS_TLS: 'true',
			});
			expect(settings).toEqual({
				kind: 'redis',
				redis: { host: 'redis.internal', port: 6390, db: 4, username: 'n8n', password: 'queue-s3cr3t', tls: {} },
				description: 'rediss://redis.internal:6390/4',
				source: `${LIMITER_REDIS_URL_ENV}="queue" and QUEUE_BULL_REDIS_*`,
			});
		});

		it("falls back to n8n's defaults (localhost:6379, db 0, no password)", () => {
			const settings = limiterStoreFromEnv(url('queue'));
			expect(settings.kind === 'redis' && settings.redis).toEqual({
				host: 'localhost',
				port: 6379,
				db: 0,
				username: undefined,
				password: undefined,
				tls: undefined,
			});
		});

		it('reads QUEUE_BULL_REDIS_PASSWORD_FILE', () => {
			const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'limiter-store-'));
			try {
				const file = path.join(dir, 'password');
				fs.writeFileSync(file, 'from-file-pw\n');
				const settings = limiterStoreFromEnv({ ...url('queue'), QUEUE_BULL_REDIS_PASSWORD_FILE: file });
				expect(settings.kind === 'redis' && settings.redis.password).toBe('from-file-pw');
			} finally {
				fs.rmSync(dir, { recursive: true, force: true });
			}
		});

		it('rejects a Redis cluster and a bad port, naming the variables', () => {
			expect(
				thrown(() => limiterStoreFromEnv({ ...url('queue'), QUEUE_BULL_REDIS_CLUSTER_NODES: 'a:1,b:2' })).message,
			).toMatch(
				/N8N_COGNITO_LIMITER_REDIS_URL="queue" does not support a Redis cluster \(QUEUE_BULL_REDIS_CLUSTER_NODES\)/,
			);
			expect(thrown(() => limiterStoreFromEnv({ ...url('queue'), QUEUE_BULL_REDIS_PORT: 'abc' })).message).toBe(
				'QUEUE_BULL_REDIS_PORT must be a port number such as 6379',
			);
		});
	});
});

describe('bottleneck options per limiter', () => {
	const settings = { minTime: 42, maxConcurrent: 16 };

	it('are exactly the local ones without a shared connection', () => {
		expect(bottleneckOptions('n8n-nodes-aws-cognito:abc:UserList', settings, undefined)).toEqual(settings);
	});

	it('share state through Redis under the limiter id, keeping what other processes wrote', () => {
		// Never connected: the object only has to be an IORedisConnection to be passed along.
		const connection = Object.create(Bottleneck.IORedisConnection.prototype) as Bottleneck.IORedisConnection;
		expect(bottleneckOptions('n8n-nodes-aws-cognito:abc:UserList', settings, connection)).toEqual({
			minTime: 42,
			maxConcurrent: 16,
			id: 'n8n-nodes-aws-cognito:abc:UserList',
			datastore: 'ioredis',
			connection,
			clearDatastore: false,
			timeout: REDIS_STATE_TTL_MS,
		});
	});
});

describe('shared limiter failures', () => {
	afterEach(async () => {
		delete process.env[LIMITER_REDIS_URL_ENV];
		await resetLimiters();
	});

	it('name the server and the variable, and redact the password', () => {
		const settings = limiterStoreFromEnv(url('redis://:pw-in-url-123@10.0.0.5:6379/1'));
		if (settings.kind !== 'redis') throw new Error('expected redis settings');
		const error = sharedLimiterFailure(settings, new Error('WRONGPASS pw-in-url-123 rejected.'), 'is unreachable');
		expect(error.message).toBe(
			`The shared Cognito rate limiter in Redis at redis://10.0.0.5:6379/1 (set by ${LIMITER_REDIS_URL_ENV}) is unreachable: WRONGPASS [redacted] rejected. Start that Redis or fix the setting; unset ${LIMITER_REDIS_URL_ENV} to pace calls in each n8n process separately.`,
		);
	});

	it('reach the caller of api.send as they are, before any Cognito call', async () => {
		process.env[LIMITER_REDIS_URL_ENV] = 'http://not-redis';
		await resetLimiters();
		const api = new CognitoApi({ region: 'us-east-1', accessKeyId: 'AKID', secretAccessKey: 's', quotaShare: 1 });
		const error = await api.send('ListUsers', { UserPoolId: 'us-east-1_a' }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(SharedLimiterError);
		expect((error as Error).message).toMatch(/^N8N_COGNITO_LIMITER_REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
		expect(api.metrics.calls).toEqual({});
	});
});
