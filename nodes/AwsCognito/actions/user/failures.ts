import { CognitoError, redactSecrets } from '../../transport';

/** The same Cognito failure told in this operation's terms: what happened to whom, and the fix. */
export function explained(error: CognitoError, message: string, hint: string): CognitoError {
	return new CognitoError({
		message,
		hint,
		kind: error.kind,
		awsName: error.awsName,
		operation: error.operation,
		httpStatusCode: error.httpStatusCode,
		missing: error.missing,
	});
}

/** `error` with `secret` (a password the item sent) removed from its message and hint. */
export function withoutSecret(error: unknown, secret: string): unknown {
	if (!(error instanceof Error)) return error;
	const message = redactSecrets(error.message, [secret]);
	if (!(error instanceof CognitoError)) return message === error.message ? error : new Error(message);
	return explained(error, message, redactSecrets(error.hint, [secret]));
}
