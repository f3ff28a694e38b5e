/** Attributes Cognito's ListUsers filter accepts ("Searchable attributes" in the API reference). */
export const FILTER_ATTRIBUTES = [
	'username',
	'email',
	'phone_number',
	'name',
	'given_name',
	'family_name',
	'preferred_username',
	'cognito:user_status',
	'status',
	'sub',
] as const;

export type FilterAttribute = (typeof FILTER_ATTRIBUTES)[number];

/** Named, not symbolic: n8n reads a parameter value starting with "=" as an expression. */
export type FilterMatch = 'equals' | 'startsWith';

const OPERATORS: Record<FilterMatch, string> = { equals: '=', startsWith: '^=' };

export class FilterError extends Error {
	constructor(
		message: string,
		readonly field: 'attribute' | 'match' | 'value',
	) {
		super(message);
		this.name = 'FilterError';
	}
}

export function isFilterAttribute(name: string): name is FilterAttribute {
	return (FILTER_ATTRIBUTES as readonly string[]).includes(name);
}

/** Escapes a value for use between the filter's double quotes. */
export function escapeFilterValue(value: string): string {
	return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/**
 * Builds a ListUsers filter expression. The only place one is built: the attribute comes from an
 * allow-list and the value is always quoted and escaped, so user text can never change the query.
 */
export function buildUserFilter(attribute: string, match: string, value: string): string {
	if (!isFilterAttribute(attribute)) {
		throw new FilterError(
			`Cannot filter users by "${attribute}": Cognito can only filter on ${FILTER_ATTRIBUTES.join(', ')}`,
			'attribute',
		);
	}
	if (match !== 'equals' && match !== 'startsWith') {
		throw new FilterError(`Unknown filter match "${match}": use "equals" or "startsWith"`, 'match');
	}
	if (/[\u0000-\u001f]/.test(value)) {
		throw new FilterError('The filter value contains a control character (such as a line break): remove it', 'value');
	}
	if (match === 'startsWith' && value === '') {
		throw new FilterError('A "starts with" filter needs a value: enter at least one character', 'value');
	}
	if (attribute === 'status' && value !== 'Enabled' && value !== 'Disabled') {
		throw new FilterError(`The "status" filter takes "Enabled" or "Disabled", not "${value}"`, 'value');
	}
	return `${attribute} ${OPERATORS[match]} "${escapeFilterValue(value)}"`;
}
