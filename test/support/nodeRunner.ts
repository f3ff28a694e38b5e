import { isDeepStrictEqual } from 'util';

import type {
	IDataObject,
	INodeExecutionData,
	INodeParameters,
	NodeApiError,
	NodeOperationError,
	NodeParameterValueType,
} from 'n8n-workflow';

import {
	ACTION_NODE_NAME,
	ACTION_NODE_TYPE,
	cognitoNode,
	executeWorkflow,
	ITEMS_NODE_TYPE,
	nodeOutput,
	runError,
	type JsonObject,
	type WorkflowJson,
} from './engine';

/** What a failed run throws: an n8n node error carrying the item it failed on. */
export type ItemError = NodeApiError | NodeOperationError;

export const ITEMS_NODE_NAME = 'Items';

export interface RunOptions {
	/** Number of input items (default 1, or one per parameter set). */
	items?: number;
	/** Sets the node's "On Error" to "Continue" (n8n's `onError: continueRegularOutput`). */
	continueOnFail?: boolean;
	/** The Cognito credential's decrypted data. */
	credentials?: JsonObject;
	/** Sets `userPool` to this id (by id) before the given parameters. */
	userPoolId?: string;
}

type ItemParameters = Record<string, unknown>;

/** The same parameters for every item, a function of the item index, or one set per item. */
export type RunParameters = ItemParameters | ((itemIndex: number) => ItemParameters) | ItemParameters[];

/** A workflow of two nodes: the test's items feeding the AWS Cognito node with these parameters. */
export function actionWorkflow(parameters: INodeParameters, options: { continueOnFail?: boolean } = {}): WorkflowJson {
	return {
		nodes: [
			{
				id: 'items-id',
				name: ITEMS_NODE_NAME,
				type: ITEMS_NODE_TYPE,
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			cognitoNode(ACTION_NODE_NAME, ACTION_NODE_TYPE, parameters, {
				position: [240, 0],
				...(options.continueOnFail ? { onError: 'continueRegularOutput' } : {}),
			}),
		],
		connections: { [ITEMS_NODE_NAME]: { main: [[{ node: ACTION_NODE_NAME, type: 'main', index: 0 }]] } },
	};
}

function isLocator(value: unknown): value is { mode: string; value: unknown } {
	return typeof value === 'object' && value !== null && 'mode' in value && 'value' in value;
}

/**
 * One node's parameters for items that each have their own, as a user writes them in n8n: a
 * parameter that differs between items reads the item's value with an expression
 * (`={{ $json["user"] }}`; for a resource locator, its value in the same mode), and each input
 * item carries its value.
 */
function perItemParameters(sets: ItemParameters[]): { parameters: INodeParameters; items: INodeExecutionData[] } {
	const parameters: INodeParameters = {};
	const items = sets.map((_, i): INodeExecutionData => ({ json: { i } }));
	const setOnItems = (key: string, values: unknown[]) =>
		values.forEach((value, i) => (items[i].json[key] = value as IDataObject[string]));
	for (const key of new Set(sets.flatMap((set) => Object.keys(set)))) {
		const values = sets.map((set) => set[key]);
		const [first] = values;
		const locators = values.filter(isLocator);
		const expression = `={{ $json[${JSON.stringify(key)}] }}`;
		if (values.every((value) => isDeepStrictEqual(value, first))) {
			parameters[key] = first as NodeParameterValueType;
		} else if (locators.length === values.length && locators.every((locator) => locator.mode === locators[0].mode)) {
			parameters[key] = { __rl: true, mode: locators[0].mode, value: expression };
			setOnItems(
				key,
				locators.map((locator) => locator.value),
			);
		} else if (values.every((value) => typeof value !== 'object' || value === null)) {
			parameters[key] = expression;
			setOnItems(key, values);
		} else {
			throw new Error(
				`runNode: parameter "${key}" differs between items as an object, which one expression per item cannot carry here: build the workflow with actionWorkflow and write the expression yourself`,
			);
		}
	}
	return { parameters, items };
}

/** Runs the AWS Cognito node in a workflow on n8n's engine; returns its one output, or throws its node error. */
export async function runNode(
	resource: string,
	operation: string,
	parameters: RunParameters,
	options: RunOptions = {},
): Promise<INodeExecutionData[]> {
	const count = options.items ?? (Array.isArray(parameters) ? parameters.length : 1);
	const sets = Array.from({ length: count }, (_, itemIndex) => ({
		resource,
		operation,
		...(options.userPoolId === undefined ? {} : { userPool: { __rl: true, mode: 'id', value: options.userPoolId } }),
		...(Array.isArray(parameters)
			? parameters[itemIndex]
			: typeof parameters === 'function'
				? parameters(itemIndex)
				: parameters),
	}));
	const { parameters: nodeParameters, items } = perItemParameters(sets);
	const run = await executeWorkflow(actionWorkflow(nodeParameters, options), {
		items,
		credentials: options.credentials,
	});
	const error = runError(run);
	if (error) throw error;
	return nodeOutput(run, ACTION_NODE_NAME);
}

/** The error a run throws, or a failure if it succeeds. */
export async function runNodeError(...args: Parameters<typeof runNode>): Promise<ItemError> {
	try {
		await runNode(...args);
	} catch (error) {
		return error as ItemError;
	}
	throw new Error('expected the operation to fail, but it succeeded');
}

/** `run` and `runError` for one resource, with default options (credentials, pool). */
export function nodeRunner(resource: string, defaults: RunOptions | (() => RunOptions) = {}) {
	const withDefaults = (options: RunOptions): RunOptions => ({
		...(typeof defaults === 'function' ? defaults() : defaults),
		...options,
	});
	return {
		run: (operation: string, parameters: RunParameters, options: RunOptions = {}) =>
			runNode(resource, operation, parameters, withDefaults(options)),
		runError: (operation: string, parameters: RunParameters, options: RunOptions = {}) =>
			runNodeError(resource, operation, parameters, withDefaults(options)),
	};
}

/** n8n wraps Cognito's answers in NodeApiError and bad input in NodeOperationError; both carry the item. */
export function expectItemError(
	error: ItemError,
	type: typeof NodeApiError | typeof NodeOperationError,
	itemIndex: number,
): void {
	expect(error).toBeInstanceOf(type);
	expect(error.context.itemIndex).toBe(itemIndex);
}
