import type { AttributeType } from '@aws-sdk/client-cognito-identity-provider';

/** Cognito's attribute list as a record keyed by attribute name (a missing value becomes ""). */
export function attributesToRecord(attributes: AttributeType[] | undefined): Record<string, string> {
	const record: Record<string, string> = {};
	for (const { Name, Value } of attributes ?? []) {
		if (Name) record[Name] = Value ?? '';
	}
	return record;
}

/** A record of attributes as the list Cognito takes, names kept verbatim. */
export function recordToAttributes(record: Record<string, string>): AttributeType[] {
	return Object.entries(record).map(([Name, Value]) => ({ Name, Value }));
}
