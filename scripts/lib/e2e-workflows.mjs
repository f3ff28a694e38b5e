// The workflows the end-to-end run imports: headless variants of the examples (the same nodes, a
// Manual Trigger and sample data instead of a form or webhook), a lookup workflow, an error case,
// and trigger variants polling a given pool.
import {
	ACTION_NODE,
	DEMO_CREDENTIAL,
	TRIGGER_NODE,
	headless,
	loadExamples,
	triggerVariant,
	useCredential,
	usePool,
} from './examples.mjs';
import { INCIDENT } from './seed.mjs';

const CREDENTIALS = { awsCognitoApi: { ...DEMO_CREDENTIAL } };
const pool = (userPoolId) => ({ __rl: true, mode: userPoolId ? 'id' : 'list', value: userPoolId ?? '' });
/** User Pool in "By ID" mode left empty: means the credential's default pool, like an empty "From List". */
const DEFAULT_POOL_BY_ID = { __rl: true, mode: 'id', value: '' };

function cognito(name, position, parameters, extra = {}) {
	return {
		id: `e2e-${name}`,
		name,
		type: ACTION_NODE,
		typeVersion: 1,
		position,
		parameters,
		credentials: CREDENTIALS,
		...extra,
	};
}

/** A workflow of a Manual Trigger followed by `nodes`, each fed by the node named in `from` (default Start). */
function manualWorkflow(id, name, nodes) {
	const connections = {};
	for (const { from = 'Start', node } of nodes) {
		(connections[from] ??= { main: [[]] }).main[0].push({ node: node.name, type: 'main', index: 0 });
	}
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: `${id}-start`,
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			...nodes.map(({ node }) => node),
		],
		connections,
	};
}

/** What the headless runs use and the checks expect. */
export const SCENARIO = {
	joiner: {
		form: {
			'First name': 'Zoë',
			'Last name': 'Achterberg',
			'Work email': 'Zoe.Achterberg@northwind.example.com',
			Department: 'Engineering',
			'Portal groups': ['engineering', 'contractors'],
		},
		username: 'zoe.achterberg',
	},
	offboarding: { username: 'amelia.hughes' },
	accessGrant: { username: 'nora.jensen', group: 'finance', reason: 'Quarter-end close' },
	lookup: { email: 'grace.whitfield@northwind.example.com', group: 'finance' },
	missingUser: 'no.such.user',
};

export const IDS = {
	joiner: 'e2eJoinerRun0001',
	offboarding: 'e2eOffboardRun01',
	accessGrant: 'e2eAccessGrant01',
	lookup: 'e2eLookupRun0001',
	missingUser: 'e2eMissingUser01',
	exportUsers: 'e2eExportUsers01',
	snapshot: 'e2eSnapshot00001',
	defaultPoolSnapshot: 'e2eSnapshotDflt1',
	accessReview: 'e2eAccessReview1',
	accessRequest: 'cognitoAccessReq',
	incident: 'e2eIncidentRun01',
};

