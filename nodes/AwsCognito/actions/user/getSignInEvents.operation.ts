import type { AuthEventType } from '@aws-sdk/client-cognito-identity-provider';
import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { returnAllAndLimit, showFor, simplifyField, userLocator } from '../../descriptions';
import { readLimit, readSimplify } from '../../parameters';
import { collect, isNoAuthEventHistory, NO_AUTH_EVENTS_REASON, paginateAuthEvents } from '../../transport';
import type { OperationContext, OperationResult } from '../types';
import { lookUpTargetUser } from './targetUser';

const properties: INodeProperties[] = [userLocator, ...returnAllAndLimit, simplifyField];

export const description = updateDisplayOptions(showFor('user', 'getSignInEvents'), properties);

function eventOutput(event: AuthEventType, username: string, simplify: boolean): IDataObject {
	if (!simplify) return { ...event } as IDataObject;
	return {
		username,
		eventId: event.EventId,
		type: event.EventType,
		response: event.EventResponse,
		createdAt: event.CreationDate?.toISOString(),
		riskLevel: event.EventRisk?.RiskLevel ?? null,
		riskDecision: event.EventRisk?.RiskDecision ?? null,
		ipAddress: event.EventContextData?.IpAddress ?? null,
		city: event.EventContextData?.City ?? null,
		country: event.EventContextData?.Country ?? null,
		deviceName: event.EventContextData?.DeviceName ?? null,
		feedback: event.EventFeedback?.FeedbackValue ?? null,
	};
}

/**
 * The user's auth events, newest first. Only pools with threat protection (Plus tier) keep them;
 * on other pools the answer is one item saying so, not a failure, so that a report can go on.
 */
export async function execute(this: IExecuteFunctions, context: OperationContext): Promise<OperationResult> {
	const limit = readLimit(this, context.itemIndex);
	const simplify = readSimplify(this, context.itemIndex);
	const { userPoolId, username } = await lookUpTargetUser(this, context);
	try {
		const events = await collect(paginateAuthEvents(context.api, userPoolId, username, { pageSize: limit }), limit);
		return events.map((event) => eventOutput(event, username, simplify));
	} catch (error) {
		if (!isNoAuthEventHistory(error)) throw error;
		return { username, available: false, reason: NO_AUTH_EVENTS_REASON };
	}
}
