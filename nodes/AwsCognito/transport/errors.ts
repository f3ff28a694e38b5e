import { AwsCredentialError, ALLOW_HOST_CREDENTIALS_ENV } from './awsCredentials';
import type { CognitoOperation } from './commands';
import {
	connectionSecrets,
	describeEndpoint,
	describeStsEndpoint,
	usesHostCredentials,
	type CognitoConnection,
} from './connection';
import { redactSecrets } from './redaction';
import { ANSWER_TIMEOUT_MS, CALL_BUDGET_MS, CONNECT_TIMEOUT_MS } from './timeout';

/** What a failed call was about, read from its input so that messages can name it. */
export interface CallSubject {
	userPoolId?: string;
	username?: string;
	groupName?: string;
}

/** Which resource a not-found error is about. */
export type MissingResource = 'user' | 'group' | 'userPool' | 'device';

export type CognitoErrorKind =
	| 'notFound'
	| 'conflict'
	| 'accessDenied'
	| 'badCredentials'
	| 'throttled'
	| 'unreachable'
	| 'timedOut'
	| 'invalidInput'
	| 'aws';

/** What a CognitoError says: the message and hint for the user, and fields for code to branch on. */
export interface CognitoErrorOptions {
	message: string;
	kind: CognitoErrorKind;
	/** The AWS error name (e.g. UserNotFoundException) or network code. */
	awsName: string;
	operation?: CognitoOperation;
	/** What to do about it. */
	hint: string;
	httpStatusCode?: number;
	/** Set on not-found errors: what does not exist. */
	missing?: MissingResource;
}

/** A Cognito failure with a message a user can act on. Never carries a secret. */
export class CognitoError extends Error {
	readonly kind: CognitoErrorKind;
	readonly awsName: string;
	readonly operation: CognitoOperation | undefined;
	readonly hint: string;
	readonly httpStatusCode: number | undefined;
	readonly missing: MissingResource | undefined;

	constructor(options: CognitoErrorOptions) {
		super(options.message);
		this.kind = options.kind;
		this.awsName = options.awsName;
		this.operation = options.operation;
		this.hint = options.hint;
		this.httpStatusCode = options.httpStatusCode;
		this.missing = options.missing;
		this.name = 'CognitoError';
	}
}

const THROTTLING_NAMES = new Set([
	'TooManyRequestsException',
	'LimitExceededException',
	'ThrottlingException',
	'Throttling',
	'RequestLimitExceeded',
]);
const TRANSIENT_NAMES = new Set([
	'InternalErrorException',
	'InternalFailure',
	'ServiceUnavailable',
	'ServiceUnavailableException',
	'TimeoutError',
	'RequestTimeout',
]);
const TRANSIENT_NETWORK_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNABORTED']);
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/** Names of an answer that did not come in time: the SDK's request handler, or our call budget. */
const TIMEOUT_NAMES = new Set(['TimeoutError', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'AbortError']);

/**
 * Network codes in words. n8n's NodeError replaces any message that contains one of these codes
 * (even in lower case) with a generic "perhaps it is offline" text, which would hide the endpoint
 * and the fix we name; so messages say them in words. The list covers n8n-workflow's COMMON_ERRORS.
 */
const NETWORK_CODE_WORDS: Readonly<Record<string, string>> = {
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'connection closed by the other side',
	ECONNABORTED: 'connection aborted',
	EPIPE: 'connection closed while sending',
	ETIMEDOUT: 'no answer in time',
	ESOCKETTIMEDOUT: 'no answer in time',
	ENOTFOUND: 'host name not found',
	EAI_AGAIN: 'host name lookup failed',
	GETADDRINFO: 'host name lookup failed',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
	EADDRNOTAVAIL: 'address not available',
	ERRADDRINUSE: 'address in use',
	EADDRINUSE: 'address in use',
	ENOENT: 'no such file',
	EISDIR: 'is a folder',
	ENOTDIR: 'not a folder',
	EACCES: 'permission denied',
	EPERM: 'operation not permitted',
	EEXIST: 'already exists',
};
/** The codes networkCodesInWords() replaces. */
export const NETWORK_CODES: readonly string[] = Object.keys(NETWORK_CODE_WORDS);
const NETWORK_CODE_PATTERN = new RegExp(`\\b(${Object.keys(NETWORK_CODE_WORDS).join('|')})\\b`, 'gi');