/** Workflows run with `n8n execute`, against the credential's default pool. */
export function headlessWorkflows() {
	const examples = loadExamples();
	const { joiner, offboarding, accessGrant, lookup, missingUser } = SCENARIO;

	const joinerRun = headless(examples.joiner, { id: IDS.joiner, trigger: 'New joiner form', sample: joiner.form });

	const offboardingRun = headless(examples.offboarding, {
		id: IDS.offboarding,
		trigger: 'HR: employee left',
		sample: { headers: {}, params: {}, query: {}, body: { username: offboarding.username } },
	});

	// The access-request example with the form filled in and the approver's answer given; then the
	// user's groups, read back through the node.
	const accessGrantRun = headless(examples['access-request-with-approval'], {
		id: IDS.accessGrant,
		trigger: 'Access request form',
		sample: { Username: accessGrant.username, Group: accessGrant.group, Reason: accessGrant.reason },
		replace: { 'Wait for approval': { Decision: 'Approve', Comment: 'OK until the end of the quarter' } },
		append: [
			{
				after: 'Add to group',
				node: cognito('Groups now', [1360, -300], {
					resource: 'user',
					operation: 'getGroups',
					userPool: pool(),
					user: { __rl: true, mode: 'username', value: "={{ $('Access request form').first().json.Username }}" },
					returnAll: true,
				}),
			},
		],
	});

	const lookupRun = manualWorkflow(IDS.lookup, '[e2e] lookups', [
		{
			node: cognito('Find by email', [220, 0], {
				resource: 'user',
				operation: 'getAll',
				userPool: pool(),
				returnAll: true,
				filter: { condition: { attribute: 'email', match: 'equals', value: lookup.email } },
			}),
		},
		{
			from: 'Find by email',
			node: cognito('Get by sub', [440, 0], {
				resource: 'user',
				operation: 'get',
				userPool: pool(),
				user: { __rl: true, mode: 'sub', value: '={{ $json.sub }}' },
			}),
		},
		{
			node: cognito('Disabled users', [220, 200], {
				resource: 'user',
				operation: 'getAll',
				userPool: pool(),
				returnAll: true,
				filter: { condition: { attribute: 'status', match: 'equals', value: 'Disabled' } },
			}),
		},
		{
			node: cognito('Group members', [220, 400], {
				resource: 'group',
				operation: 'getMembers',
				userPool: pool(),
				group: { __rl: true, mode: 'name', value: lookup.group },
				returnAll: true,
			}),
		},
		{
			node: cognito('All groups', [220, 600], {
				resource: 'group',
				operation: 'getAll',
				userPool: pool(),
				returnAll: true,
			}),
		},
		{ node: cognito('Pool', [220, 800], { resource: 'userPool', operation: 'get', userPool: DEFAULT_POOL_BY_ID }) },
		{
			node: cognito('Snapshot', [220, 1000], {
				resource: 'userPool',
				operation: 'snapshot',
				userPool: pool(),
				output: 'snapshot',
				options: {},
			}),
		},
	]);

	const missingUserRun = manualWorkflow(IDS.missingUser, '[e2e] missing user', [
		{
			node: cognito('Get missing user', [220, 0], {
				resource: 'user',
				operation: 'get',
				userPool: pool(),
				user: { __rl: true, mode: 'username', value: missingUser },
			}),
		},
	]);

	return { joinerRun, offboardingRun, accessGrantRun, lookupRun, missingUserRun };
}

/** The credential of the incident run: the emulator behind the device layer (moto lacks devices). */
export const INCIDENT_CREDENTIAL = { id: 'awsCognitoDevice1', name: 'AWS Cognito (moto + device layer)' };

/**
 * The incident-response example as shipped, its webhook replaced by the security tool's call for
 * INCIDENT.username, every Cognito node on the credential whose endpoint is the device layer.
 */
export function incidentWorkflow() {
	const example = loadExamples()['incident-response'];
	const run = headless(example, {
		id: IDS.incident,
		trigger: 'Security: account compromised',
		sample: { headers: {}, params: {}, query: {}, body: { username: INCIDENT.username, reason: INCIDENT.reason } },
	});
	return useCredential(run, INCIDENT_CREDENTIAL);
}

/**
 * A poll every 5 seconds, so that a test sees the next poll soon. n8n refuses a poll time whose
 * seconds field is not one number ("at least a minute"; 1.x refuses only a `*`), but a trigger may
 * have several poll times: twelve, one per fifth second of every minute.
 */
export const FAST_POLL = {
	item: Array.from({ length: 12 }, (_, i) => ({ mode: 'custom', cronExpression: `${i * 5} * * * * *` })),
};

/** A trigger emitting a snapshot of `userPool` (a locator value) daily, and once on activation. */
function snapshotTrigger(id, name, userPool) {
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: `${id}-trigger`,
				name: 'Pool snapshot',
				type: TRIGGER_NODE,
				typeVersion: 1,
				position: [0, 0],
				credentials: CREDENTIALS,
				parameters: {
					pollTimes: { item: [{ mode: 'everyDay', hour: 6, minute: 0 }] },
					userPool,
					emit: 'snapshot',
					options: {},
				},
			},
		],
		connections: {},
	};
}

