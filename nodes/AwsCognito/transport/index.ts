export { accountOfRoleArn, isRoleArn, quotaScope, ROLE_ARN_PATTERN } from './accountScope';
export * from './api';
export * from './attributes';
export * from './authEvents';
export {
	ALLOW_HOST_CREDENTIALS_ENV,
	AwsCredentialError,
	DEFAULT_SESSION_DURATION,
	DEFAULT_SESSION_NAME,
	HOST_CREDENTIALS_OFF_MESSAGE,
	hostCredentialsAllowed,
	isRoleSessionName,
	sourceCredentialsFor,
	credentialProviderFor,
} from './awsCredentials';
export { resetClients } from './client';
export type { CognitoOperation, OperationInput, OperationOutput } from './commands';
export * from './connection';
export * from './errors';
export * from './filter';
export { resetLimiters, normaliseQuotaShare } from './limiter';
export { LIMITER_REDIS_URL_ENV, SharedLimiterError } from './limiterStore';
export * from './lookups';
export * from './pagination';
export * from './quotas';
export * from './redaction';
export * from './region';
export * from './timeout';
export * from './userPoolId';
