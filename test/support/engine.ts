/**
 * Runs our nodes on n8n's own engine: a `Workflow` from n8n-workflow executed by n8n-core's
 * `WorkflowExecute` (real parameter defaults, expressions, `onError`, `pairedItem`), and the real
 * poll and load-options contexts. Only the edges are the tests' own: the node types on offer, the
 * credential store and the instance data n8n's server would provide.
 */
import {
	ExecutionLifecycleHooks,
	ExternalSecretsProxy,
	LoadOptionsContext,
	PollContext,
	WorkflowExecute,
} from 'n8n-core';
import {
	createRunExecutionData,
	ICredentialsHelper,
	NodeApiError,
	NodeHelpers,
	NodeOperationError,
	Workflow,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeCredentialsDetails,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypeDescription,
	type INodeTypes,
	type IRun,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { AwsCognito } from '../../nodes/AwsCognito/AwsCognito.node';
import { AwsCognitoTrigger } from '../../nodes/AwsCognito/AwsCognitoTrigger.node';

/** Node types as n8n names community nodes: `<package name>.<node name>`. */
export const ACTION_NODE_TYPE = 'n8n-nodes-aws-cognito.awsCognito';
export const TRIGGER_NODE_TYPE = 'n8n-nodes-aws-cognito.awsCognitoTrigger';
export const ITEMS_NODE_TYPE = 'test.items';
export const ACTION_NODE_NAME = 'AWS Cognito';

/** Parameters and credential data as tests write them: plain JSON, as n8n reads it from a saved workflow. */
export type JsonObject = Record<string, unknown>;

/** Our nodes' credential type, and the one credential of it every test node refers to. */
export const CREDENTIAL_TYPE = 'awsCognitoApi';
export const TEST_CREDENTIAL: INodeCredentialsDetails = { id: 'test-credential', name: 'AWS Cognito account' };

/** The workflow's start: passes on the items the run starts with, as a trigger hands them over. */
class TestItems implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Test Items',
		name: 'items',
		group: ['input'],
		version: 1,
		description: 'Emits the items the test run starts with',
		defaults: { name: 'Items' },
		inputs: [],
		outputs: ['main'],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

const NODE_TYPES: Record<string, INodeType> = {
	[ACTION_NODE_TYPE]: new AwsCognito(),
	[TRIGGER_NODE_TYPE]: new AwsCognitoTrigger(),
	[ITEMS_NODE_TYPE]: new TestItems(),
};

function nodeTypeOf(type: string): INodeType {
	const nodeType = NODE_TYPES[type];
	if (!nodeType)
		throw new Error(`unknown node type "${type}": the test engine knows ${Object.keys(NODE_TYPES).join(', ')}`);
	return nodeType;
}

const nodeTypes: INodeTypes = {
	getByName: nodeTypeOf,
	getByNameAndVersion: (type, version) => NodeHelpers.getVersionedNodeType(nodeTypeOf(type), version),
	getKnownTypes: () => ({}),
};

const notUsed = (what: string) => () => {
	throw new Error(`${what} is not available in the test engine: our nodes do not use it`);
};

/** The credential store: hands the node a copy of the test's decrypted Cognito credential. */
class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly data: JsonObject) {
		super();
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		if (type !== CREDENTIAL_TYPE)
			throw new Error(`the test credential store holds only ${CREDENTIAL_TYPE}, not ${type}`);
		return { ...this.data } as ICredentialDataDecryptedObject;
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	getCredentialsProperties(): [] {
		return [];
	}

	// Our credential signs nothing itself (the AWS SDK does), so n8n never calls these.
	authenticate = notUsed('authenticate');
	preAuthentication = notUsed('preAuthentication');
	runPreAuthentication = notUsed('runPreAuthentication');
	getCredentials = notUsed('getCredentials');
	updateCredentials = notUsed('updateCredentials');
	updateCredentialsOauthTokenData = notUsed('updateCredentialsOauthTokenData');
}

/** What n8n's server gives an execution; loopback URLs that nothing here ever calls. */
function additionalData(
	credentials: JsonObject = {},
	currentNodeParameters?: JsonObject,
): IWorkflowExecuteAdditionalData {
	const base = 'http://127.0.0.1:5678';
	return {
		credentialsHelper: new TestCredentialsHelper(credentials),
		externalSecretsProxy: new ExternalSecretsProxy(),
		currentNodeParameters: currentNodeParameters as INodeParameters | undefined,
		currentNodeExecutionIndex: 0,
		variables: {},
		instanceBaseUrl: `${base}/`,
		restApiUrl: `${base}/rest`,
		formBaseUrl: `${base}/form`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		formTestBaseUrl: `${base}/form-test`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
		executeWorkflow: notUsed('executeWorkflow'),
		getRunExecutionData: notUsed('getRunExecutionData'),
		getRuntimeCredential: notUsed('getRuntimeCredential'),
		logAiEvent: notUsed('logAiEvent'),
		startRunnerTask: notUsed('startRunnerTask'),
	};
}

/** A workflow as n8n stores it: nodes, connections and settings. */
export type WorkflowJson = Pick<IWorkflowBase, 'nodes' | 'connections' | 'settings'>;

