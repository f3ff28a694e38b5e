import type { IExecuteFunctions, IPollFunctions } from 'n8n-workflow';

/** The contexts parameters are read in: an action's item (with its index) or a trigger's poll (without). */
export type ParameterContext = IExecuteFunctions | IPollFunctions;

/** A parameter's value for one item of an action, or for the trigger when no item index is given. */
export function nodeParameter(context: ParameterContext, name: string, fallback: unknown, itemIndex?: number): unknown {
	return itemIndex === undefined
		? (context as IPollFunctions).getNodeParameter(name, fallback)
		: (context as IExecuteFunctions).getNodeParameter(name, itemIndex, fallback);
}
