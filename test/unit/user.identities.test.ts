/** Link Identity and Unlink Identity; moto does not implement the provider calls, so the SDK is mocked. */
import {
	AdminDisableProviderForUserCommand,
	AdminLinkProviderForUserCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { awsError, inputsOf, unitCredentials, useMockedCognito } from '../support/mockedCognito';
import { expectItemError, nodeRunner } from '../support/nodeRunner';

const cognito = useMockedCognito();

const POOL_ID = 'us-east-1_Links1';
const metadata = { $metadata: { httpStatusCode: 200 } };
const identity = { providerName: 'Google', providerUserId: '110924517462876543210' };
const { run, runError } = nodeRunner('user', { credentials: unitCredentials('links'), userPoolId: POOL_ID });

describe('linkIdentity', () => {
	it("links the provider's subject to the Cognito user", async () => {
		cognito.on(AdminLinkProviderForUserCommand).resolves(metadata);
		const [item] = await run('linkIdentity', { user: { mode: 'username', value: 'jane' }, ...identity });
		expect(inputsOf(cognito, AdminLinkProviderForUserCommand)).toEqual([
			{
				UserPoolId: POOL_ID,
				DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: 'jane' },
				SourceUser: {
					ProviderName: 'Google',
					ProviderAttributeName: 'Cognito_Subject',
					ProviderAttributeValue: identity.providerUserId,
				},
			},
		]);
		expect(item.json).toEqual({ username: 'jane', ...identity, linked: true });
	});

	it('names the identity and the pool when it is linked to someone else', async () => {
		cognito.on(AdminLinkProviderForUserCommand).rejects(awsError('AliasExistsException', 'Alias already exists'));
		const error = await runError('linkIdentity', { user: { mode: 'username', value: 'jane' }, ...identity });
		expectItemError(error, NodeApiError, 0);
		expect(error.message).toBe(
			`The Google identity "${identity.providerUserId}" is already linked to another user in user pool "${POOL_ID}"`,
		);
		expect(error.description).toContain('Unlink Identity');
	});

	it('refuses an empty provider name before any call', async () => {
		const error = await runError('linkIdentity', {
			user: { mode: 'username', value: 'jane' },
			...identity,
			providerName: '={{ "" }}',
		});
		expectItemError(error, NodeOperationError, 0);
		expect(error.message).toBe('Provider Name is empty');
		expect(cognito.calls()).toHaveLength(0);
	});
});

describe('unlinkIdentity', () => {
	it('disables the provider link by its subject', async () => {
		cognito.on(AdminDisableProviderForUserCommand).resolves(metadata);
		const [item] = await run('unlinkIdentity', identity);
		expect(inputsOf(cognito, AdminDisableProviderForUserCommand)).toEqual([
			{
				UserPoolId: POOL_ID,
				User: {
					ProviderName: 'Google',
					ProviderAttributeName: 'Cognito_Subject',
					ProviderAttributeValue: identity.providerUserId,
				},
			},
		]);
		expect(item.json).toEqual({ ...identity, unlinked: true });
	});

	it('succeeds saying so when the identity is already unlinked (Cognito finds no user for it)', async () => {
		cognito.on(AdminDisableProviderForUserCommand).rejects(awsError('UserNotFoundException', 'User does not exist.'));
		const output = await run('unlinkIdentity', identity);
		expect(output.map((item) => item.json)).toEqual([{ ...identity, unlinked: false, reason: 'notLinked' }]);
		expect(inputsOf(cognito, AdminDisableProviderForUserCommand)).toHaveLength(1);
	});

	it('still fails, naming the pool, when the pool does not exist', async () => {
		cognito
			.on(AdminDisableProviderForUserCommand)
			.rejects(awsError('ResourceNotFoundException', `User pool ${POOL_ID} does not exist.`));
		const error = await runError('unlinkIdentity', identity);
		expectItemError(error, NodeApiError, 0);
		expect(error.message).toBe(`User pool "${POOL_ID}" was not found in region "us-east-1"`);
	});

	it('still fails on any other refusal, such as a provider the pool does not have', async () => {
		cognito
			.on(AdminDisableProviderForUserCommand)
			.rejects(awsError('InvalidParameterException', 'Provider Gooogle does not exist.'));
		const error = await runError('unlinkIdentity', { ...identity, providerName: 'Gooogle' });
		expectItemError(error, NodeApiError, 0);
		expect(error.message).toContain('Provider Gooogle does not exist.');
	});

	it('refuses a provider user ID that is an object, before any call', async () => {
		const error = await runError('unlinkIdentity', { ...identity, providerUserId: '={{ { "sub": "1" } }}' });
		expectItemError(error, NodeOperationError, 0);
		expect(error.message).toBe('Provider User ID must be text, but the value is an object');
	});
});