/**
 * n8n's Workflow for the JSON (a copy: n8n fills in parameter defaults in place). `staticData`
 * is keyed as n8n keys it, e.g. `node:AWS Cognito Trigger`.
 */
function workflowOf(json: WorkflowJson, staticData?: IDataObject): Workflow {
	return new Workflow({
		id: 'test-workflow',
		name: 'test workflow',
		nodes: structuredClone(json.nodes),
		connections: json.connections,
		settings: json.settings,
		active: false,
		nodeTypes,
		staticData,
	});
}

export interface ExecuteOptions {
	/** The items the start node (of type `test.items`) emits (default: one empty item). */
	items?: INodeExecutionData[];
	/** The Cognito credential's decrypted data (default: a credential with every field empty). */
	credentials?: JsonObject;
	mode?: WorkflowExecuteMode;
}

/** Executes the workflow from its `test.items` node to the end, as n8n runs a workflow. */
export async function executeWorkflow(json: WorkflowJson, options: ExecuteOptions = {}): Promise<IRun> {
	const workflow = workflowOf(json);
	const start = Object.values(workflow.nodes).find((node) => node.type === ITEMS_NODE_TYPE);
	if (!start) throw new Error(`the workflow has no "${ITEMS_NODE_TYPE}" node to start from`);
	const runData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: start, data: { main: [options.items ?? [{ json: {} }]] }, source: null }],
		},
	});
	const mode = options.mode ?? 'manual';
	const data = additionalData(options.credentials);
	const now = new Date();
	// The engine requires hooks; the tests read the run it returns, so none are added.
	data.hooks = new ExecutionLifecycleHooks(mode, 'test-execution', {
		...json,
		id: workflow.id,
		name: workflow.name ?? '',
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: now,
		updatedAt: now,
	});
	return await new WorkflowExecute(data, mode, runData).processRunExecutionData(workflow);
}

/** The items a node emitted on its first output in the run's first (only) execution of it. */
export function nodeOutput(run: IRun, nodeName: string): INodeExecutionData[] {
	const task = run.data.resultData.runData[nodeName]?.[0];
	if (!task) throw new Error(`node "${nodeName}" did not run`);
	if (task.error) throw new Error(`node "${nodeName}" failed: ${task.error.message}`);
	return task.data?.main[0] ?? [];
}

const NODE_ERROR_CLASSES = { NodeApiError, NodeOperationError } as const;

/**
 * The error the run stopped with, as the node threw it. n8n records it in `resultData.error` as
 * plain data (own fields: name, message, description, context with itemIndex, ...); this gives it
 * back its class, which the record names.
 */
export function runError(run: IRun): NodeApiError | NodeOperationError | undefined {
	const recorded = run.data.resultData.error;
	if (!recorded) return undefined;
	const errorClass = NODE_ERROR_CLASSES[recorded.name as keyof typeof NODE_ERROR_CLASSES];
	if (!errorClass) {
		throw new Error(`the run failed with ${recorded.name}, not a node error: ${recorded.message}`);
	}
	return Object.assign(Object.create(errorClass.prototype) as NodeApiError | NodeOperationError, recorded);
}

/** One of our nodes as the editor saves it, with the test credential selected. */
export function cognitoNode(name: string, type: string, parameters: JsonObject, extra: Partial<INode> = {}): INode {
	return {
		id: `${type}-id`,
		name,
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters as INodeParameters,
		credentials: { [CREDENTIAL_TYPE]: TEST_CREDENTIAL },
		...extra,
	};
}

export interface PollOptions {
	parameters: JsonObject;
	credentials?: JsonObject;
	/** 'trigger' for an active workflow's poll, 'manual' for a test run. */
	mode?: WorkflowExecuteMode;
	/** The node's static data; shared across polls when the same object is passed again. */
	staticData?: IDataObject;
}

const TRIGGER_NODE_NAME = 'AWS Cognito Trigger';

/** n8n-core's poll context for the trigger in a one-node workflow, as n8n builds it for each poll. */
export function pollContext(options: PollOptions): PollContext {
	const node = cognitoNode(TRIGGER_NODE_NAME, TRIGGER_NODE_TYPE, options.parameters);
	const workflow = workflowOf(
		{ nodes: [node], connections: {} },
		{ [`node:${TRIGGER_NODE_NAME}`]: options.staticData ?? {} },
	);
	const workflowNode = workflow.getNode(TRIGGER_NODE_NAME) as INode;
	return new PollContext(
		workflow,
		workflowNode,
		additionalData(options.credentials),
		options.mode ?? 'trigger',
		'activate',
	);
}

export interface LoadOptionsOptions {
	/** The node's current parameters, as the editor sends them (resource locators as {mode, value}). */
	parameters?: JsonObject;
	credentials?: JsonObject;
}

/** n8n-core's context for listSearch methods, for the action node with its current parameters. */
export function loadOptionsContext(options: LoadOptionsOptions = {}): LoadOptionsContext {
	const parameters = options.parameters ?? {};
	const node = cognitoNode(ACTION_NODE_NAME, ACTION_NODE_TYPE, parameters);
	const workflow = workflowOf({ nodes: [node], connections: {} });
	const workflowNode = workflow.getNode(node.name) as INode;
	return new LoadOptionsContext(workflow, workflowNode, additionalData(options.credentials, parameters), 'parameters');
}
