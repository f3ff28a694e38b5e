// The example workflows in examples/, the credential they reference, and the small rewrites the
// end-to-end run applies to them (swap a form or webhook trigger for a Manual Trigger with sample
// data, point the nodes at a given pool, poll faster).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './run.mjs';

export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');
export const PACKAGE = 'n8n-nodes-aws-cognito';
export const ACTION_NODE = `${PACKAGE}.awsCognito`;
export const TRIGGER_NODE = `${PACKAGE}.awsCognitoTrigger`;

/** The credential every example references (by id and name); the demo imports it. */
export const DEMO_CREDENTIAL = { id: 'awsCognitoDemo01', name: 'AWS Cognito (local demo)' };

/** The n8n account `npm run demo` creates (local only, printed at start). */
export const DEMO_OWNER = {
	email: 'demo@northwind.example.com',
	password: 'Cognito-Demo-2025',
	firstName: 'Demo',
	lastName: 'Admin',
};

/** An `awsCognitoApi` credential for `n8n import:credentials` (n8n encrypts `data` on import). */
export function cognitoCredential({
	endpoint,
	userPoolId = '',
	region = 'us-east-1',
	keys,
	id = DEMO_CREDENTIAL.id,
	name = DEMO_CREDENTIAL.name,
	quotaShare = 80,
}) {
	return {
		id,
		name,
		type: 'awsCognitoApi',
		data: {
			region,
			accessKeyId: keys.accessKeyId,
			secretAccessKey: keys.secretAccessKey,
			sessionToken: '',
			userPoolId,
			endpoint,
			quotaShare,
		},
	};
}

/** Every examples/*.json, by file name without extension (e.g. `joiner`). */
export function loadExamples() {
	const examples = {};
	for (const file of readdirSync(EXAMPLES_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort()) {
		examples[file.replace(/\.json$/, '')] = JSON.parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
	}
	return examples;
}

const clone = (value) => JSON.parse(JSON.stringify(value));

function findNode(workflow, name) {
	const node = workflow.nodes.find((n) => n.name === name);
	if (!node) throw new Error(`workflow "${workflow.name}" has no node "${name}"`);
	return node;
}

/** A Set node (raw JSON mode) that outputs `json` once, at the given node's place and under its name. */
function fixedOutputNode(node, json) {
	return {
		id: node.id,
		name: node.name,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: node.position,
		parameters: { mode: 'raw', jsonOutput: JSON.stringify(json), options: {} },
	};
}

/**
 * A copy of `workflow` runnable with `n8n execute`: its trigger (`trigger`, a form or webhook) and any
 * node that waits for a person (`replace`) become Set nodes with the same name emitting the given
 * sample output, so every expression of the example still resolves; a Manual Trigger starts it.
 * `append` adds nodes after existing ones: [{after, node}].
 */
export function headless(workflow, { id, name, trigger, sample, replace = {}, append = [] }) {
	const wf = clone(workflow);
	wf.id = id;
	wf.name = name ?? `[e2e] ${workflow.name}`;
	wf.active = false;
	for (const [nodeName, json] of Object.entries({ [trigger]: sample, ...replace })) {
		const index = wf.nodes.indexOf(findNode(wf, nodeName));
		wf.nodes[index] = fixedOutputNode(wf.nodes[index], json);
	}
	const triggerNode = findNode(wf, trigger);
	wf.nodes.push({
		id: `${id}-start`,
		name: 'Start',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [triggerNode.position[0] - 220, triggerNode.position[1]],
		parameters: {},
	});
	wf.connections.Start = { main: [[{ node: trigger, type: 'main', index: 0 }]] };
	for (const { after, node } of append) {
		findNode(wf, after);
		wf.nodes.push(node);
		const outputs = (wf.connections[after] ??= { main: [[]] }).main;
		outputs[0] = [...(outputs[0] ?? []), { node: node.name, type: 'main', index: 0 }];
	}
	return wf;
}

/** Point every AWS Cognito node (action and trigger) of `workflow` at `userPoolId`, in place. */
export function usePool(workflow, userPoolId) {
	for (const node of workflow.nodes) {
		if (node.type === ACTION_NODE || node.type === TRIGGER_NODE) {
			node.parameters.userPool = { __rl: true, mode: 'id', value: userPoolId };
		}
	}
	return workflow;
}

/** Use this credential (id and name) in every AWS Cognito node of `workflow`, in place. */
export function useCredential(workflow, { id, name }) {
	for (const node of workflow.nodes) {
		if (node.credentials?.awsCognitoApi) node.credentials.awsCognitoApi = { id, name };
	}
	return workflow;
}

/** A copy of a trigger example with its own id and name, its trigger's parameters overridden. */
export function triggerVariant(workflow, { id, name, triggerName, parameters }) {
	const wf = clone(workflow);
	wf.id = id;
	wf.name = name ?? `[e2e] ${workflow.name}`;
	wf.active = false;
	Object.assign(findNode(wf, triggerName).parameters, parameters);
	return wf;
}
