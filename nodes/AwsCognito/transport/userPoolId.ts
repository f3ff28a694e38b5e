/** Cognito's pattern for user pool IDs, e.g. us-east-1_T5HyXiR7I. */
export const USER_POOL_ID_PATTERN = '^[\\w-]+_[0-9a-zA-Z]+$';

export function isUserPoolId(value: string): boolean {
	return new RegExp(USER_POOL_ID_PATTERN).test(value);
}
