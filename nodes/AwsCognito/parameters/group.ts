import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import {
	GROUP_NAME_PATTERN,
	MAX_DESCRIPTION_LENGTH,
	MAX_GROUP_NAME_LENGTH,
	MAX_PRECEDENCE,
	MAX_ROLE_ARN_LENGTH,
	ROLE_ARN_PATTERN,
} from '../descriptions';
import { readGroupName } from './locators';
import { numberOf, textOf } from './values';

/** Why Cognito would reject this group name, or undefined when it is valid. */
export function groupNameProblem(name: string): string | undefined {
	if (!name) return 'is empty';
	// Cognito measures length in UTF-16 code units, as JavaScript does.
	if (name.length > MAX_GROUP_NAME_LENGTH) {
		return `is ${name.length} characters long; Cognito allows at most ${MAX_GROUP_NAME_LENGTH}`;
	}
	if (!GROUP_NAME_PATTERN.test(name)) {
		return 'contains a space or a control character; Cognito allows only letters, digits, punctuation and symbols';
	}
	return undefined;
}

function assertGroupName(context: IExecuteFunctions, name: string, field: string, itemIndex: number): string {
	const problem = groupNameProblem(name);
	if (problem) {
		throw new NodeOperationError(context.getNode(), `${field} "${name}" ${problem}`, {
			description: `Enter a group name of 1 to ${MAX_GROUP_NAME_LENGTH} characters without spaces, e.g. "admins" or "sales-emea".`,
			itemIndex,
		});
	}
	return name;
}

/** The group the "Group" locator names, checked against Cognito's naming rules before any call. */
export function readTargetGroup(context: IExecuteFunctions, itemIndex: number): string {
	return assertGroupName(context, readGroupName(context, itemIndex), 'Group', itemIndex);
}

/** The name for a new group from the "Group Name" field. */
export function readNewGroupName(context: IExecuteFunctions, itemIndex: number): string {
	const name = textOf(context.getNode(), context.getNodeParameter('groupName', itemIndex, ''), 'Group Name', itemIndex);
	return assertGroupName(context, name, 'Group Name', itemIndex);
}

/** Group settings in CreateGroup / UpdateGroup terms; absent keys are not sent. */
export interface GroupSettings {
	Description?: string;
	Precedence?: number;
	RoleArn?: string;
}

/**
 * Reads and validates the group settings of one collection parameter (Create's "Additional
 * Fields", Update's "Update Fields"), so that a bad value fails naming its field, before any call.
 */
export function readGroupSettings(
	context: IExecuteFunctions,
	itemIndex: number,
	parameter: 'additionalFields' | 'updateFields',
): GroupSettings {
	const fields = context.getNodeParameter(parameter, itemIndex, {}) as IDataObject;
	const fail = (message: string, description: string) =>
		new NodeOperationError(context.getNode(), message, { description, itemIndex });
	const settings: GroupSettings = {};

	if (fields.description !== undefined) {
		const description = textOf(context.getNode(), fields.description, 'Description', itemIndex, { trim: false });
		if (description.length > MAX_DESCRIPTION_LENGTH) {
			throw fail(
				`Description is ${description.length} characters long; Cognito allows at most ${MAX_DESCRIPTION_LENGTH}`,
				'Shorten the description.',
			);
		}
		// An empty description is worth sending only to clear an existing one.
		if (description || parameter === 'updateFields') settings.Description = description;
	}

	if (fields.precedence !== undefined && fields.precedence !== '') {
		const hint = 'Enter 0 for the group whose role should win, higher numbers for the others.';
		const precedence = numberOf(context.getNode(), fields.precedence, 'Precedence', hint, itemIndex);
		if (!Number.isInteger(precedence) || precedence < 0 || precedence > MAX_PRECEDENCE) {
			throw fail(`Precedence must be a whole number from 0 to ${MAX_PRECEDENCE}, not "${precedence}"`, hint);
		}
		settings.Precedence = precedence;
	}

	if (fields.roleArn !== undefined) {
		const roleArn = textOf(context.getNode(), fields.roleArn, 'Role ARN', itemIndex);
		if (!roleArn) {
			throw fail('Role ARN is empty', 'Enter the ARN of an IAM role, or remove the "Role ARN" field.');
		}
		if (roleArn.length > MAX_ROLE_ARN_LENGTH || !ROLE_ARN_PATTERN.test(roleArn)) {
			throw fail(
				`Role ARN "${roleArn}" is not the ARN of an IAM role`,
				"A role ARN looks like arn:aws:iam::123456789012:role/AdminsRole (copy it from the role's page in the IAM console).",
			);
		}
		settings.RoleArn = roleArn;
	}
	return settings;
}

/** Update's "Update Fields": at least one setting, so that the call changes something. */
export function readGroupUpdates(context: IExecuteFunctions, itemIndex: number): GroupSettings {
	const changes = readGroupSettings(context, itemIndex, 'updateFields');
	if (Object.keys(changes).length === 0) {
		throw new NodeOperationError(context.getNode(), 'Update Fields is empty: there is nothing to update', {
			description: 'Add at least one of Description, Precedence or Role ARN under "Update Fields".',
			itemIndex,
		});
	}
	return changes;
}
