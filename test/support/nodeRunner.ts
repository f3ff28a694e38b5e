import type { NodeApiError, NodeOperationError, INodeExecutionData } from 'n8n-workflow';

import { router } from '../../nodes/AwsCognito/actions/router';
import { fakeExecuteContext, type FakeParameters } from './executeContext';

/** What a failed run throws: an n8n node error carrying the item it failed on. */
export type ItemError = Error & { context: { itemIndex?: number }; description?: string };

export interface RunOptions {
	/** Number of input items (default 1). */
	items?: number;
	continueOnFail?: boolean;
	credentials?: Record<string, unknown>;
	/** Sets `userPool` to this id (by id) before the given parameters. */
	userPoolId?: string;
}

/** The same parameters for every item, a function of the item index, or one set per item. */
export type RunParameters = FakeParameters | Array<Record<string, unknown>>;

/** Runs the node's action through the router, as n8n would; returns its one output. */
export async function runNode(
	resource: string,
	operation: string,
	parameters: RunParameters,
	options: RunOptions = {},
): Promise<INodeExecutionData[]> {
	const { userPoolId } = options;
	const forItem = (itemIndex: number) => {
		if (Array.isArray(parameters)) return parameters[itemIndex];
		return typeof parameters === 'function' ? parameters(itemIndex) : parameters;
	};
	const items = options.items ?? (Array.isArray(parameters) ? parameters.length : 1);
	const context = fakeExecuteContext({
		parameters: (itemIndex) => ({
			resource,
			operation,
			...(userPoolId === undefined ? {} : { userPool: { mode: 'id', value: userPoolId } }),
			...forItem(itemIndex),
		}),
		credentials: options.credentials,
		items: Array.from({ length: items }, (_, i) => ({ json: { i } })),
		continueOnFail: options.continueOnFail,
	});
	const [output] = await router.call(context);
	return output;
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
