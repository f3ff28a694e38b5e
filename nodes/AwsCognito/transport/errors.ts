import type { CognitoOperation } from './commands';
import { describeEndpoint, type CognitoConnection } from './connection';
import { redactSecrets } from './redaction';

/** What a failed call was about, read from its input so that messages can name it. */
export interface CallSubject {
	userPoolId?: string;
	username?: string;
	groupName?: string;
}

/** Which resource a not-found error is about. */
export type MissingResource = 'user' | 'group' | 'userPool';

export type CognitoErrorKind =
	| 'notFound'
	| 'conflict'
	| 'accessDenied'
	| 'badCredentials'
	| 'throttled'
	| 'unreachable'
	| 'invalidInput'
	| 'aws';

/** A Cognito failure with a message a user can act on. Never carries a secret. */
export class CognitoError extends Error {
	constructor(
		message: string,
		readonly kind: CognitoErrorKind,
		/** The AWS error name (e.g. UserNotFoundException) or network code. */
		readonly awsName: string,
		readonly operation: CognitoOperation | undefined,
		/** What to do about it. */
		readonly hint: string,
		readonly httpStatusCode?: number,
		/** Set on not-found errors: what does not exist. */
		readonly missing?: MissingResource,
	) {
		super(message);
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
const TRANSIENT_NETWORK_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
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
		const codeInMessage = CODE_IN_MESSAGE.exec(shape.message ?? '');
		if (codeInMessage) return codeInMessage[1];
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

/** Turns anything thrown by the SDK into a CognitoError naming the user, group or pool involved. */
export function toCognitoError(
	error: unknown,
	operation: CognitoOperation,
	subject: CallSubject,
	connection: CognitoConnection,
	attempts = 1,
): CognitoError {
	if (error instanceof CognitoError) return error;
	const shape = shapeOf(error);
	const name = errorName(error);
	const awsMessage = redactSecrets(shape.message ?? '', [connection.secretAccessKey, connection.sessionToken]);
	const status = shape.$metadata?.httpStatusCode;
	const pool = quote(subject.userPoolId);
	const make = (message: string, kind: CognitoErrorKind, hint: string, missing?: MissingResource) =>
		new CognitoError(message, kind, name, operation, hint, status, missing);

	if (THROTTLING_NAMES.has(name)) {
		return make(
			`Cognito throttled ${operation} after ${attempts} attempt${attempts === 1 ? '' : 's'} (${name})`,
			'throttled',
			'Other workloads in this AWS account share the quota. Lower "Quota Share" in the credential, run fewer executions at once, or ask AWS for a quota increase.',
		);
	}
	if (UNREACHABLE_CODES.has(name) || TRANSIENT_NETWORK_CODES.has(name)) {
		return make(
			`Could not reach Cognito at ${describeEndpoint(connection)} (${name})`,
			'unreachable',
			'Check the region and, if set, the endpoint URL in the credential, and that this n8n can reach it.',
		);
	}
	switch (name) {
		case 'UserNotFoundException':
			return make(
				`User ${quote(subject.username)} was not found in user pool ${pool}`,
				'notFound',
				'Check the username (or alias) and the user pool. Usernames are case-sensitive unless the pool is configured otherwise.',
				'user',
			);
		case 'ResourceNotFoundException':
			// Both a missing pool and a missing group answer ResourceNotFoundException; AWS words the
			// pool case "User pool <id> does not exist".
			if (subject.groupName && GROUP_OPERATIONS.has(operation) && !POOL_MISSING_MESSAGE.test(awsMessage)) {
				return make(
					`Group ${quote(subject.groupName)} was not found in user pool ${pool}`,
					'notFound',
					'Check the group name: group names are case-sensitive.',
					'group',
				);
			}
			return make(
				`User pool ${pool} was not found in region "${connection.region}"`,
				'notFound',
				'Check the user pool ID and that the credential uses the region the pool lives in.',
				'userPool',
			);
		case 'UsernameExistsException':
		case 'AliasExistsException':
			return make(
				`A user with username or alias ${quote(subject.username)} already exists in user pool ${pool}`,
				'conflict',
				'Choose another username, or set "If User Exists" to return the existing user.',
			);
		case 'GroupExistsException':
			return make(
				`Group ${quote(subject.groupName)} already exists in user pool ${pool}`,
				'conflict',
				'Choose another group name, or update the existing group.',
			);
		case 'AccessDeniedException':
		case 'AccessDenied':
		case 'UnauthorizedOperation':
			return make(
				`The credential's IAM identity is not allowed to call cognito-idp:${operation}${subject.userPoolId ? ` on user pool ${pool}` : ''}`,
				'accessDenied',
				`Add "cognito-idp:${operation}" to the IAM policy of this access key (see the README for ready-made policies).`,
			);
		case 'UnrecognizedClientException':
		case 'InvalidClientTokenId':
			return make(
				'AWS does not recognise the access key ID',
				'badCredentials',
				'Check the Access Key ID in the credential, and that the key is active in IAM. Temporary keys (starting with ASIA) also need the session token.',
			);
		case 'InvalidSignatureException':
		case 'SignatureDoesNotMatch':
			return make(
				'The secret access key does not match the access key ID',
				'badCredentials',
				'Re-enter the Secret Access Key in the credential.',
			);
		case 'ExpiredTokenException':
		case 'ExpiredToken':
			return make(
				'The session token has expired',
				'badCredentials',
				'Refresh the temporary credentials (access key, secret and session token) in the credential.',
			);
		case 'InvalidParameterException':
		case 'InvalidPasswordException':
		case 'ValidationException':
		case 'UserLambdaValidationException':
			return make(
				`Cognito rejected ${operation}: ${awsMessage || name}`,
				'invalidInput',
				'Check the values sent for this item against the user pool configuration.',
			);
		default:
			return make(
				`Cognito ${operation} failed: ${name}${awsMessage ? `: ${awsMessage}` : ''}`,
				'aws',
				'See the AWS message above; the Cognito API reference lists this error under the operation.',
			);
	}
}
