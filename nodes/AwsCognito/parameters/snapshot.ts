import { NodeOperationError, type IDataObject, type IExecuteFunctions, type IPollFunctions } from 'n8n-workflow';

import type { SnapshotOptions, SnapshotOutput } from '../sync';
import { nodeParameter, type ParameterContext } from './nodeParameter';

/** What each poll of the trigger emits. */
export type TriggerEmit = 'changes' | SnapshotOutput;

function snapshotOutputOf(
	context: ParameterContext,
	value: unknown,
	field: string,
	itemIndex?: number,
): SnapshotOutput {
	if (value === 'snapshot' || value === 'users') return value;
	throw new NodeOperationError(
		context.getNode(),
		`${field} "${String(value)}" is not supported: choose "Snapshot" or "Users"`,
		{ itemIndex },
	);
}

/** Take Snapshot's "Output". */
export function readSnapshotOutput(context: IExecuteFunctions, itemIndex: number): SnapshotOutput {
	return snapshotOutputOf(context, context.getNodeParameter('output', itemIndex, 'snapshot'), 'Output', itemIndex);
}

/** The Options of a snapshot, for one item of Take Snapshot or for the trigger. */
export function readSnapshotOptions(context: ParameterContext, itemIndex?: number): SnapshotOptions {
	const options = nodeParameter(context, 'options', {}, itemIndex) as IDataObject;
	return {
		includeMemberships: options.includeMemberships !== false,
		includePoolDescription: options.includePoolDescription === true,
	};
}

/** The trigger's "Emit". */
export function readTriggerEmit(context: IPollFunctions): TriggerEmit {
	const emit = context.getNodeParameter('emit', 'changes');
	return emit === 'changes' ? 'changes' : snapshotOutputOf(context, emit, 'Emit');
}

/** The trigger's "On First Poll": true to emit the whole pool as created, false to record it silently. */
export function readEmitAllOnFirstPoll(context: IPollFunctions): boolean {
	return context.getNodeParameter('onFirstPoll', 'baseline') === 'emitAll';
}
