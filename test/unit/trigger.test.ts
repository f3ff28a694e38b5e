import {
	DescribeUserPoolCommand,
	ListUsersCommand,
	ListUsersInGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { NodeApiError, NodeOperationError, type IDataObject, type INodeExecutionData } from 'n8n-workflow';

import { AwsCognitoTrigger, FINGERPRINT_KEY, MANUAL_SAMPLE_SIZE } from '../../nodes/AwsCognito/AwsCognitoTrigger.node';
import { fingerprintOf, loadBaseline, type ChangeEvent } from '../../nodes/AwsCognito/sync';
import { FakePool } from '../support/fakePool';
import { awsError, useMockedCognito } from '../support/mockedCognito';
import { pollContext } from '../support/engine';

const cognito = useMockedCognito();
const trigger = new AwsCognitoTrigger();

const CREDENTIALS = {
	region: 'eu-west-1',
	accessKeyId: 'AKIDEXAMPLE',
	secretAccessKey: 'secret-value',
	quotaShare: 100,
};

function smallPool(): FakePool {
	const pool = new FakePool();
	for (let i = 0; i < 15; i++) {
		const name = `user-${String(i).padStart(2, '0')}`;
		pool.addUser(name, { email: `${name}@example.com`, given_name: `Given ${i}` });
	}
	pool.addGroup('admins', { Description: 'Admins' });
	pool.addGroup('staff');
	pool.addGroup('empty');
	pool.addMember('admins', 'user-00');
	for (let i = 0; i < 10; i++) pool.addMember('staff', `user-${String(i).padStart(2, '0')}`);
	return pool;
}

/** Static data that counts how often the trigger writes to it. */
function countingStaticData(initial: IDataObject = {}): { data: IDataObject; writes: () => number } {
	let writes = 0;
	const data = new Proxy(initial, {
		set(target, key, value) {
			writes++;
			return Reflect.set(target, key, value);
		},
		deleteProperty(target, key) {
			writes++;
			return Reflect.deleteProperty(target, key);
		},
	});
	return { data, writes: () => writes };
}

interface PollOptions {
	emit?: string;
	onFirstPoll?: string;
	options?: IDataObject;
	mode?: 'trigger' | 'manual';
	userPool?: unknown;
	credentials?: Record<string, unknown>;
}

let pool: FakePool;

async function poll(staticData: IDataObject, options: PollOptions = {}): Promise<INodeExecutionData[][] | null> {
	const context = pollContext({
		parameters: {
			userPool: options.userPool ?? { mode: 'id', value: pool.id },
			emit: options.emit ?? 'changes',
			onFirstPoll: options.onFirstPoll ?? 'baseline',
			options: options.options ?? {},
		},
		credentials: options.credentials ?? CREDENTIALS,
		mode: options.mode ?? 'trigger',
		staticData,
	});
	return await trigger.poll.call(context);
}

const json = (result: INodeExecutionData[][] | null) => (result?.[0] ?? []).map((item) => item.json);
const eventsOf = (result: INodeExecutionData[][] | null) => json(result) as unknown as ChangeEvent[];

beforeEach(() => {
	pool = smallPool();
	pool.install(cognito);
});

describe('trigger description', () => {
	const { description } = trigger;

	it('is a polling trigger with no inputs, using the Cognito credential and its test', () => {
		expect(description).toMatchObject({
			name: 'awsCognitoTrigger',
			displayName: 'AWS Cognito Trigger',
			polling: true,
			inputs: [],
			outputs: ['main'],
			credentials: [{ name: 'awsCognitoApi', required: true, testedBy: 'awsCognitoApiTest' }],
		});
		expect(Object.keys(trigger.methods.listSearch)).toEqual(expect.arrayContaining(['searchUserPools']));
		expect(Object.keys(trigger.methods.credentialTest)).toEqual(['awsCognitoApiTest']);
	});

	it('offers Changes, Snapshot and Users, sorted, and On First Poll only for changes', () => {
		const emit = description.properties.find((p) => p.name === 'emit');
		expect((emit?.options ?? []).map((o) => ('value' in o ? o.value : undefined))).toEqual([
			'changes',
			'snapshot',
			'users',
		]);
		const firstPoll = description.properties.find((p) => p.name === 'onFirstPoll');
		expect(firstPoll?.displayOptions).toEqual({ show: { emit: ['changes'] } });
		expect(firstPoll?.default).toBe('baseline');
		for (const property of description.properties) {
			for (const option of property.options ?? []) {
				if ('value' in option) expect(String(option.value).startsWith('=')).toBe(false);
			}
		}
	});
});

describe('changes', () => {
	it('records the first poll silently, then emits what changed, then nothing', async () => {
		const state = countingStaticData();
		expect(await poll(state.data)).toBeNull();
		expect(state.data[FINGERPRINT_KEY]).toEqual(fingerprintOf(pool.expectedSnapshot()));
		expect(state.writes()).toBe(1);

		expect(await poll(state.data)).toBeNull();
		expect(state.writes()).toBe(1); // unchanged pool: static data (and so the workflow) is not saved again

		pool.addUser('new-user', { email: 'new@example.com' });
		pool.setEnabled('user-03', false);
		pool.removeMember('staff', 'user-04');
		const events = eventsOf(await poll(state.data));
		expect(events.map((e) => [e.event, e.username])).toEqual([
			['user.created', 'new-user'],
			['user.disabled', 'user-03'],
			['membership.removed', 'user-04'],
		]);
		expect(events[0]).toMatchObject({ sub: pool.subOf('new-user'), user: { email: 'new@example.com', groups: [] } });
		expect(events.every((e) => typeof e.detectedAt === 'string')).toBe(true);
		expect(state.writes()).toBe(2);

		expect(await poll(state.data)).toBeNull();
		expect(state.writes()).toBe(2);
	});

	it('emits every user, group and membership on the first poll when asked to', async () => {
		const state = countingStaticData();
		const events = eventsOf(await poll(state.data, { onFirstPoll: 'emitAll' }));
		const count = (name: string) => events.filter((e) => e.event === name).length;
		expect([count('group.created'), count('user.created'), count('membership.added')]).toEqual([3, 15, 11]);
		expect(events).toHaveLength(29);
		expect(await poll(state.data, { onFirstPoll: 'emitAll' })).toBeNull();
	});

	it('leaves the recorded state untouched and emits nothing when a poll fails part-way', async () => {
		const state = countingStaticData();
		await poll(state.data);
		const recorded = JSON.stringify(state.data);
		pool.addUser('unseen');
		pool.hook = (operation, input) => {
			if (operation === 'ListUsersInGroup' && input.GroupName === 'staff') {
				throw Object.assign(new Error('User is not authorized to perform: cognito-idp:ListUsersInGroup'), {
					name: 'AccessDeniedException',
					$metadata: { httpStatusCode: 400 },
				});
			}
		};
		const failure = poll(state.data);
		await expect(failure).rejects.toBeInstanceOf(NodeApiError);
		await expect(failure).rejects.toThrow(/not allowed to call cognito-idp:ListUsersInGroup/);
		expect(cognito.commandCalls(ListUsersInGroupCommand).length).toBeGreaterThan(0);
		expect(JSON.stringify(state.data)).toBe(recorded);
		expect(state.writes()).toBe(1);

		pool.hook = undefined;
		expect(eventsOf(await poll(state.data)).map((e) => [e.event, e.username])).toEqual([['user.created', 'unseen']]);
	});

	it('treats a fingerprint of another pool as no baseline', async () => {
		const other = new FakePool('eu-west-1_OtherPool');
		other.addUser('someone');
		const state = countingStaticData({ [FINGERPRINT_KEY]: { ...fingerprintOf(other.expectedSnapshot()) } });
		expect(await poll(state.data)).toBeNull();
		expect(loadBaseline(state.data[FINGERPRINT_KEY], pool.id)?.users.size).toBe(15);
	});

	it('reads no memberships when they are switched off', async () => {
		const state = countingStaticData();
		await poll(state.data, { options: { includeMemberships: false } });
		expect(cognito.commandCalls(ListUsersInGroupCommand)).toHaveLength(0);
		pool.addMember('admins', 'user-05');
		expect(await poll(state.data, { options: { includeMemberships: false } })).toBeNull();
	});
});

describe('manual test runs', () => {
	it('show up to 10 users as created when nothing is recorded, and record nothing', async () => {
		const state = countingStaticData();
		const events = eventsOf(await poll(state.data, { mode: 'manual' }));
		expect(events).toHaveLength(MANUAL_SAMPLE_SIZE);
		expect(new Set(events.map((e) => e.event))).toEqual(new Set(['user.created']));
		expect(events[0]).toMatchObject({
			user: expect.objectContaining({ email: expect.any(String), groups: expect.any(Array) }),
		});
		expect(state.writes()).toBe(0);
		expect(state.data).toEqual({});
	});

	it('show the real changes against the recorded state without recording them', async () => {
		const state = countingStaticData();
		await poll(state.data);
		const recorded = JSON.stringify(state.data);
		pool.setAttributes('user-01', { given_name: 'Renamed' });
		const events = eventsOf(await poll(state.data, { mode: 'manual' }));
		expect(events).toEqual([
			expect.objectContaining({
				event: 'user.updated',
				username: 'user-01',
				changes: { given_name: { after: 'Renamed' } },
			}),
		]);
		expect(JSON.stringify(state.data)).toBe(recorded);
		// The active workflow's next poll still sees the change.
		expect(eventsOf(await poll(state.data)).map((e) => e.event)).toEqual(['user.updated']);
	});

	it('show a sample of a pool that did not change, still recording nothing', async () => {
		const state = countingStaticData();
		await poll(state.data);
		const events = eventsOf(await poll(state.data, { mode: 'manual' }));
		expect(events).toHaveLength(MANUAL_SAMPLE_SIZE);
		expect(events.every((e) => e.event === 'user.created')).toBe(true);
		expect(state.writes()).toBe(1);
	});

	it('cap snapshot and users output at 10 users', async () => {
		const state = countingStaticData();
		const [snapshot] = json(await poll(state.data, { mode: 'manual', emit: 'snapshot' }));
		expect(snapshot.users).toHaveLength(MANUAL_SAMPLE_SIZE);
		expect((snapshot.stats as IDataObject).counts).toMatchObject({ users: 15, groups: 3, memberships: 11 });
		expect(json(await poll(state.data, { mode: 'manual', emit: 'users' }))).toHaveLength(MANUAL_SAMPLE_SIZE);
		expect(state.writes()).toBe(0);
	});
});

describe('snapshot and users', () => {
	it('emits the whole pool as one item each poll, and records it for a later switch to changes', async () => {
		const state = countingStaticData();
		const items = json(await poll(state.data, { emit: 'snapshot', options: { includePoolDescription: true } }));
		expect(items).toHaveLength(1);
		const [snapshot] = items;
		expect(snapshot).toMatchObject({ userPoolId: pool.id, pool: { id: pool.id } });
		expect(snapshot.users).toHaveLength(15);
		expect(snapshot.groups).toEqual([
			expect.objectContaining({ groupName: 'admins', memberCount: 1 }),
			expect.objectContaining({ groupName: 'empty', memberCount: 0 }),
			expect.objectContaining({ groupName: 'staff', memberCount: 10 }),
		]);
		expect(snapshot.stats).toMatchObject({
			plan: 'groups',
			calls: { ListUsers: 1, ListGroups: 1, ListUsersInGroup: 3, DescribeUserPool: 1 },
		});
		expect(state.writes()).toBe(1);

		expect(json(await poll(state.data, { emit: 'snapshot' }))).toHaveLength(1);
		expect(await poll(state.data, { emit: 'changes' })).toBeNull();
		const sub = pool.subOf('user-14');
		pool.deleteUser('user-14');
		expect(eventsOf(await poll(state.data, { emit: 'changes' }))).toEqual([
			{ event: 'user.deleted', sub, detectedAt: expect.any(String) },
		]);
	});

	it('emits one flat row per user with its groups', async () => {
		const state = countingStaticData();
		const rows = json(await poll(state.data, { emit: 'users' }));
		expect(rows).toHaveLength(15);
		const first = rows.find((row) => row.username === 'user-00');
		expect(first).toMatchObject({
			sub: pool.subOf('user-00'),
			email: 'user-00@example.com',
			groups: 'admins, staff',
			groupCount: 2,
		});
		expect(state.writes()).toBe(1);
		expect(await poll(state.data, { emit: 'changes' })).toBeNull();
	});

	it('emits nothing in users mode for a pool without users; a manual run then shows its groups', async () => {
		cognito.reset();
		pool = new FakePool();
		pool.addGroup('lonely');
		pool.install(cognito);
		expect(await poll(countingStaticData().data, { emit: 'users' })).toBeNull();
		expect(eventsOf(await poll(countingStaticData().data, { mode: 'manual' })).map((e) => [e.event, e.group])).toEqual([
			['group.created', 'lonely'],
		]);
	});
});

describe('activation of a large pool', () => {
	/** n8n makes one poll context per activation and polls through it every time. */
	const activatedContext = (staticData: IDataObject, mode: 'trigger' | 'manual' = 'trigger') =>
		pollContext({
			parameters: { userPool: { mode: 'id', value: pool.id }, emit: 'changes', onFirstPoll: 'baseline', options: {} },
			credentials: { ...CREDENTIALS, quotaShare: 80 },
			mode,
			staticData,
		});
	const estimate = (users: number) =>
		cognito.on(DescribeUserPoolCommand).resolves({ UserPool: { Id: pool.id, EstimatedNumberOfUsers: users } });

	it('checks the pool during activation and reads it at the first scheduled poll when its sync would take long', async () => {
		// 100,000 users: 2 × 1,667 pages at 24/s is about 139 s, more than an activation may take.
		estimate(100_000);
		const staticData: IDataObject = {};
		const context = activatedContext(staticData);
		expect(await trigger.poll.call(context)).toBeNull();
		expect(cognito.calls().map((call) => call.args[0].constructor.name)).toEqual(['DescribeUserPoolCommand']);
		expect(staticData[FINGERPRINT_KEY]).toBeUndefined();

		expect(await trigger.poll.call(context)).toBeNull();
		expect(cognito.commandCalls(ListUsersCommand).length).toBeGreaterThan(0);
		expect(staticData[FINGERPRINT_KEY]).toEqual(fingerprintOf(pool.expectedSnapshot()));
	});

	it('reads a pool that syncs quickly during activation, as before', async () => {
		// 20,000 users: 2 × 334 pages at 24/s is about 28 s.
		estimate(20_000);
		const staticData: IDataObject = {};
		expect(await trigger.poll.call(activatedContext(staticData))).toBeNull();
		expect(staticData[FINGERPRINT_KEY]).toEqual(fingerprintOf(pool.expectedSnapshot()));
	});

	it('fails the activation when the pool is missing, before any listing', async () => {
		cognito.on(DescribeUserPoolCommand).rejects(awsError('ResourceNotFoundException', 'User pool does not exist.'));
		await expect(trigger.poll.call(activatedContext({}))).rejects.toThrow(/user pool/i);
		expect(cognito.commandCalls(ListUsersCommand)).toHaveLength(0);
	});

	it('syncs as before when the policy does not allow DescribeUserPool, and never defers a manual run', async () => {
		cognito
			.on(DescribeUserPoolCommand)
			.rejects(awsError('AccessDeniedException', 'not authorized to perform: cognito-idp:DescribeUserPool'));
		const staticData: IDataObject = {};
		expect(await trigger.poll.call(activatedContext(staticData))).toBeNull();
		expect(staticData[FINGERPRINT_KEY]).toEqual(fingerprintOf(pool.expectedSnapshot()));

		estimate(1_000_000);
		const sample = await trigger.poll.call(activatedContext({}, 'manual'));
		expect(json(sample).length).toBeGreaterThan(0);
		expect(cognito.commandCalls(ListUsersCommand).length).toBeGreaterThan(0);
	});
});

describe('user pool and parameters', () => {
	it("uses the credential's default pool when User Pool is empty", async () => {
		const state = countingStaticData();
		await poll(state.data, {
			userPool: { mode: 'list', value: '' },
			credentials: { ...CREDENTIALS, userPoolId: pool.id },
		});
		expect(loadBaseline(state.data[FINGERPRINT_KEY], pool.id)).toBeDefined();
	});

	it('says how to choose a pool when neither the node nor the credential names one', async () => {
		const failure = poll({}, { userPool: { mode: 'list', value: '' } });
		await expect(failure).rejects.toBeInstanceOf(NodeOperationError);
		await expect(failure).rejects.toThrow('No user pool selected');
	});

	it('names the Emit field when its value is not supported', async () => {
		await expect(poll({}, { emit: 'everything' })).rejects.toThrow('Emit "everything" is not supported');
		expect(cognito.calls()).toHaveLength(0);
	});
});

describe('overlapping polls', () => {
	/** A poll of the trigger whose logger is recorded. */
	function recordedPoll(staticData: IDataObject, warnings: string[]): Promise<INodeExecutionData[][] | null> {
		const context = pollContext({
			parameters: { userPool: { mode: 'id', value: pool.id }, emit: 'changes', onFirstPoll: 'baseline', options: {} },
			credentials: CREDENTIALS,
			staticData,
		});
		const logger = { warn: (message: string) => void warnings.push(message), info: () => undefined };
		Object.defineProperty(context, 'logger', { value: logger });
		return trigger.poll.call(context);
	}

	/** Holds every ListUsers answer until `open()` is called. */
	function holdListUsers(): { open: () => void; reached: Promise<void> } {
		let open = () => {};
		let reach = () => {};
		const gate = new Promise<void>((resolve) => (open = resolve));
		const reached = new Promise<void>((resolve) => (reach = resolve));
		pool.hook = async (operation) => {
			if (operation !== 'ListUsers') return;
			reach();
			await gate;
		};
		return { open, reached };
	}

	it('skips a poll while the previous one of the same trigger runs, so each change is emitted once', async () => {
		const state = countingStaticData();
		const warnings: string[] = [];
		await recordedPoll(state.data, warnings);

		pool.addUser('early', { email: 'early@example.com' });
		const held = holdListUsers();
		const slow = recordedPoll(state.data, warnings);
		await held.reached;
		const callsBefore = cognito.calls().length;
		// The next poll comes while the slow one still waits for Cognito, and a change happens meanwhile.
		pool.setEnabled('user-02', false);
		expect(await recordedPoll(state.data, warnings)).toBeNull();
		expect(cognito.calls()).toHaveLength(callsBefore);
		expect(warnings).toEqual([
			'AWS Cognito Trigger "AWS Cognito Trigger": the previous poll is still running, this one is skipped (poll less often, or expect polls of a large pool to be skipped)',
		]);

		held.open();
		pool.hook = undefined;
		const slowEvents = eventsOf(await slow).map((e) => `${e.event}|${e.username}`);
		const nextEvents = eventsOf(await recordedPoll(state.data, warnings)).map((e) => `${e.event}|${e.username}`);
		// The held poll read the users after the change: it reports both; the next poll, nothing again.
		expect(slowEvents).toEqual(['user.created|early', 'user.disabled|user-02']);
		expect(nextEvents).toEqual([]);
		expect(warnings).toHaveLength(1);
	});

	it('releases the lock when a poll fails, and records nothing of it', async () => {
		const state = countingStaticData();
		const warnings: string[] = [];
		await recordedPoll(state.data, warnings);
		const recorded = JSON.stringify(state.data);
		pool.addUser('later');
		pool.hook = (operation) => {
			if (operation === 'ListGroups') throw Object.assign(new Error('denied'), { name: 'AccessDeniedException' });
		};
		await expect(recordedPoll(state.data, warnings)).rejects.toBeInstanceOf(NodeApiError);
		expect(JSON.stringify(state.data)).toBe(recorded);

		pool.hook = undefined;
		expect(eventsOf(await recordedPoll(state.data, warnings)).map((e) => e.username)).toEqual(['later']);
		expect(warnings).toEqual([]);
	});

	it('does not lock manual test runs, which record nothing', async () => {
		const state = countingStaticData();
		await poll(state.data);
		const held = holdListUsers();
		const active = poll(state.data);
		await held.reached;
		pool.hook = undefined;
		const manual = eventsOf(await poll(state.data, { mode: 'manual' }));
		expect(manual).toHaveLength(MANUAL_SAMPLE_SIZE);
		held.open();
		expect(await active).toBeNull();
	});
});
