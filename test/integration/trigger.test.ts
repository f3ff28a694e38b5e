/**
 * The trigger's output modes and the action's "Take Snapshot" against moto, through the same entry
 * points n8n uses (poll() and the router), on a small pool of its own.
 */
import { AdminDisableUserCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { AwsCognitoTrigger, FINGERPRINT_KEY, MANUAL_SAMPLE_SIZE } from '../../nodes/AwsCognito/AwsCognitoTrigger.node';
import { FINGERPRINT_VERSION, type ChangeEvent } from '../../nodes/AwsCognito/sync';
import { addMembers, motoCredentials, seedGroups, seedUsers } from '../support/cognito';
import { useMotoPool } from '../support/motoPool';
import { runNode } from '../support/nodeRunner';
import { pollContext } from '../support/engine';

const USERS = 25;
const trigger = new AwsCognitoTrigger();
let client: CognitoIdentityProviderClient;
let poolId: string;
let groups: string[];

async function poll(
	staticData: IDataObject,
	parameters: IDataObject,
	mode: 'trigger' | 'manual' = 'trigger',
): Promise<INodeExecutionData[][] | null> {
	const context = pollContext({
		parameters: { userPool: { mode: 'id', value: poolId }, onFirstPoll: 'baseline', options: {}, ...parameters },
		credentials: motoCredentials(),
		mode,
		staticData,
	});
	return await trigger.poll.call(context);
}

const json = (result: INodeExecutionData[][] | null) => (result?.[0] ?? []).map((item) => item.json);

useMotoPool('trigger', {
	seed: async (pool) => {
		({ client, poolId } = pool);
		const users = await seedUsers(client, poolId, USERS, 'member');
		groups = await seedGroups(client, poolId, 3, 'team');
		await addMembers(
			client,
			poolId,
			groups[0],
			users.slice(0, 10).map((u) => u.username),
		);
		await addMembers(
			client,
			poolId,
			groups[1],
			users.slice(5, 7).map((u) => u.username),
		);
	},
});

describe('AWS Cognito Trigger against moto', () => {
	it('emits the pool as one snapshot item, and records it so that changes mode starts from it', async () => {
		const staticData: IDataObject = {};
		const [snapshot, ...rest] = json(
			await poll(staticData, { emit: 'snapshot', options: { includePoolDescription: true } }),
		);
		expect(rest).toEqual([]);
		expect(snapshot).toMatchObject({ userPoolId: poolId, pool: { id: poolId } });
		expect(snapshot.users).toHaveLength(USERS);
		expect((snapshot.groups as IDataObject[]).map((g) => [g.groupName, g.memberCount])).toEqual([
			[groups[0], 10],
			[groups[1], 2],
			[groups[2], 0],
		]);
		expect(snapshot.stats).toMatchObject({
			calls: { ListUsers: 1, ListGroups: 1, ListUsersInGroup: 3, DescribeUserPool: 1 },
			totalCalls: 6,
			plan: 'groups',
		});
		expect(staticData[FINGERPRINT_KEY]).toMatchObject({ v: FINGERPRINT_VERSION, pool: poolId });

		expect(await poll(staticData, { emit: 'changes' })).toBeNull();
		await client.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'member-0003' }));
		const events = json(await poll(staticData, { emit: 'changes' })) as unknown as ChangeEvent[];
		expect(events.map((e) => [e.event, e.username])).toEqual([['user.disabled', 'member-0003']]);
		expect(events[0].user).toMatchObject({ enabled: false, groups: [groups[0]] });
	});

	it('emits one flat row per user with its groups', async () => {
		const rows = json(await poll({}, { emit: 'users' }));
		expect(rows).toHaveLength(USERS);
		expect(rows.find((r) => r.username === 'member-0006')).toMatchObject({
			email: 'member-0006@example.com',
			given_name: 'Given6',
			groups: `${groups[0]}, ${groups[1]}`,
			groupCount: 2,
		});
		expect(rows.find((r) => r.username === 'member-0020')).toMatchObject({ groups: '', groupCount: 0 });
	});

	it('emits every user as created on a first poll set to emit all', async () => {
		const staticData: IDataObject = {};
		const events = json(
			await poll(staticData, { emit: 'changes', onFirstPoll: 'emitAll' }),
		) as unknown as ChangeEvent[];
		expect(events.filter((e) => e.event === 'user.created')).toHaveLength(USERS);
		expect(events.filter((e) => e.event === 'membership.added')).toHaveLength(12);
		expect(await poll(staticData, { emit: 'changes', onFirstPoll: 'emitAll' })).toBeNull();
	});

	it('shows a sample in a manual test run and records nothing', async () => {
		const staticData: IDataObject = {};
		expect(json(await poll(staticData, { emit: 'changes' }, 'manual'))).toHaveLength(MANUAL_SAMPLE_SIZE);
		expect(json(await poll(staticData, { emit: 'users' }, 'manual'))).toHaveLength(MANUAL_SAMPLE_SIZE);
		expect(staticData).toEqual({});
	});
});

describe('AWS Cognito → User Pool → Take Snapshot against moto', () => {
	const takeSnapshot = (output: string) =>
		runNode('userPool', 'snapshot', { output, options: {} }, { credentials: motoCredentials(), userPoolId: poolId });

	it('returns what the trigger emits in snapshot mode', async () => {
		const items = await takeSnapshot('snapshot');
		expect(items).toHaveLength(1);
		const [fromTrigger] = json(await poll({}, { emit: 'snapshot' }));
		const withoutTiming = (item: IDataObject) => ({
			...item,
			stats: { ...(item.stats as IDataObject), takenAt: 0, durationMs: 0 },
		});
		expect(withoutTiming(items[0].json)).toEqual(withoutTiming(fromTrigger));
	});

	it('returns one row per user with Output "Users"', async () => {
		const items = await takeSnapshot('users');
		expect(items).toHaveLength(USERS);
		expect(items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});
});
