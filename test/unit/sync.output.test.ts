import { NodeOperationError } from 'n8n-workflow';

import * as userPool from '../../nodes/AwsCognito/actions/userPool';
import { snapshotItem, snapshotOutput, userRows } from '../../nodes/AwsCognito/sync';
import { FakePool } from '../support/fakePool';
import { useMockedCognito } from '../support/mockedCognito';
import { runNode } from '../support/nodeRunner';

const CREDENTIALS = {
	region: 'eu-west-1',
	accessKeyId: 'AKIDEXAMPLE',
	secretAccessKey: 'secret-value',
	quotaShare: 100,
};

function pool(): FakePool {
	const fake = new FakePool();
	fake.addUser('ann', { email: 'ann@example.com', email_verified: 'true', 'custom:team': 'red' });
	fake.addUser('ben', { phone_number: '+31600000000' });
	fake.addGroup('a, with comma');
	fake.addGroup('b');
	fake.addMember('a, with comma', 'ann');
	fake.addMember('b', 'ann');
	return fake;
}

describe('snapshot output', () => {
	it('one snapshot item: users with groups, groups with member counts, stats', () => {
		const fake = pool();
		const snapshot = fake.expectedSnapshot();
		const item = snapshotItem(snapshot);
		expect(item.userPoolId).toBe(fake.id);
		expect(item.users.map((u) => [u.username, u.groups])).toEqual(
			expect.arrayContaining([
				['ann', ['a, with comma', 'b']],
				['ben', []],
			]),
		);
		expect(item.groups.map((g) => [g.groupName, g.memberCount])).toEqual([
			['a, with comma', 1],
			['b', 1],
		]);
		expect(item.stats).toBe(snapshot.stats);
		expect(item).not.toHaveProperty('pool');
		expect(snapshotItem(snapshot, 1).users).toHaveLength(1);
		expect(snapshotOutput(snapshot, 'snapshot')).toEqual([item]);
	});

	it('user rows: the same columns for every user, every attribute its own column, groups joined', () => {
		const fake = pool();
		const rows = userRows(fake.expectedSnapshot());
		const ann = rows.find((r) => r.username === 'ann');
		const ben = rows.find((r) => r.username === 'ben');
		expect(Object.keys(ann ?? {})).toEqual(Object.keys(ben ?? {}));
		expect(Object.keys(ann ?? {})).toEqual([
			'sub',
			'username',
			'email',
			'email_verified',
			'given_name',
			'family_name',
			'enabled',
			'status',
			'createdAt',
			'updatedAt',
			'custom:team',
			'phone_number',
			'groups',
			'groupCount',
		]);
		expect(ann).toMatchObject({
			email_verified: true,
			'custom:team': 'red',
			phone_number: null,
			groups: 'a, with comma, b',
			groupCount: 2,
		});
		expect(ben).toMatchObject({
			email: null,
			'custom:team': null,
			phone_number: '+31600000000',
			groups: '',
			groupCount: 0,
		});
		for (const row of rows) {
			for (const value of Object.values(row))
				expect(['string', 'number', 'boolean'].includes(typeof value) || value === null).toBe(true);
		}
		expect(snapshotOutput(fake.expectedSnapshot(), 'users')).toEqual(rows);
	});

	it('user rows have no group columns when memberships were not read', () => {
		const [row] = userRows(pool().expectedSnapshot(undefined, false));
		expect(row).not.toHaveProperty('groups');
		expect(row).not.toHaveProperty('groupCount');
	});
});

describe('action: User Pool → Take Snapshot', () => {
	const cognito = useMockedCognito();
	let fake: FakePool;

	beforeEach(() => {
		fake = pool();
		fake.install(cognito);
	});

	const run = async (parameters: Record<string, unknown>, continueOnFail = false) => [
		await runNode('userPool', 'snapshot', parameters, {
			credentials: CREDENTIALS,
			userPoolId: fake.id,
			continueOnFail,
		}),
	];

	it('is listed as "Take Snapshot" with its action, and shows its fields only for itself', () => {
		const option = (userPool.operationField.options ?? []).find((o) => 'value' in o && o.value === 'snapshot');
		expect(option).toMatchObject({ name: 'Take Snapshot', action: 'Take a snapshot of a user pool' });
		expect(userPool.operations.snapshot).toBeDefined();
		const own = userPool.description.filter((p) => p.displayOptions?.show?.operation?.includes('snapshot'));
		expect(own.map((p) => p.name)).toEqual([
			'output',
			'outputAs',
			'fileFormat',
			'binaryPropertyName',
			'escapeFormulas',
			'options',
		]);
		for (const p of own) {
			expect(p.displayOptions?.show).toMatchObject({ resource: ['userPool'], operation: ['snapshot'] });
		}
		const shown = (name: string) => own.find((p) => p.name === name)?.displayOptions?.show;
		expect(shown('fileFormat')).toMatchObject({ outputAs: ['file'] });
		expect(shown('escapeFormulas')).toMatchObject({ outputAs: ['file'], fileFormat: ['csv'] });
	});

	it('returns one snapshot item by default, paired with the input item', async () => {
		const [[item, ...rest]] = await run({});
		expect(rest).toEqual([]);
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toMatchObject({ userPoolId: fake.id, stats: { plan: 'groups', totalCalls: 5 } });
		expect(item.json.users).toHaveLength(2);
	});

	it('returns one row per user with Output "Users", and the pool description when asked', async () => {
		const [items] = await run({
			output: 'users',
			options: { includePoolDescription: true, includeMemberships: false },
		});
		expect(items.map((i) => i.json.username).sort()).toEqual(['ann', 'ben']);
		expect(items[0].json).not.toHaveProperty('groups');
		expect(items.every((i) => JSON.stringify(i.pairedItem) === JSON.stringify({ item: 0 }))).toBe(true);
	});

	it('names the Output field when its value is not supported', async () => {
		await expect(run({ output: 'csv' })).rejects.toThrow(NodeOperationError);
		await expect(run({ output: 'csv' })).rejects.toThrow('Output "csv" is not supported');
		const [[item]] = await run({ output: 'csv' }, true);
		expect(item.json.error).toMatch(/Output "csv" is not supported/);
	});
});
