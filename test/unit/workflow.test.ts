/**
 * The node inside a real workflow on n8n's engine, written as n8n saves it: expressions resolved
 * per item, `onError` honoured, and every output item paired with the input item it came from,
 * so that a later node can reach back with `$('Items').item`.
 */
import {
	AdminAddUserToGroupCommand,
	AdminGetUserCommand,
	UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { NodeApiError } from 'n8n-workflow';

import {
	ACTION_NODE_TYPE,
	CREDENTIAL_TYPE,
	executeWorkflow,
	ITEMS_NODE_TYPE,
	nodeOutput,
	runError,
	TEST_CREDENTIAL,
	type WorkflowJson,
} from '../support/engine';
import { inputsOf, unitCredentials, useMockedCognito } from '../support/mockedCognito';

const cognito = useMockedCognito();

const POOL_ID = 'us-east-1_Workflow1';
const CREDENTIALS = unitCredentials('workflow');

const pool = { __rl: true, mode: 'id', value: POOL_ID };
const credentials = { [CREDENTIAL_TYPE]: TEST_CREDENTIAL };

/** Items → Get User (user from the item) → Add To Group (group from the Items node, via pairing). */
function onboarding(getUserOnError?: 'continueRegularOutput'): WorkflowJson {
	return {
		nodes: [
			{ id: 'n1', name: 'Items', type: ITEMS_NODE_TYPE, typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'n2',
				name: 'Get User',
				type: ACTION_NODE_TYPE,
				typeVersion: 1,
				position: [220, 0],
				credentials,
				...(getUserOnError ? { onError: getUserOnError } : {}),
				parameters: {
					resource: 'user',
					operation: 'get',
					userPool: pool,
					user: { __rl: true, mode: 'username', value: '={{ $json.username }}' },
				},
			},
			{
				id: 'n3',
				name: 'Add To Group',
				type: ACTION_NODE_TYPE,
				typeVersion: 1,
				position: [440, 0],
				credentials,
				onError: 'continueRegularOutput',
				parameters: {
					resource: 'user',
					operation: 'addToGroup',
					userPool: pool,
					user: { __rl: true, mode: 'username', value: '={{ $json.username }}' },
					group: { __rl: true, mode: 'name', value: "={{ $('Items').item.json.team }}" },
				},
			},
		],
		connections: {
			Items: { main: [[{ node: 'Get User', type: 'main', index: 0 }]] },
			'Get User': { main: [[{ node: 'Add To Group', type: 'main', index: 0 }]] },
		},
	};
}

const items = [
	{ json: { username: 'jane', team: 'red' } },
	{ json: { username: 'ghost', team: 'blue' } },
	{ json: { username: 'bob', team: 'green' } },
];

beforeEach(() => {
	cognito.on(AdminGetUserCommand).callsFake((input: { Username?: string }) => {
		if (input.Username === 'ghost') {
			throw new UserNotFoundException({ message: 'User does not exist.', $metadata: { httpStatusCode: 400 } });
		}
		return { Username: input.Username, UserAttributes: [{ Name: 'sub', Value: `sub-${input.Username}` }] };
	});
	cognito.on(AdminAddUserToGroupCommand).resolves({});
});

describe('AWS Cognito in a workflow on n8n’s engine', () => {
	it('resolves the user expression for each item and pairs every output item, error items too', async () => {
		const run = await executeWorkflow(onboarding('continueRegularOutput'), { items, credentials: CREDENTIALS });

		expect(run.status).toBe('success');
		expect(inputsOf(cognito, AdminGetUserCommand).map((input) => input.Username)).toEqual(['jane', 'ghost', 'bob']);
		const users = nodeOutput(run, 'Get User');
		expect(users.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(users.map((item) => item.json.username ?? item.json.error)).toEqual([
			'jane',
			expect.stringContaining('"ghost"'),
			'bob',
		]);
	});

	it("lets a later node reach the Items node's fields through the pairing", async () => {
		const run = await executeWorkflow(onboarding('continueRegularOutput'), { items, credentials: CREDENTIALS });

		// The group comes from `$('Items').item`, which n8n finds only by following pairedItem back.
		expect(inputsOf(cognito, AdminAddUserToGroupCommand)).toEqual([
			{ UserPoolId: POOL_ID, Username: 'jane', GroupName: 'red' },
			{ UserPoolId: POOL_ID, Username: 'bob', GroupName: 'green' },
		]);
		const added = nodeOutput(run, 'Add To Group');
		expect(added.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(added[1].json).toEqual({ error: 'User is empty' });
	});

	it('stops the run at the failing item when On Error is "Stop Workflow"', async () => {
		const run = await executeWorkflow(onboarding(), { items, credentials: CREDENTIALS });

		expect(run.status).toBe('error');
		expect(run.data.resultData.lastNodeExecuted).toBe('Get User');
		const error = runError(run);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error?.context.itemIndex).toBe(1);
		expect(error?.message).toContain('"ghost"');
		expect(run.data.resultData.runData['Add To Group']).toBeUndefined();
		expect(cognito.commandCalls(AdminAddUserToGroupCommand)).toHaveLength(0);
	});
});
