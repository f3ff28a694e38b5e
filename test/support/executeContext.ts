import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData, IPairedItemData } from 'n8n-workflow';

/** Parameters of one fake node: the same for every item, or a function of the item index. */
export type FakeParameters = Record<string, unknown> | ((itemIndex: number) => Record<string, unknown>);

export interface FakeContextOptions {
	parameters: FakeParameters;
	credentials?: Record<string, unknown>;
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
}

export const FAKE_NODE: INode = {
	id: 'fake-node-id',
	name: 'AWS Cognito',
	type: 'n8n-nodes-aws-cognito.awsCognito',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function readPath(source: Record<string, unknown>, path: string): unknown {
	return path.split('.').reduce<unknown>((value, key) => {
		if (value && typeof value === 'object') return (value as Record<string, unknown>)[key];
		return undefined;
	}, source);
}

/** n8n-core's returnJsonArray: one item per object. */
export function returnJsonArray(data: IDataObject | IDataObject[]): INodeExecutionData[] {
	return (Array.isArray(data) ? data : [data]).map((json) => ({ json }));
}

/** With extractValue, a resource locator's value, as n8n-core's extractValue gives it. */
export function extractValue(value: unknown, extra?: { extractValue?: boolean }): unknown {
	if (extra?.extractValue && value && typeof value === 'object' && 'value' in value) {
		return (value as { value: unknown }).value;
	}
	return value;
}

/** A parameter's value as getNodeParameter gives it: the fallback when unset, else an error. */
export function parameterValue(
	value: unknown,
	name: string,
	fallback?: unknown,
	extra?: { extractValue?: boolean },
): unknown {
	if (value === undefined) {
		if (fallback !== undefined) return fallback;
		throw new Error(`Could not get parameter "${name}"`);
	}
	return extractValue(value, extra);
}

/**
 * A small stand-in for n8n's execution context: enough of IExecuteFunctions to run an operation
 * and see exactly what it returns, pairs and throws. Mirrors n8n-core for the helpers it fakes.
 */
export function fakeExecuteContext(options: FakeContextOptions): IExecuteFunctions {
	const items = options.items ?? [{ json: {} }];
	const parametersFor = (itemIndex: number) =>
		typeof options.parameters === 'function' ? options.parameters(itemIndex) : options.parameters;
	const context = {
		getInputData: () => items,
		getNode: () => FAKE_NODE,
		continueOnFail: () => options.continueOnFail ?? false,
		getCredentials: async () => options.credentials ?? {},
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown, extra?: { extractValue?: boolean }) =>
			parameterValue(readPath(parametersFor(itemIndex), name), name, fallback, extra),
		helpers: {
			returnJsonArray,
			constructExecutionMetaData: (
				data: INodeExecutionData[],
				{ itemData }: { itemData: IPairedItemData | IPairedItemData[] },
			): INodeExecutionData[] => data.map((item) => ({ ...item, pairedItem: itemData })),
		},
	};
	return context as unknown as IExecuteFunctions;
}
