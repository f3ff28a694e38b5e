import { NodeOperationError, type INode } from 'n8n-workflow';

/** How a value that is not text reads in a message: "an object", "a list", "null". */
export function kindOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	return `a ${typeof value}`;
}

/**
 * A text field's value, trimmed. Numbers and booleans (what an expression like `{{ $json.id }}` often
 * gives) become their text; an object, a list or null is refused, naming the field, before any call,
 * so that `{{ $json.user }}` never becomes a user literally named "[object Object]".
 */
export function textOf(
	node: INode,
	value: unknown,
	field: string,
	itemIndex?: number,
	{ trim = true }: { trim?: boolean } = {},
): string {
	if (value === undefined) return '';
	if (typeof value === 'string') return trim ? value.trim() : value;
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
	throw new NodeOperationError(node, `${field} must be text, but the value is ${kindOf(value)}`, {
		description: `Give ${field} a text value. If it comes from an expression, pick the field inside it, e.g. {{ $json.user.username }} rather than {{ $json.user }}.`,
		itemIndex,
	});
}

/**
 * A number field's value. n8n hands an expression's result over as it is, so text that reads as a
 * number ("25") is accepted and anything else is refused saying what it got, not "NaN".
 */
export function numberOf(node: INode, value: unknown, field: string, hint: string, itemIndex?: number): number {
	const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? Number(value) : NaN;
	if (Number.isNaN(number)) {
		const got = typeof value === 'string' ? `the text "${value}"` : kindOf(value);
		throw new NodeOperationError(node, `${field} must be a number, but the value is ${got}`, {
			description: hint,
			itemIndex,
		});
	}
	return number;
}
