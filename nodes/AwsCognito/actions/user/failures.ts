import { CognitoError, redactSecrets, type CognitoErrorOptions } from '../../transport';

/** Whether `error` is Cognito's answer `awsName` (e.g. "UnsupportedUserStateException"). */
export function isAwsError(error: unknown, awsName: string): error is CognitoError {
	return error instanceof CognitoError && error.awsName === awsName;
}

/**
 * The same Cognito failure in words this operation can be more precise with (who, why, what to do),
 * keeping what code branches on (kind, AWS name, operation, status, missing resource).
 */
export function restated(error: CognitoError, changes: Partial<CognitoErrorOptions>): CognitoError {
	return new CognitoError({
		message: error.message,
		kind: error.kind,
		awsName: error.awsName,
		operation: error.operation,
		hint: error.hint,
		httpStatusCode: error.httpStatusCode,
		missing: error.missing,
		...changes,
	});
}

/**
 * `error` with every occurrence of `secret` removed from what it says. Only Cognito's answers can
 * carry a value that was sent; input errors are raised before the value is used.
 */
export function withoutSecret(error: unknown, secret: string): unknown {
	if (!(error instanceof CognitoError)) return error;
	const redact = (text: string) => redactSecrets(text, [secret]);
	return restated(error, { message: redact(error.message), hint: redact(error.hint) });
}
