import type { IDataObject, INode, IPollFunctions, WorkflowExecuteMode } from 'n8n-workflow';

import { parameterValue, returnJsonArray } from './executeContext';

export interface FakePollOptions {
	parameters: Record<string, unknown>;
	credentials?: Record<string, unknown>;
	/** 'trigger' for an active workflow's poll, 'manual' for a test run. */
	mode?: WorkflowExecuteMode;
	/** The node's static data; shared across polls when the same object is passed again. */
	staticData?: IDataObject;
}

export const FAKE_TRIGGER_NODE: INode = {
	id: 'fake-trigger-id',
	name: 'AWS Cognito Trigger',
	type: 'n8n-nodes-aws-cognito.awsCognitoTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/**
 * A small stand-in for n8n's poll context: parameters, credentials, mode and the node's static
 * data (a plain object the test can inspect between polls), as n8n-core provides them.
 */
export function fakePollContext(options: FakePollOptions): IPollFunctions {
	const staticData = options.staticData ?? {};
	const context = {
		getNode: () => FAKE_TRIGGER_NODE,
		getMode: () => options.mode ?? 'trigger',
		getActivationMode: () => 'activate',
		getCredentials: async () => options.credentials ?? {},
		getWorkflowStaticData: (type: string) => {
			if (type !== 'node') throw new Error(`fake poll context: static data of type "${type}" is not faked`);
			return staticData;
		},
		getNodeParameter: (name: string, fallback?: unknown, extra?: { extractValue?: boolean }) =>
			parameterValue(options.parameters[name], name, fallback, extra),
		helpers: { returnJsonArray },
	};
	return context as unknown as IPollFunctions;
}
