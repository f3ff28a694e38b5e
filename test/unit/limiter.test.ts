import { CognitoIdentityProviderClient, GetGroupCommand, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';

import { limiterForCall, normaliseQuotaShare, spacingFor } from '../../nodes/AwsCognito/transport/limiter';
import { CognitoApi, resetClients, resetLimiters, type CognitoConnection } from '../../nodes/AwsCognito/transport';

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
		expect(spacingFor(30 * 0.8)).toBe(42);
		expect(spacingFor(5)).toBe(200);
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

	it('limits group reads per pool at 5 rps on top of the account limit', async () => {
		cognito.on(GetGroupCommand).resolves({ Group: {} });
		const api = new CognitoApi({ ...base, quotaShare: 1 });
		// 6 calls on one pool at 5 rps: ≥ 1000 ms; the account limit alone (20 rps) would allow 250 ms.
		const onePool = await timeCalls(6, async () => await api.send('GetGroup', { UserPoolId: 'us-east-1_one', GroupName: 'g' }));
		expect(onePool).toBeGreaterThanOrEqual(1000 - 5);
	});

	it('shares one limiter per account key, region and category, and separates the rest', () => {
		const a = limiterForCall(base, 'ListUsers');
		expect(limiterForCall({ ...base }, 'ListUsersInGroup')).toBe(a);
		expect(limiterForCall(base, 'AdminGetUser')).not.toBe(a);
		expect(limiterForCall({ ...base, region: 'eu-west-1' }, 'ListUsers')).not.toBe(a);
		expect(limiterForCall({ ...base, accessKeyId: 'AKID2' }, 'ListUsers')).not.toBe(a);
		expect(limiterForCall(base, 'ListGroups', 'us-east-1_a')).not.toBe(limiterForCall(base, 'ListGroups', 'us-east-1_b'));
	});
});