/** `text` with every network code (ECONNREFUSED, ETIMEDOUT, ...) replaced by words, for messages. */
export function networkCodesInWords(text: string): string {
	return text.replace(NETWORK_CODE_PATTERN, (code) => NETWORK_CODE_WORDS[code.toUpperCase()] ?? code);
}
const GROUP_OPERATIONS = new Set<CognitoOperation>([
	'GetGroup',
	'UpdateGroup',
	'DeleteGroup',
	'ListUsersInGroup',
	'AdminAddUserToGroup',
	'AdminRemoveUserFromGroup',
]);

const POOL_MISSING_MESSAGE = /user ?pool\b.*\b(does not exist|not found)/i;
/** Network codes also travel inside wrapped errors' messages ("connect ECONNREFUSED 127.0.0.1:9"). */
const CODE_IN_MESSAGE = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ECONNRESET|EPIPE|ETIMEDOUT)\b/;

const SDK_WRAPPER = /^AWS SDK error wrapper for (\w+)/;

interface ErrorShape {
	name?: string;
	code?: string;
	message?: string;
	$metadata?: { httpStatusCode?: number };
}

function shapeOf(error: unknown): ErrorShape {
	return typeof error === 'object' && error !== null ? (error as ErrorShape) : { message: String(error) };
}

/** AWS's error name, or the network error code, of a thrown value. */
export function errorName(error: unknown): string {
	const shape = shapeOf(error);
	if (shape.code && (UNREACHABLE_CODES.has(shape.code) || TRANSIENT_NETWORK_CODES.has(shape.code))) {
		return shape.code;
	}
	const name = shape.name ?? shape.code ?? 'Error';
	if (name === 'Error' || name === 'TypeError') {
		const message = shape.message ?? '';
		const codeInMessage = CODE_IN_MESSAGE.exec(message);
		if (codeInMessage) return codeInMessage[1];
		// Node's words for a connection the server closed (the SDK's wrapper drops its ECONNRESET).
		if (/\bsocket hang up\b/i.test(message)) return 'ECONNRESET';
		// "AWS SDK error wrapper for TimeoutError: ..." when the error came from another realm.
		const wrapped = SDK_WRAPPER.exec(message);
		if (wrapped && wrapped[1] !== 'Error') return wrapped[1];
	}
	return name;
}

export function isThrottling(error: unknown): boolean {
	return THROTTLING_NAMES.has(errorName(error));
}

/** Throttling, 5xx and dropped connections: worth another attempt. */
export function isRetryable(error: unknown): boolean {
	const name = errorName(error);
	if (THROTTLING_NAMES.has(name) || TRANSIENT_NAMES.has(name) || TRANSIENT_NETWORK_CODES.has(name)) {
		return true;
	}
	const status = shapeOf(error).$metadata?.httpStatusCode;
	return status !== undefined && status >= 500;
}

function quote(value: string | undefined): string {
	return value ? `"${value}"` : '(not given)';
}

