/**
 * The user pool operations against moto. ListUserPools lists every pool on a server, so this file
 * runs its own moto: other test files' pools, created and deleted meanwhile, stay out.
 */
import { CreateUserPoolCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { INodeExecutionData } from 'n8n-workflow';

import { resetClients, resetLimiters } from '../../nodes/AwsCognito/transport';
import {
	createPool,
	makeClient,
	mapWithConcurrency,
	motoCredentials,
	seedUsers,
	TEST_REGION,
} from '../support/cognito';
import { startMoto, type MotoServer } from '../support/moto';
import { runNode } from '../support/nodeRunner';

const EXTRA_POOLS = 64;

let moto: MotoServer;
let client: CognitoIdentityProviderClient;
let poolId: string;
let allPoolIds: string[];

async function run(operation: string, parameters: Record<string, unknown>): Promise<INodeExecutionData[]> {
	return await runNode('userPool', operation, parameters, { credentials: motoCredentials(moto.endpoint) });
}

beforeAll(async () => {
	moto = await startMoto();
	client = makeClient(moto.endpoint);
	const created = await client.send(
		new CreateUserPoolCommand({
			PoolName: 'customers',
			UserPoolTier: 'ESSENTIALS',
			DeletionProtection: 'ACTIVE',
			AliasAttributes: ['email'],
			Schema: [
				{ Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true },
				{ Name: 'family_name', AttributeDataType: 'String', Required: true, Mutable: true },
				{ Name: 'department', AttributeDataType: 'String', Mutable: true },
			],
		}),
	);
	poolId = created.UserPool?.Id ?? '';
	await seedUsers(client, poolId, 3, 'customer');
	const extra = await mapWithConcurrency(
		Array.from({ length: EXTRA_POOLS }, (_, i) => `extra-${String(i + 1).padStart(3, '0')}`),
		8,
		async (name) => await createPool(client, name),
	);
	allPoolIds = [poolId, ...extra];
}, 60_000);

afterAll(async () => {
	client?.destroy();
	resetClients();
	await resetLimiters();
	await moto?.stop();
});

describe('user pool get', () => {
	it('describes the pool, simplified: feature tier, required and custom attributes', async () => {
		const [item] = await run('get', { userPool: { mode: 'list', value: poolId }, simplify: true });

		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toEqual(
			expect.objectContaining({
				id: poolId,
				name: 'customers',
				arn: expect.stringContaining(`:userpool/${poolId}`),
				featureTier: 'ESSENTIALS',
				deletionProtection: 'ACTIVE',
				aliasAttributes: ['email'],
				estimatedNumberOfUsers: 3,
				customAttributes: ['custom:department'],
				createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			}),
		);
		expect(item.json.requiredAttributes).toEqual(expect.arrayContaining(['email', 'family_name']));
		expect(item.json.requiredAttributes).not.toContain('custom:department');
	});

	it('returns the raw description without $metadata when Simplify is off', async () => {
		const [item] = await run('get', { userPool: { mode: 'id', value: poolId }, simplify: false });
		expect(item.json).toEqual(
			expect.objectContaining({ Id: poolId, Name: 'customers', SchemaAttributes: expect.any(Array) }),
		);
		expect(item.json).not.toHaveProperty('$metadata');
		expect(item.json).not.toHaveProperty('UserPool');
	});

	it('names the pool and the region when it does not exist', async () => {
		const missing = `${TEST_REGION}_NoSuchPool3`;
		await expect(run('get', { userPool: { mode: 'id', value: missing }, simplify: true })).rejects.toThrow(
			`User pool "${missing}" was not found in region "${TEST_REGION}"`,
		);
	});
});

describe('user pool getAll', () => {
	it(`lists all ${EXTRA_POOLS + 1} pools across pages, each once`, async () => {
		const output = await run('getAll', { returnAll: true, simplify: true });

		const ids = output.map((item) => item.json.id);
		expect(ids).toHaveLength(allPoolIds.length);
		expect(new Set(ids)).toEqual(new Set(allPoolIds));
		expect(output.find((item) => item.json.id === poolId)?.json).toEqual({
			id: poolId,
			name: 'customers',
			createdAt: expect.any(String),
			updatedAt: expect.any(String),
		});
	});

	it('stops at the limit', async () => {
		const output = await run('getAll', { returnAll: false, limit: 61, simplify: false });
		expect(output).toHaveLength(61);
		expect(new Set(output.map((item) => item.json.Id)).size).toBe(61);
		expect(output[0].json).toEqual(expect.objectContaining({ Id: expect.any(String), Name: expect.any(String) }));
	});
});
