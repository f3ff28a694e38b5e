/** Get Sign-In Events; moto does not implement AdminListUserAuthEvents, so the SDK is mocked. */
import { AdminListUserAuthEventsCommand, type AuthEventType } from '@aws-sdk/client-cognito-identity-provider';

import { awsError, inputsOf, unitCredentials, useMockedCognito } from '../support/mockedCognito';
import { nodeRunner } from '../support/nodeRunner';

const cognito = useMockedCognito();

const POOL_ID = 'us-east-1_Events1';
const metadata = { $metadata: { httpStatusCode: 200 } };
const jane = { mode: 'username', value: 'jane' };
const { run } = nodeRunner('user', { credentials: unitCredentials('events'), userPoolId: POOL_ID });

const events: AuthEventType[] = Array.from({ length: 70 }, (_, i) => ({
	EventId: `e${i + 1}`,
	EventType: 'SignIn',
	EventResponse: i % 3 === 0 ? 'Fail' : 'Pass',
	CreationDate: new Date(Date.UTC(2025, 0, 1, 0, 70 - i)),
	EventRisk: { RiskLevel: 'Low', RiskDecision: 'NoRisk' },
	EventContextData: { IpAddress: '203.0.113.7', City: 'Lyon', Country: 'France' },
}));

function mockEvents() {
	cognito.on(AdminListUserAuthEventsCommand).callsFake((input: { MaxResults?: number; NextToken?: string }) => {
		const start = Number(input.NextToken ?? 0);
		const end = Math.min(events.length, start + (input.MaxResults ?? 60));
		return {
			...metadata,
			AuthEvents: events.slice(start, end),
			NextToken: end < events.length ? String(end) : undefined,
		};
	});
}

it('with Return All, follows NextToken through every page, one item per event', async () => {
	mockEvents();
	const output = await run('getSignInEvents', { user: jane, returnAll: true });
	expect(inputsOf(cognito, AdminListUserAuthEventsCommand)).toEqual([
		{ UserPoolId: POOL_ID, Username: 'jane', MaxResults: 60 },
		{ UserPoolId: POOL_ID, Username: 'jane', MaxResults: 60, NextToken: '60' },
	]);
	expect(output).toHaveLength(70);
	expect(output[0].json).toEqual({
		username: 'jane',
		eventId: 'e1',
		type: 'SignIn',
		response: 'Fail',
		createdAt: '2025-01-01T01:10:00.000Z',
		riskLevel: 'Low',
		riskDecision: 'NoRisk',
		ipAddress: '203.0.113.7',
		city: 'Lyon',
		country: 'France',
		deviceName: null,
		feedback: null,
	});
});

it('with a limit, asks for no more than it needs', async () => {
	mockEvents();
	const output = await run('getSignInEvents', { user: jane, returnAll: false, limit: 5 });
	expect(inputsOf(cognito, AdminListUserAuthEventsCommand)).toEqual([
		{ UserPoolId: POOL_ID, Username: 'jane', MaxResults: 5 },
	]);
	expect(output.map((o) => o.json.eventId)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
});

it.each(['UserPoolAddOnNotEnabledException', 'FeatureUnavailableInTierException'])(
	'answers, without failing, that a pool without threat protection keeps no history (%s)',
	async (name) => {
		cognito.on(AdminListUserAuthEventsCommand).rejects(awsError(name));
		const output = await run('getSignInEvents', { user: jane, returnAll: true });
		expect(output).toEqual([
			{
				json: { username: 'jane', available: false, reason: expect.stringContaining('threat protection') },
				pairedItem: { item: 0 },
			},
		]);
	},
);
