import { NodeOperationError, type IDataObject, type IExecuteFunctions, type IPollFunctions } from 'n8n-workflow';

import type { SnapshotFileSettings } from '../fileOutput';
import type { FileFormat, SnapshotOptions, SnapshotOutput } from '../sync';
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

/** How a snapshot is delivered: as items (one per user, or one snapshot item), or as one file. */
export type SnapshotDelivery = { as: 'items' } | ({ as: 'file' } & SnapshotFileSettings);

function fail(context: ParameterContext, message: string, itemIndex?: number): never {
	throw new NodeOperationError(context.getNode(), message, { itemIndex });
}

/**
 * "Output As" and, for One File, "File Format", "Put Output File in Field" and "Escape Formulas",
 * for one item of Take Snapshot or for the trigger. Checked before any call.
 */
export function readSnapshotDelivery(context: ParameterContext, itemIndex?: number): SnapshotDelivery {
	const outputAs = nodeParameter(context, 'outputAs', 'items', itemIndex);
	if (outputAs === 'items') return { as: 'items' };
	if (outputAs !== 'file') {
		fail(context, `Output As "${String(outputAs)}" is not supported: choose "Items" or "One File"`, itemIndex);
	}
	const format = nodeParameter(context, 'fileFormat', 'csv', itemIndex);
	if (format !== 'csv' && format !== 'jsonl') {
		fail(context, `File Format "${String(format)}" is not supported: choose "CSV" or "JSON Lines"`, itemIndex);
	}
	const property = nodeParameter(context, 'binaryPropertyName', 'data', itemIndex);
	const binaryPropertyName = typeof property === 'string' ? property.trim() : '';
	if (binaryPropertyName === '') {
		fail(
			context,
			'Put Output File in Field is empty: enter the name of the binary field for the file, e.g. data',
			itemIndex,
		);
	}
	const guardFormulas = nodeParameter(context, 'escapeFormulas', true, itemIndex) !== false;
	return { as: 'file', format: format satisfies FileFormat, binaryPropertyName, guardFormulas };
}
