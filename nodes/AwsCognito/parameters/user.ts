import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { DEDICATED_ATTRIBUTE_FIELDS } from '../descriptions';
import { selectUsers, type UserSelection } from '../transport';
import { textOf } from './values';

interface AttributeRow {
	name?: unknown;
	value?: unknown;
}

/**
 * The attributes to send for one item, from the dedicated fields and the Additional Attributes
 * rows. Empty dedicated fields are left out; additional names and values are forwarded verbatim.
 * Throws on a row without a name or an attribute given twice.
 */
export function readUserAttributes(context: IExecuteFunctions, itemIndex: number): Record<string, string> {
	const fail = (message: string, description: string) =>
		new NodeOperationError(context.getNode(), message, { description, itemIndex });
	const attributes = new Map<string, string>();
	/** Attribute name → the field that set it, for messages. */
	const setBy = new Map<string, string>();

	const node = context.getNode();
	for (const { name, displayName } of DEDICATED_ATTRIBUTE_FIELDS) {
		const value = textOf(node, context.getNodeParameter(name, itemIndex, ''), displayName, itemIndex);
		if (value) {
			attributes.set(name, value);
			setBy.set(name, `the ${displayName} field`);
		}
	}
	if (context.getNodeParameter('markEmailVerified', itemIndex, false) as boolean) {
		attributes.set('email_verified', 'true');
		setBy.set('email_verified', 'Mark Email Verified');
	}

	const rows = context.getNodeParameter('additionalAttributes.attribute', itemIndex, []) as AttributeRow[];
	rows.forEach((row, index) => {
		const field = `Additional attribute ${index + 1}`;
		const name = textOf(node, row.name, `${field}'s name`, itemIndex);
		if (!name) {
			throw fail(
				`Additional attribute ${index + 1} has no name`,
				'Enter the attribute\'s name, such as "nickname" or "custom:department", or remove the row.',
			);
		}
		const earlier = setBy.get(name);
		if (earlier) {
			throw fail(
				`Attribute "${name}" is set twice: by ${earlier} and by additional attribute ${index + 1}`,
				`Set "${name}" in one place only.`,
			);
		}
		// Values are forwarded verbatim, spaces included; an empty value clears the attribute.
		attributes.set(name, textOf(node, row.value, `${field}'s value ("${name}")`, itemIndex, { trim: false }));
		setBy.set(name, `additional attribute ${index + 1}`);
	});
	return Object.fromEntries(attributes);
}

/** Update's attributes: at least one, so that the call changes something. */
export function readAttributeUpdates(context: IExecuteFunctions, itemIndex: number): Record<string, string> {
	const attributes = readUserAttributes(context, itemIndex);
	if (Object.keys(attributes).length === 0) {
		throw new NodeOperationError(context.getNode(), 'No attribute to update', {
			description:
				'Fill in Email, Given Name or Family Name, turn on Mark Email Verified, or add an Additional Attribute.',
			itemIndex,
		});
	}
	return attributes;
}

/** What Create makes of one item. */
export interface NewUser {
	username: string;
	attributes: Record<string, string>;
	sendInvite: boolean;
	temporaryPassword?: string;
}

/** The user Create makes, checked before any call: a username, and an email wherever one is needed. */
export function readNewUser(context: IExecuteFunctions, itemIndex: number): NewUser {
	const fail = (message: string, description: string) =>
		new NodeOperationError(context.getNode(), message, { description, itemIndex });
	const username = textOf(
		context.getNode(),
		context.getNodeParameter('username', itemIndex, ''),
		'Username',
		itemIndex,
	);
	if (!username) {
		throw fail('Username is empty', "Enter the new user's username, or an expression that gives one.");
	}
	const attributes = readUserAttributes(context, itemIndex);
	const sendInvite = context.getNodeParameter('sendInvite', itemIndex, false) as boolean;
	if (sendInvite && !attributes.email) {
		throw fail(`Send Invite is on but user "${username}" has no email`, 'Fill in "Email", or turn off "Send Invite".');
	}
	if (attributes.email_verified === 'true' && !attributes.email) {
		throw fail(
			`Mark Email Verified is on but user "${username}" has no email`,
			'Fill in "Email", or turn off "Mark Email Verified".',
		);
	}
	const options = context.getNodeParameter('options', itemIndex, {}) as { temporaryPassword?: unknown };
	const temporaryPassword = textOf(context.getNode(), options.temporaryPassword, 'Temporary Password', itemIndex, {
		trim: false,
	});
	return { username, attributes, sendInvite, temporaryPassword: temporaryPassword || undefined };
}

interface FilterCondition {
	attribute?: unknown;
	attributeName?: unknown;
	match?: unknown;
	value?: unknown;
}

/** A field's default when it is absent; null is a value (an expression's), refused by textOf. */
const orDefault = (value: unknown, fallback: string) => (value === undefined ? fallback : value);

/** The Attribute option that lets the user type any name (a custom attribute, say). */
export const OTHER_ATTRIBUTE = 'other';

/**
 * Get Many's Filter, checked before any call: where it runs (Cognito's filter, or a test of every
 * listed user) or undefined when no condition is set.
 */
export function readUserFilter(context: IExecuteFunctions, itemIndex: number): UserSelection | undefined {
	const condition = context.getNodeParameter('filter.condition', itemIndex, null) as FilterCondition | null;
	if (!condition) return undefined;
	const node = context.getNode();
	const chosen = textOf(node, orDefault(condition.attribute, 'email'), 'Filter attribute', itemIndex);
	const attribute =
		chosen === OTHER_ATTRIBUTE ? textOf(node, condition.attributeName, 'Filter attribute name', itemIndex) : chosen;
	const match = textOf(node, orDefault(condition.match, 'equals'), 'Filter match', itemIndex);
	const value = textOf(node, condition.value, 'Filter value', itemIndex, { trim: false });
	return selectUsers({ attribute, match, value });
}
