import {
	CognitoIdentityProviderClient,
	GetGroupCommand,
	ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';

import {
	CALL_PRIORITY,
	limiterForCall,
	limiterId,
	listingPriority,
	normaliseQuotaShare,
	spacingFor,
} from '../../nodes/AwsCognito/transport/limiter';
import {
	CognitoApi,
	quotaScope,
	resetClients,
	resetLimiters,
	type CognitoConnection,
} from '../../nodes/AwsCognito/transport';
import { sts } from '../support/unitStsEdge';

const cognito = mockClient(CognitoIdentityProviderClient);

const base: CognitoConnection = { region: 'us-east-1', accessKeyId: 'AKID1', secretAccessKey: 's1' };

beforeEach(async () => {
	cognito.reset();
	resetClients();
	await resetLimiters();
});
afterAll(async () => await resetLimiters());

async function timeCalls(n: number, run: () => Promise<unknown>): Promise<number> {
	const started = Date.now();
	await Promise.all(Array.from({ length: n }, run));
	return Date.now() - started;
}

describe('limiter', () => {
	it('spaces calls by the quota times the share', () => {
		// With 3% headroom, so that timer jitter stays under the rate.
		expect(spacingFor(30 * 0.8)).toBe(43);
		expect(spacingFor(5)).toBe(207);
		expect(normaliseQuotaShare(undefined)).toBe(0.8);
		expect(normaliseQuotaShare(7)).toBe(1);
		expect(normaliseQuotaShare(0)).toBe(0.01);
	});

	it('N calls at R rps take at least (N - burst) / R seconds (burst = 1)', async () => {
		cognito.on(ListUsersCommand).resolves({ Users: [] });
		// UserList: 30 rps × 50% = 15 rps → 16 calls need ≥ 15/15 s = 1000 ms.
		const api = new CognitoApi({ ...base, quotaShare: 0.5 });
		const elapsed = await timeCalls(16, async () => await api.send('ListUsers', { UserPoolId: 'us-east-1_a' }));
		expect(elapsed).toBeGreaterThanOrEqual(((16 - 1) / 15) * 1000 - 5);
	});

	it('sends waiting calls by priority: single calls, first pages, the listings with the most pages left, then chains with slack', async () => {
		const sent: string[] = [];
		cognito.on(ListUsersCommand).callsFake(async (input: { Filter?: string }) => {
			sent.push(input.Filter ?? '');
			return { Users: [] };
		});
		// 3 rps: a third of a second between sends. The call after the first is handed to bottleneck at
		// once (it holds the next send time); those arriving while it waits are ordered.
		const api = new CognitoApi({ ...base, quotaShare: 0.1 });
		const call = async (filter: string, priority?: number) =>
			await api.send('ListUsers', { UserPoolId: 'us-east-1_a', Filter: filter }, { priority });
		const first = call('first');
		while (sent.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
		await Promise.all([
			first,
			call('next in line', listingPriority(0)),
			call('a page with none left', listingPriority(0)),
			call('page 1 of a listing', listingPriority(undefined)),
			call('a page with 2 left', listingPriority(2)),
			call('a single call'),
			call('page 1 of another', listingPriority(undefined)),
			call('a page with 30 left', listingPriority(30)),
			call('a user chain page with 30 left', listingPriority(30, true)),
			call('page 1 of a user chain', listingPriority(undefined, true)),
		]);
		expect(sent).toEqual([
			'first',
			'next in line',
			'a single call',
			'page 1 of a listing',
			'page 1 of another',
			'page 1 of a user chain',
			'a page with 30 left',
			'a page with 2 left',
			'a page with none left',
			'a user chain page with 30 left',
		]);
		expect(listingPriority(0)).toBe(CALL_PRIORITY.lastPage);
		expect(listingPriority(256)).toBe(CALL_PRIORITY.mostLeft);
		expect(listingPriority(1) - listingPriority(3)).toBe(2);
		expect(listingPriority(5000)).toBe(CALL_PRIORITY.mostLeft);
		// A group of 100 pages ranks ahead of user chains of 20, by more than two steps (seconds).
		expect(listingPriority(20) - listingPriority(99)).toBeGreaterThan(2);
	});

	it('limits group reads per pool at 5 rps on top of the account limit', async () => {
		cognito.on(GetGroupCommand).resolves({ Group: {} });
		const api = new CognitoApi({ ...base, quotaShare: 1 });
		// 6 calls on one pool at 5 rps: ≥ 1000 ms; the account limit alone (20 rps) would allow 250 ms.
		const onePool = await timeCalls(
			6,
			async () => await api.send('GetGroup', { UserPoolId: 'us-east-1_one', GroupName: 'g' }),
		);
		expect(onePool).toBeGreaterThanOrEqual(1000 - 5);
	});

	it('shares one limiter per account, region and category, and separates the rest', async () => {
		const a = await limiterForCall(base, 'ListUsers');
		expect(await limiterForCall({ ...base, secretAccessKey: 'other' }, 'ListUsersInGroup')).toBe(a);
		expect(await limiterForCall(base, 'AdminGetUser')).not.toBe(a);
		expect(await limiterForCall({ ...base, region: 'eu-west-1' }, 'ListUsers')).not.toBe(a);
		// Another key of the same account (STS answers one account for both) shares it; another account does not.
		expect(await limiterForCall({ ...base, accessKeyId: 'AKID2' }, 'ListUsers')).toBe(a);
		sts.on(GetCallerIdentityCommand).resolves({ Account: '210987654321' });
		expect(await limiterForCall({ ...base, accessKeyId: 'AKID3' }, 'ListUsers')).not.toBe(a);
		expect(await limiterForCall(base, 'ListGroups', 'us-east-1_a')).not.toBe(
			await limiterForCall(base, 'ListGroups', 'us-east-1_b'),
		);
	});

	it('keeps limiters in this process when N8N_COGNITO_LIMITER_REDIS_URL is unset', async () => {
		const saved = process.env.N8N_COGNITO_LIMITER_REDIS_URL;
		delete process.env.N8N_COGNITO_LIMITER_REDIS_URL;
		try {
			const limiter = await limiterForCall(base, 'ListUsers');
			expect(limiter.bottleneck.datastore).toBe('local');
			expect(limiter.bottleneck.connection).toBeFalsy();
		} finally {
			if (saved !== undefined) process.env.N8N_COGNITO_LIMITER_REDIS_URL = saved;
		}
	});

	it('names limiters by account hash, category and pool, never by key or secret', async () => {
		const connection = {
			...base,
			accessKeyId: 'AKIAEXAMPLEKEY123',
			secretAccessKey: 'wJalrSECRET',
			sessionToken: 'TOKEN123',
		};
		const scope = await quotaScope(connection);
		expect(limiterId(scope, 'UserList')).toBe(`n8n-nodes-aws-cognito:${scope}:UserList`);
		expect(limiterId(scope, 'UserPoolResourceRead', 'us-east-1_a')).toBe(
			`n8n-nodes-aws-cognito:${scope}:UserPoolResourceRead:us-east-1_a`,
		);
		expect(scope).toMatch(/^[0-9a-f]{16}$/);
		for (const secret of ['AKIAEXAMPLEKEY123', 'wJalrSECRET', 'TOKEN123', '123456789012']) {
			expect(scope).not.toContain(secret);
		}
		// Another key of the same account (STS answers the same account) shares the quota; a region does not.
		expect(await quotaScope({ ...connection, accessKeyId: 'AKIAOTHERKEY', secretAccessKey: 'other' })).toBe(scope);
		expect(await quotaScope({ ...connection, region: 'eu-west-1' })).not.toBe(scope);
	});
});
