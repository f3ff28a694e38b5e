import {
	DescribeUserPoolCommand,
	ListUserPoolsCommand,
	ResourceNotFoundException,
	type UserPoolDescriptionType,
	type UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { description as nodeDescription } from '../../nodes/AwsCognito/actions/node.description';
import * as userPool from '../../nodes/AwsCognito/actions/userPool';
import { unitCredentials, useMockedCognito } from '../support/mockedCognito';
import { nodeRunner } from '../support/nodeRunner';

const cognito = useMockedCognito();

const POOL_ID = 'us-east-1_PoolUnit1';
const DEFAULT_POOL_ID = 'us-east-1_DefaultPool';
const CREDENTIALS = unitCredentials('pool');
const metadata = { $metadata: { httpStatusCode: 200, requestId: 'req-1' } };

const { run, runError } = nodeRunner('userPool', { credentials: CREDENTIALS });

const POOL: UserPoolType = {
	Id: POOL_ID,
	Name: 'customers',
	Arn: `arn:aws:cognito-idp:us-east-1:123456789012:userpool/${POOL_ID}`,
	UserPoolTier: 'ESSENTIALS',
	EstimatedNumberOfUsers: 420,
	MfaConfiguration: 'OPTIONAL',
	DeletionProtection: 'ACTIVE',
	UsernameAttributes: ['email'],
	SchemaAttributes: [
		{ Name: 'sub', Required: true, Mutable: false },
		{ Name: 'email', Required: true, Mutable: true },
		{ Name: 'name', Required: false, Mutable: true },
		{ Name: 'custom:department', Required: false, Mutable: true },
	],
	CreationDate: new Date('2024-01-02T03:04:05.000Z'),
	LastModifiedDate: new Date('2024-02-03T04:05:06.000Z'),
};

function summary(index: number): UserPoolDescriptionType {
	return {
		Id: `us-east-1_Pool${String(index).padStart(4, '0')}`,
		Name: `pool-${index}`,
		CreationDate: new Date('2024-01-02T03:04:05.000Z'),
		LastModifiedDate: new Date('2024-02-03T04:05:06.000Z'),
	};
}

describe('user pool operation list', () => {
	// Other operations (snapshot) join this list later: the test checks ours and the list's order.
	it('offers get and getAll among its operations, sorted by name, each with an action', () => {
		const options = (userPool.operationField.options ?? []) as Array<{ name: string; value: string; action?: string }>;
		expect(options.map((o) => [o.name, o.value])).toEqual(
			expect.arrayContaining([
				['Get', 'get'],
				['Get Many', 'getAll'],
			]),
		);
		const names = options.map((o) => o.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		expect(options.map((o) => o.value).sort()).toEqual(Object.keys(userPool.operations).sort());
		for (const option of options) expect(option.action).toMatch(/user pool/i);
	});

	it('shows the User Pool locator for Get, not for Get Many', () => {
		const poolLocators = nodeDescription.properties.filter(
			(p) => p.name === 'userPool' && p.displayOptions?.show?.resource?.includes('userPool'),
		);
		const operationsShown = poolLocators.flatMap((p) => (p.displayOptions?.show?.operation ?? []) as string[]);
		expect(operationsShown).toContain('get');
		expect(operationsShown).not.toContain('getAll');
	});
});

describe('user pool get', () => {
	it('sends DescribeUserPool for the selected pool and simplifies it, tier and required attributes included', async () => {
		cognito.on(DescribeUserPoolCommand).resolves({ UserPool: POOL, ...metadata });

		const output = await run('get', { userPool: { mode: 'list', value: POOL_ID }, simplify: true });

		expect(cognito.commandCalls(DescribeUserPoolCommand).map((c) => c.args[0].input)).toEqual([
			{ UserPoolId: POOL_ID },
		]);
		expect(output).toEqual([
			{
				json: {
					id: POOL_ID,
					name: 'customers',
					arn: POOL.Arn,
					status: undefined,
					featureTier: 'ESSENTIALS',
					estimatedNumberOfUsers: 420,
					mfa: 'OPTIONAL',
					deletionProtection: 'ACTIVE',
					usernameAttributes: ['email'],
					aliasAttributes: undefined,
					requiredAttributes: ['sub', 'email'],
					customAttributes: ['custom:department'],
					createdAt: '2024-01-02T03:04:05.000Z',
					updatedAt: '2024-02-03T04:05:06.000Z',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('returns the pool as Cognito described it, without $metadata, when Simplify is off', async () => {
		cognito.on(DescribeUserPoolCommand).resolves({ UserPool: POOL, ...metadata });

		const [item] = await run('get', { userPool: { mode: 'id', value: POOL_ID }, simplify: false });

		expect(item.json).toEqual(POOL);
	});

	it("uses the credential's default pool when User Pool is empty", async () => {
		cognito.on(DescribeUserPoolCommand).resolves({ UserPool: { ...POOL, Id: DEFAULT_POOL_ID } });

		await run(
			'get',
			{ userPool: { mode: 'list', value: '' }, simplify: true },
			{
				credentials: { ...CREDENTIALS, userPoolId: DEFAULT_POOL_ID },
			},
		);

		expect(cognito.commandCalls(DescribeUserPoolCommand)[0].args[0].input).toEqual({ UserPoolId: DEFAULT_POOL_ID });
	});

	it('says how to choose a pool when neither the node nor the credential names one', async () => {
		const error = await runError('get', { userPool: { mode: 'list', value: '' }, simplify: true });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('No user pool selected');
		expect(error.description).toMatch(/Default User Pool ID/);
		expect(cognito.calls()).toHaveLength(0);
	});

	it('names the pool and the region when the pool does not exist, and pairs the error item', async () => {
		cognito.on(DescribeUserPoolCommand).rejects(
			new ResourceNotFoundException({
				message: `User pool ${POOL_ID} does not exist.`,
				$metadata: { httpStatusCode: 400 },
			}),
		);

		const error = await runError('get', { userPool: { mode: 'id', value: POOL_ID }, simplify: true });
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(`User pool "${POOL_ID}" was not found in region "us-east-1"`);

		const output = await run(
			'get',
			{ userPool: { mode: 'id', value: POOL_ID }, simplify: true },
			{ continueOnFail: true, items: 2 },
		);
		expect(output).toEqual([
			{ json: { error: error.message }, pairedItem: { item: 0 } },
			{ json: { error: error.message }, pairedItem: { item: 1 } },
		]);
	});
});

describe('user pool getAll', () => {
	it('follows NextToken to the last page with MaxResults 60', async () => {
		cognito
			.on(ListUserPoolsCommand)
			.resolvesOnce({ UserPools: Array.from({ length: 60 }, (_, i) => summary(i)), NextToken: 'p1' })
			.resolvesOnce({ UserPools: Array.from({ length: 7 }, (_, i) => summary(60 + i)) });

		const output = await run('getAll', { returnAll: true, simplify: true });

		expect(cognito.commandCalls(ListUserPoolsCommand).map((c) => c.args[0].input)).toEqual([
			{ MaxResults: 60, NextToken: undefined },
			{ MaxResults: 60, NextToken: 'p1' },
		]);
		expect(output).toHaveLength(67);
		expect(output[66]).toEqual({
			json: {
				id: 'us-east-1_Pool0066',
				name: 'pool-66',
				createdAt: '2024-01-02T03:04:05.000Z',
				updatedAt: '2024-02-03T04:05:06.000Z',
			},
			pairedItem: { item: 0 },
		});
	});

	it('never asks for more than 60 a page, and stops at the limit', async () => {
		cognito
			.on(ListUserPoolsCommand)
			.resolvesOnce({ UserPools: Array.from({ length: 60 }, (_, i) => summary(i)), NextToken: 'p1' })
			.resolvesOnce({ UserPools: Array.from({ length: 60 }, (_, i) => summary(60 + i)), NextToken: 'p2' });

		const output = await run('getAll', { returnAll: false, limit: 100, simplify: true });

		expect(cognito.commandCalls(ListUserPoolsCommand).map((c) => c.args[0].input)).toEqual([
			{ MaxResults: 60, NextToken: undefined },
			{ MaxResults: 60, NextToken: 'p1' },
		]);
		expect(output).toHaveLength(100);
	});

	it('asks for just the limit when it is below 60', async () => {
		cognito.on(ListUserPoolsCommand).resolves({ UserPools: [summary(1), summary(2)], NextToken: 'more' });

		const output = await run('getAll', { returnAll: false, limit: 2, simplify: false });

		expect(cognito.commandCalls(ListUserPoolsCommand).map((c) => c.args[0].input)).toEqual([
			{ MaxResults: 2, NextToken: undefined },
		]);
		expect(output.map((item) => item.json)).toEqual([summary(1), summary(2)]);
	});

	it("does not need a user pool, not even the credential's", async () => {
		cognito.on(ListUserPoolsCommand).resolves({ UserPools: [summary(1)] });
		const output = await run('getAll', { returnAll: true, simplify: true });
		expect(output).toHaveLength(1);
	});

	it('names the missing IAM permission', async () => {
		cognito.on(ListUserPoolsCommand).rejects(
			Object.assign(new Error('not authorized'), {
				name: 'AccessDeniedException',
				$metadata: { httpStatusCode: 400 },
			}),
		);
		const error = await runError('getAll', { returnAll: true, simplify: true });
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe("The credential's IAM identity is not allowed to call cognito-idp:ListUserPools");
	});
});
