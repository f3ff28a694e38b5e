import { NodeOperationError, type IExecuteFunctions, type ILoadOptionsFunctions, type INode } from 'n8n-workflow';

import type { AwsCognitoCredentials } from '../credentials';
import { isUserPoolId } from '../transport';
import { nodeParameter, type ParameterContext } from './nodeParameter';
import { textOf } from './values';

/** What a resource locator parameter holds: its mode ("list", "id", "sub", …) and its value. */
export interface LocatorValue {
	mode: string;
	value: string;
}

function isLocatorObject(raw: unknown): raw is { mode?: unknown; value?: unknown; __rl?: unknown } {
	return typeof raw === 'object' && raw !== null && !Array.isArray(raw) && ('__rl' in raw || 'mode' in raw);
}

/** Reads a resource locator parameter's value, whatever its mode; a value that is not text fails naming `field`. */
function locatorValue(context: ParameterContext, parameter: string, field: string, itemIndex?: number): LocatorValue {
	const raw = nodeParameter(context, parameter, { mode: 'id', value: '' }, itemIndex);
	const node = context.getNode();
	// A locator holds its value inside; anything else is the value itself (an old workflow, or a whole
	// parameter set by an expression).
	if (!isLocatorObject(raw)) return { mode: 'id', value: textOf(node, raw, field, itemIndex) };
	const mode = typeof raw.mode === 'string' ? raw.mode : 'id';
	return { mode, value: textOf(node, raw.value, field, itemIndex) };
}

/** The pool to work on: the node's User Pool, else the credential's default pool. */
function userPoolIdOrDefault(
	node: INode,
	selected: string,
	credentials: AwsCognitoCredentials,
	itemIndex?: number,
): string {
	const userPoolId = selected || credentials.userPoolId || '';
	if (!userPoolId) {
		throw new NodeOperationError(node, 'No user pool selected', {
			description: 'Choose a pool in "User Pool", or set "Default User Pool ID" in the AWS Cognito API credential.',
			itemIndex,
		});
	}
	if (!isUserPoolId(userPoolId)) {
		throw new NodeOperationError(node, `"${userPoolId}" is not a user pool ID`, {
			description: 'A user pool ID looks like "us-east-1_T5HyXiR7I": the region, an underscore and letters or digits.',
			itemIndex,
		});
	}
	return userPoolId;
}

/** The pool in the "User Pool" locator (of one item, or of the trigger), else the credential's default pool. */
export function readUserPoolId(
	context: ParameterContext,
	credentials: AwsCognitoCredentials,
	itemIndex?: number,
): string {
	return userPoolIdOrDefault(
		context.getNode(),
		locatorValue(context, 'userPool', 'User Pool', itemIndex).value,
		credentials,
		itemIndex,
	);
}

/** The pool chosen in the node's "User Pool" field while the editor searches a list, else the credential's default. */
export function readUserPoolIdForSearch(context: ILoadOptionsFunctions, credentials: AwsCognitoCredentials): string {
	const selected = context.getCurrentNodeParameter('userPool', { extractValue: true });
	return userPoolIdOrDefault(context.getNode(), typeof selected === 'string' ? selected.trim() : '', credentials);
}

/** The "User" locator: a username (or alias), or a sub in "By Sub" mode. Looking a sub up is the caller's call. */
export function readUserLocator(context: IExecuteFunctions, itemIndex: number): LocatorValue {
	const locator = locatorValue(context, 'user', 'User', itemIndex);
	if (!locator.value) {
		throw new NodeOperationError(context.getNode(), 'User is empty', {
			description: 'Pick a user from the list, or enter a username or a sub.',
			itemIndex,
		});
	}
	return locator;
}

/** The name in the "Group" locator, whatever its mode. */
export function readGroupName(context: IExecuteFunctions, itemIndex: number): string {
	const { value } = locatorValue(context, 'group', 'Group', itemIndex);
	if (!value) {
		throw new NodeOperationError(context.getNode(), 'Group is empty', {
			description: 'Pick a group from the list, or enter its name.',
			itemIndex,
		});
	}
	return value;
}
