import type { UserType } from '@aws-sdk/client-cognito-identity-provider';

import type { Page } from './pagination';

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

/*
 * Get Many's attribute filter. Cognito's ListUsers filter covers the searchable attributes with
 * "equals" and "starts with"; any other attribute (custom ones included) or match is tested here,
 * on each page of the whole pool as it arrives.
 */

/** Every match Get Many offers; the last three only ever run on our side. */
export const ATTRIBUTE_MATCHES = ['equals', 'startsWith', 'contains', 'isEmpty', 'isNotEmpty'] as const;

export type AttributeMatch = (typeof ATTRIBUTE_MATCHES)[number];

/** Cognito's standard (OpenID Connect) attributes, plus `identities`, which federated users carry. */
export const STANDARD_ATTRIBUTES = [
	'address',
	'birthdate',
	'email',
	'email_verified',
	'family_name',
	'gender',
	'given_name',
	'identities',
	'locale',
	'middle_name',
	'name',
	'nickname',
	'phone_number',
	'phone_number_verified',
	'picture',
	'preferred_username',
	'profile',
	'sub',
	'updated_at',
	'website',
	'zoneinfo',
] as const;

/** Fields of a user that Cognito returns outside Attributes, under the names its filter gives them. */
const USER_FIELDS = ['username', 'status', 'cognito:user_status'] as const;

/** Attributes every user has: "is empty" on them would read the whole pool to find nobody. */
const NEVER_EMPTY: readonly string[] = ['username', 'sub', 'status', 'cognito:user_status'];

/** AttributeType.Name's limit in the API reference. */
const MAX_ATTRIBUTE_NAME_LENGTH = 32;

export interface AttributeCondition {
	attribute: string;
	match: string;
	/** Ignored by "is empty" and "is not empty". */
	value: string;
}

/** How Get Many selects users: Cognito's filter when it can, else a test of every listed user. */
export type UserSelection =
	| { where: 'cognito'; filter: string }
	| { where: 'pages'; test: (user: UserType) => boolean };

function isAttributeMatch(match: string): match is AttributeMatch {
	return (ATTRIBUTE_MATCHES as readonly string[]).includes(match);
}

/** Refuses a name that no user can have, so that a typo fails before the pool is read. */
function checkAttributeName(attribute: string): void {
	const known = (list: readonly string[]) => list.includes(attribute);
	if (!attribute)
		throw new FilterError('The filter has no attribute name: enter one, such as "custom:department"', 'attribute');
	if (/[\s\u0000-\u001f]/.test(attribute) || attribute.length > MAX_ATTRIBUTE_NAME_LENGTH) {
		throw new FilterError(
			`"${attribute}" is not an attribute name: names have no spaces and at most ${MAX_ATTRIBUTE_NAME_LENGTH} characters`,
			'attribute',
		);
	}
	if (known(STANDARD_ATTRIBUTES) || known(USER_FIELDS)) return;
	if (/^(custom|dev):./.test(attribute)) return;
	throw new FilterError(
		`"${attribute}" is not a Cognito attribute: custom attributes are named "custom:${attribute}"`,
		'attribute',
	);
}

/** The value of `attribute` on a listed user; undefined when the user does not have it. */
export function attributeOf(user: UserType, attribute: string): string | undefined {
	if (attribute === 'username') return user.Username;
	if (attribute === 'status') return user.Enabled === false ? 'Disabled' : 'Enabled';
	if (attribute === 'cognito:user_status') return user.UserStatus;
	return user.Attributes?.find((entry) => entry.Name === attribute)?.Value;
}

/**
 * Checks a Get Many filter and decides where it runs: on Cognito for a searchable attribute with
 * "equals" or "starts with" (only matching users are read), else on every page of the pool.
 * Matching is case-sensitive on both sides. Throws a FilterError naming the field at fault.
 */
export function selectUsers({ attribute, match, value }: AttributeCondition): UserSelection {
	checkAttributeName(attribute);
	if (!isAttributeMatch(match)) {
		throw new FilterError(`Unknown filter match "${match}": use one of ${ATTRIBUTE_MATCHES.join(', ')}`, 'match');
	}
	if (match === 'isEmpty' || match === 'isNotEmpty') {
		if (NEVER_EMPTY.includes(attribute)) {
			throw new FilterError(
				`Every user has a "${attribute}": an "is empty" filter on it can never tell users apart`,
				'attribute',
			);
		}
		const empty = (user: UserType) => !attributeOf(user, attribute);
		return { where: 'pages', test: match === 'isEmpty' ? empty : (user) => !empty(user) };
	}
	if (/[\u0000-\u001f]/.test(value)) {
		throw new FilterError('The filter value contains a control character (such as a line break): remove it', 'value');
	}
	if (value === '') {
		throw new FilterError(
			`The "${match}" filter on "${attribute}" needs a value; to find users without it, use "isEmpty"`,
			'value',
		);
	}
	if (isFilterAttribute(attribute) && match !== 'contains') {
		return { where: 'cognito', filter: buildUserFilter(attribute, match, value) };
	}
	const holds: Record<'equals' | 'startsWith' | 'contains', (found: string) => boolean> = {
		equals: (found) => found === value,
		startsWith: (found) => found.startsWith(value),
		contains: (found) => found.includes(value),
	};
	const test = holds[match];
	return {
		where: 'pages',
		test: (user) => {
			const found = attributeOf(user, attribute);
			return found !== undefined && test(found);
		},
	};
}

/**
 * The pages of a listing with only the users that pass `test`, one page at a time: memory holds
 * one page, never the pool, and a consumer that stops (a limit reached) stops the reading.
 */
export async function* keepMatching(
	pages: AsyncIterable<Page<UserType>>,
	test: (user: UserType) => boolean,
): AsyncGenerator<Page<UserType>> {
	for await (const page of pages) yield { ...page, items: page.items.filter(test) };
}