/** " for user "jane" in group "admins"" (or " on user pool "p"" for pool-wide calls): what a call was about. */
function aboutWhom({ username, groupName, userPoolId }: CallSubject): string {
	const parts = [username && `user ${quote(username)}`, groupName && `group ${quote(groupName)}`].filter(Boolean);
	if (parts.length) return ` for ${parts.join(' in ')}`;
	return userPoolId ? ` on user pool ${quote(userPoolId)}` : '';
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** A failed call as the mappers below see it. */
interface FailedCall {
	/** AWS's error name or the network code (see errorName). */
	name: string;
	/** AWS's message, secrets redacted. */
	awsMessage: string;
	operation: CognitoOperation;
	subject: CallSubject;
	connection: CognitoConnection;
	attempts: number;
	/** Set when the call gave up because its time budget was spent: how long it had tried. */
	elapsedMs?: number;
}

/** What a mapper makes of a failure; the name, operation and HTTP status are added by toCognitoError. */
type Diagnosis = Pick<CognitoErrorOptions, 'message' | 'kind' | 'hint' | 'missing'>;

const poolOf = (call: FailedCall) => quote(call.subject.userPoolId);

/** How many attempts, and over how long when the budget ended them. */
function effort({ attempts, elapsedMs }: FailedCall): string {
	const tries = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
	return elapsedMs === undefined ? tries : `${tries} in ${seconds(elapsedMs)}`;
}

/** Throttling that outlasted the retries, answers that did not come, endpoints that cannot be reached. */
function throttledOrUnreachable(call: FailedCall): Diagnosis | undefined {
	const { name, operation, subject, connection } = call;
	if (THROTTLING_NAMES.has(name)) {
		return {
			message: `Cognito throttled ${operation}${aboutWhom(subject)} after ${effort(call)} (${name})`,
			kind: 'throttled',
			hint: 'Other workloads in this AWS account share the quota. Run this later, lower "Quota Share" in the credential, run fewer executions at once, or ask AWS for a quota increase.',
		};
	}
	if (name === 'CallBudgetSpent') {
		return {
			message: `${operation}${aboutWhom(subject)} waited its turn under the rate limit for ${seconds(call.elapsedMs ?? CALL_BUDGET_MS)} and was not sent`,
			kind: 'timedOut',
			hint: 'Too many calls share this quota at once: run fewer executions at the same time, or raise "Quota Share" in the credential if the account has room.',
		};
	}
	if (TIMEOUT_NAMES.has(name)) {
		return {
			message: `Cognito at ${describeEndpoint(connection)} did not answer ${operation}${aboutWhom(subject)} in time (${effort(call)})`,
			kind: 'timedOut',
			hint: `Each request may take ${seconds(ANSWER_TIMEOUT_MS)} (connecting ${seconds(CONNECT_TIMEOUT_MS)}) and a call, retries included, ${seconds(CALL_BUDGET_MS)}. Check that this n8n can reach the endpoint and that nothing in between holds requests; then run it again.`,
		};
	}
	if (UNREACHABLE_CODES.has(name) || TRANSIENT_NETWORK_CODES.has(name)) {
		return {
			message: `Could not reach Cognito at ${describeEndpoint(connection)} (${networkCodesInWords(name)})`,
			kind: 'unreachable',
			hint: 'Check the region and, if set, the endpoint URL in the credential, and that this n8n can reach it.',
		};
	}
	return undefined;
}

/** A missing user, group or user pool. */
function notFound(call: FailedCall): Diagnosis | undefined {
	const { name, operation, subject, connection, awsMessage } = call;
	if (name === 'UserNotFoundException') {
		return {
			message: `User ${quote(subject.username)} was not found in user pool ${poolOf(call)}`,
			kind: 'notFound',
			hint: 'Check the username (or alias) and the user pool. Usernames are case-sensitive unless the pool is configured otherwise.',
			missing: 'user',
		};
	}
	if (name !== 'ResourceNotFoundException') return undefined;
	// Both a missing pool and a missing group answer ResourceNotFoundException; AWS words the pool
	// case "User pool <id> does not exist".
	if (subject.groupName && GROUP_OPERATIONS.has(operation) && !POOL_MISSING_MESSAGE.test(awsMessage)) {
		return {
			message: `Group ${quote(subject.groupName)} was not found in user pool ${poolOf(call)}`,
			kind: 'notFound',
			hint: 'Check the group name: group names are case-sensitive.',
			missing: 'group',
		};
	}
	return {
		message: `User pool ${poolOf(call)} was not found in region "${connection.region}"`,
		kind: 'notFound',
		hint: 'Check the user pool ID and that the credential uses the region the pool lives in.',
		missing: 'userPool',
	};
}

const DEVICE_OPERATIONS = new Set<CognitoOperation>(['AdminForgetDevice']);

/** A device key the user does not have: Cognito answers ResourceNotFoundException, as for a missing pool. */
function missingDevice(call: FailedCall): Diagnosis | undefined {
	const { name, operation, subject, awsMessage } = call;
	if (name !== 'ResourceNotFoundException' || !DEVICE_OPERATIONS.has(operation)) return undefined;
	if (POOL_MISSING_MESSAGE.test(awsMessage)) return undefined;
	return {
		message: `User ${quote(subject.username)} in user pool ${poolOf(call)} has no device with that device key`,
		kind: 'notFound',
		hint: "Check the device key (Get Devices lists the user's devices), or forget all of the user's devices.",
		missing: 'device',
	};
}

/** A username, alias or group name that is already taken. */
function conflict(call: FailedCall): Diagnosis | undefined {
	const { name, subject } = call;
	if (name === 'UsernameExistsException' || name === 'AliasExistsException') {
		return {
			message: `A user with username or alias ${quote(subject.username)} already exists in user pool ${poolOf(call)}`,
			kind: 'conflict',
			hint: 'Choose another username, or set "If User Exists" to return the existing user.',
		};
	}
	if (name === 'GroupExistsException') {
		return {
			message: `Group ${quote(subject.groupName)} already exists in user pool ${poolOf(call)}`,
			kind: 'conflict',
			hint: 'Choose another group name, or update the existing group.',
		};
	}
	return undefined;
}

const ACCESS_DENIED_NAMES = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation']);

/** Credential failures by AWS error name: each needs the same fix whatever the call was. */
const CREDENTIAL_FAILURES: ReadonlyArray<{ names: readonly string[]; message: string; hint: string }> = [
	{
		names: ['UnrecognizedClientException', 'InvalidClientTokenId'],
		message: 'AWS does not recognise the access key ID',
		hint: 'Check the Access Key ID in the credential, and that the key is active in IAM. Temporary keys (starting with ASIA) also need the session token.',
	},
	{
		names: ['InvalidSignatureException', 'SignatureDoesNotMatch'],
		message: 'The secret access key does not match the access key ID',
		hint: 'Re-enter the Secret Access Key in the credential.',
	},
	{
		names: ['ExpiredTokenException', 'ExpiredToken'],
		message: 'The session token has expired',
		hint: 'Refresh the temporary credentials (access key, secret and session token) in the credential.',
	},
];

/** Keys AWS does not accept, and IAM identities not allowed to make the call. */
function credentialsOrAccess(call: FailedCall): Diagnosis | undefined {
	const { name, operation, subject, connection } = call;
	if (ACCESS_DENIED_NAMES.has(name)) {
		return {
			message: `The credential's IAM identity is not allowed to call cognito-idp:${operation}${subject.userPoolId ? ` on user pool ${poolOf(call)}` : ''}`,
			kind: 'accessDenied',
			hint: `Add "cognito-idp:${operation}" to the IAM policy of ${callingIdentity(connection)} (see the README for ready-made policies).`,
		};
	}
	const failure = CREDENTIAL_FAILURES.find(({ names }) => names.includes(name));
	return failure && { message: failure.message, kind: 'badCredentials', hint: failure.hint };
}

const INVALID_INPUT_NAMES = new Set([
	'InvalidParameterException',
	'InvalidPasswordException',
	'ValidationException',
	'UserLambdaValidationException',
]);

/** Values Cognito refused, in its own words. */
function invalidInput({ name, operation, awsMessage }: FailedCall): Diagnosis | undefined {
	if (!INVALID_INPUT_NAMES.has(name)) return undefined;
	return {
		message: `Cognito rejected ${operation}: ${networkCodesInWords(awsMessage || name)}`,
		kind: 'invalidInput',
		hint: 'Check the values sent for this item against the user pool configuration.',
	};
}

/** Any other AWS error, named with AWS's message. */
function otherFailure({ name, operation, awsMessage }: FailedCall): Diagnosis {
	return {
		message: `Cognito ${operation} failed: ${name}${awsMessage ? `: ${networkCodesInWords(awsMessage)}` : ''}`,
		kind: 'aws',
		hint: 'See the AWS message above; the Cognito API reference lists this error under the operation.',
	};
}

/** Turns anything thrown by the SDK into a CognitoError naming the user, group or pool involved. */
export function toCognitoError(
	error: unknown,
	operation: CognitoOperation,
	subject: CallSubject,
	connection: CognitoConnection,
	attempts = 1,
	elapsedMs?: number,
): CognitoError {
	if (error instanceof CognitoError) return error;
	if (error instanceof AwsCredentialError) return toCredentialError(error, connection);
	const shape = shapeOf(error);
	const call: FailedCall = {
		name: isUndecodableRefusal(error) ? 'AccessDenied' : errorName(error),
		awsMessage: redactSecrets(shape.message ?? '', connectionSecrets(connection)),
		operation,
		subject,
		connection,
		attempts,
		elapsedMs,
	};
	const diagnosis =
		throttledOrUnreachable(call) ??
		missingDevice(call) ??
		notFound(call) ??
		conflict(call) ??
		credentialsOrAccess(call) ??
		invalidInput(call) ??
		otherFailure(call);
	return new CognitoError({
		...diagnosis,
		awsName: call.name,
		operation,
		httpStatusCode: shape.$metadata?.httpStatusCode,
	});
}

// ── Getting credentials: the source (keys, host chain) and STS AssumeRole ─────────────────────

/**
 * An IAM refusal sent as XML (IAM-enforcing emulators, some proxies) fails the SDK's JSON parsing
 * and loses its error name; Cognito answers 403 only for refused identities, so it is read as one.
 */
function isUndecodableRefusal(error: unknown): boolean {
	const status = (error as { $response?: { statusCode?: unknown } } | null)?.$response?.statusCode;
	return status === 403 && errorName(error) === 'SyntaxError';
}

/** Whose IAM policy a Cognito permission belongs in. */
function callingIdentity(connection: CognitoConnection): string {
	if (connection.assumeRole) return `the role ${connection.assumeRole.roleArn}`;
	return usesHostCredentials(connection) ? "the n8n host's IAM identity" : 'this access key';
}

/** The role-side failures STS reports; AWS words refusals alike, so the hint lists every cause. */
function assumeRoleDiagnosis(name: string, awsMessage: string, connection: CognitoConnection): Diagnosis {
	const role = quote(connection.assumeRole?.roleArn);
	const sts = describeStsEndpoint(connection);
	if (ACCESS_DENIED_NAMES.has(name)) {
		return {
			message: `STS refused to let the source credentials assume role ${role} (${name})`,
			kind: 'accessDenied',
			hint:
				'AWS gives the same answer for each of these, check them in order: the role exists (Role ARN); the source ' +
				'identity\'s IAM policy allows "sts:AssumeRole" on the role; the role\'s trust policy names the source ' +
				'identity as Principal; the External ID equals the trust policy\'s "sts:ExternalId" condition.',
		};
	}
	if (/DurationSeconds|MaxSessionDuration|session duration/i.test(awsMessage)) {
		return {
			message: `STS refused the session duration for role ${role}: ${awsMessage}`,
			kind: 'invalidInput',
			hint: "Lower Session Duration to at most the role's Maximum session duration (IAM > Roles > the role), and to 3600 seconds when the source is itself an assumed role (role chaining).",
		};
	}
	const failure = CREDENTIAL_FAILURES.find(({ names }) => names.includes(name));
	if (failure) {
		return {
			message: `STS did not accept the source credentials: ${failure.message}`,
			kind: 'badCredentials',
			hint: failure.hint,
		};
	}
	if (name === 'RegionDisabledException') {
		return {
			message: `STS is not activated in region "${connection.region}" for this account`,
			kind: 'badCredentials',
			hint: 'Activate the region for STS in IAM > Account settings, or set STS Endpoint to an active region.',
		};
	}
	const unreachable = throttledOrUnreachableName(name);
	return {
		message: unreachable
			? `Could not reach STS at ${sts} (${name})`
			: `STS AssumeRole for role ${role} failed: ${name}${awsMessage ? `: ${awsMessage}` : ''}`,
		kind: unreachable ? 'unreachable' : 'aws',
		hint: unreachable
			? 'Check STS Endpoint (or Custom Endpoint, which STS also uses when STS Endpoint is empty) and that this n8n can reach it.'
			: 'See the AWS message above; the STS AssumeRole reference lists this error.',
	};
}

function throttledOrUnreachableName(name: string): boolean {
	return UNREACHABLE_CODES.has(name) || TRANSIENT_NETWORK_CODES.has(name) || name === 'TimeoutError';
}

/** No usable source credentials: the host's chain found none, or the administrator has not allowed it. */
function sourceDiagnosis(name: string, awsMessage: string, connection: CognitoConnection): Diagnosis {
	if (awsMessage.includes(ALLOW_HOST_CREDENTIALS_ENV)) {
		return {
			message: awsMessage,
			kind: 'badCredentials',
			hint: `Ask the n8n administrator about ${ALLOW_HOST_CREDENTIALS_ENV}.`,
		};
	}
	if (usesHostCredentials(connection)) {
		return {
			message: `The n8n host has no usable AWS credentials: ${awsMessage || name}`,
			kind: 'badCredentials',
			hint:
				'The AWS SDK looked, in order, at AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, the shared config and credentials ' +
				'files (AWS_PROFILE), AWS_WEB_IDENTITY_TOKEN_FILE with AWS_ROLE_ARN (EKS IRSA), the ECS/EKS container ' +
				'credentials endpoint, and EC2 instance metadata. Give the n8n processes one of them, or use Access Keys.',
		};
	}
	return {
		message: `The source credentials could not be used: ${awsMessage || name}`,
		kind: 'badCredentials',
		hint: 'Check Access Key ID, Secret Access Key and Session Token in the credential.',
	};
}

/** A failure to get credentials, as a CognitoError saying which step failed and what to fix. */
export function toCredentialError(error: AwsCredentialError, connection: CognitoConnection): CognitoError {
	const shape = shapeOf(error.cause);
	const name = errorName(error.cause);
	const awsMessage = redactSecrets(shape.message ?? '', connectionSecrets(connection));
	const diagnosis =
		error.step === 'source'
			? sourceDiagnosis(name, awsMessage, connection)
			: assumeRoleDiagnosis(name, awsMessage, connection);
	return new CognitoError({ ...diagnosis, awsName: name, httpStatusCode: shape.$metadata?.httpStatusCode });
}