/** Workflows activated under `n8n start`: all poll `userPoolId` but one, which polls the credential's default pool. */
export function triggerWorkflows(userPoolId) {
	const examples = loadExamples();
	const exportUsers = usePool(
		triggerVariant(examples['scheduled-user-export'], {
			id: IDS.exportUsers,
			triggerName: 'Every morning: all users',
			parameters: {},
		}),
		userPoolId,
	);
	const snapshot = snapshotTrigger(IDS.snapshot, '[e2e] snapshot trigger', pool(userPoolId));
	const defaultPoolSnapshot = snapshotTrigger(
		IDS.defaultPoolSnapshot,
		'[e2e] snapshot trigger, User Pool By ID left empty',
		DEFAULT_POOL_BY_ID,
	);
	const accessReview = usePool(
		triggerVariant(examples['access-review'], {
			id: IDS.accessReview,
			triggerName: 'Pool changes',
			parameters: { pollTimes: FAST_POLL },
		}),
		userPoolId,
	);
	return { exportUsers, snapshot, defaultPoolSnapshot, accessReview };
}

/** The queue-mode test's provisioning workflows: one operation each, on every user a webhook names. */
export const QUEUE_PROVISIONING = [
	{ id: 'e2eQueueAddGrp01', path: 'queue-add-to-group', operation: 'addToGroup', command: 'AdminAddUserToGroup' },
	{ id: 'e2eQueueDisable1', path: 'queue-disable', operation: 'disable', command: 'AdminDisableUser' },
	{
		id: 'e2eQueueUpdate01',
		path: 'queue-update-attributes',
		operation: 'update',
		command: 'AdminUpdateUserAttributes',
	},
];
export const QUEUE_TRIGGER_ID = 'e2eQueueChanges1';
const PROVISIONED = ' (provisioned)';
/** The family name the update workflow gives each user. */
export const provisionedFamilyName = (username) => `${username}${PROVISIONED}`;

/**
 * Webhook (POST {usernames: [...]}, answered at once) → Split Out → AWS Cognito `operation` on each
 * user, in the credential's default pool (User Pool "By ID" left empty); and a trigger emitting the
 * pool's changes every 5 seconds.
 */
export function queueWorkflows({ group }) {
	const extra = {
		addToGroup: { group: { __rl: true, mode: 'name', value: group } },
		disable: {},
		update: { family_name: `={{ $json.username }}${PROVISIONED}` },
	};
	const provisioning = QUEUE_PROVISIONING.map(({ id, path, operation }) => ({
		id,
		name: `[e2e queue] ${operation} for every user posted`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: `${id}-webhook`,
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: `${id}-webhook`,
				parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
			},
			{
				id: `${id}-split`,
				name: 'One item per user',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [220, 0],
				parameters: { fieldToSplitOut: 'body.usernames', options: { destinationFieldName: 'username' } },
			},
			cognito(operation, [440, 0], {
				resource: 'user',
				operation,
				userPool: DEFAULT_POOL_BY_ID,
				user: { __rl: true, mode: 'username', value: '={{ $json.username }}' },
				...extra[operation],
			}),
		],
		connections: {
			Webhook: { main: [[{ node: 'One item per user', type: 'main', index: 0 }]] },
			'One item per user': { main: [[{ node: operation, type: 'main', index: 0 }]] },
		},
	}));
	const trigger = {
		id: QUEUE_TRIGGER_ID,
		name: '[e2e queue] pool changes',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: `${QUEUE_TRIGGER_ID}-trigger`,
				name: 'Pool changes',
				type: TRIGGER_NODE,
				typeVersion: 1,
				position: [0, 0],
				credentials: CREDENTIALS,
				parameters: { pollTimes: FAST_POLL, userPool: DEFAULT_POOL_BY_ID, emit: 'changes', options: {} },
			},
		],
		connections: {},
	};
	return { provisioning, trigger };
}
