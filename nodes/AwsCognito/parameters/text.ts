import { NodeOperationError, type INode } from 'n8n-workflow';

/** How messages name a value's type: "an object", "an array", "null", "a number"… */
export function describeType(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A value as a message shows it: short text quoted, numbers as they are, anything else by its type. */
export function describeValue(value: unknown): string {
	if (typeof value === 'string') return `the text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
	if (typeof value === 'number') return String(value);
	return describeType(value);
}

/** What an object or array holds, without its values (which may be personal data). */
function shapeOf(value: object): string {
	if (Array.isArray(value)) return `${value.length} item${value.length === 1 ? '' : 's'}`;
	const keys = Object.keys(value);
	if (!keys.length) return 'no keys';
	return `keys ${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', …' : ''}`;
}

export interface TextOptions {
	/** Leave out what the value holds from the message (passwords). */
	secret?: boolean;
	/** Returned for an unset (undefined) value; default "". */
	fallback?: string;
	/** Trim surrounding whitespace (default); values Cognito stores verbatim are not trimmed. */
	trim?: boolean;
}

/**
 * A field's value as text. Numbers and booleans are written out; an object, an array or
 * null (say `{{ $json.user }}` where `user` is a record) is refused, naming the field and what it
 * got, before any call: Cognito would otherwise receive the text "[object Object]".
 */
export function textValue(
	node: INode,
	value: unknown,
	field: string,
	itemIndex: number | undefined,
	{ secret = false, fallback = '', trim = true }: TextOptions = {},
): string {
	if (value === undefined) return fallback;
	if (typeof value === 'string') return trim ? value.trim() : value;
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
	const got = describeType(value);
	const detail = !secret && typeof value === 'object' && value !== null ? ` (${shapeOf(value)})` : '';
	throw new NodeOperationError(node, `${field} must be text, but its value is ${got}${detail}`, {
		description:
			value === null
				? `The expression for "${field}" gives null, which is usually a missing field in the input item. Map a field that holds text, or give a default, e.g. {{ $json.username ?? '' }}.`
				: `The expression for "${field}" gives a whole ${Array.isArray(value) ? 'list' : 'record'}. Map one field of it, e.g. {{ $json.user.username }} instead of {{ $json.user }}.`,
		itemIndex,
	});
}
