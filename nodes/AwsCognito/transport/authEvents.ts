import type { CognitoApi } from './api';
import { CognitoError } from './errors';

/** Cognito's answer when a pool has no auth-event history (Essentials/Lite tier without threat protection). */
const NO_AUTH_EVENTS = new Set(['UserPoolAddOnNotEnabledException', 'FeatureUnavailableInTierException']);

/** Whether a failure means the pool keeps no auth events at all (not a failure worth stopping for). */
export function isNoAuthEventHistory(error: unknown): boolean {
	return error instanceof CognitoError && NO_AUTH_EVENTS.has(error.awsName);
}

export const NO_AUTH_EVENTS_REASON =
	'The user pool keeps no sign-in history: it needs the Plus feature tier with threat protection';

export type LastSignIn = { available: true; lastSignInAt: string | null } | { available: false; reason: string };

/**
 * When the user last signed in successfully, from the newest page of their auth events. Cognito has
 * no last-login field: auth events exist only on pools with threat protection (Plus tier), so on
 * other pools this reports `available: false` instead of failing. One UserResourceRead call per user.
 */
export async function lastSignIn(api: CognitoApi, userPoolId: string, username: string): Promise<LastSignIn> {
	try {
		const out = await api.send('AdminListUserAuthEvents', {
			UserPoolId: userPoolId,
			Username: username,
			MaxResults: 60,
		});
		const signIn = (out.AuthEvents ?? [])
			.filter((event) => event.EventType === 'SignIn' && event.EventResponse === 'Pass' && event.CreationDate)
			.map((event) => (event.CreationDate as Date).getTime())
			.sort((a, b) => b - a)[0];
		return { available: true, lastSignInAt: signIn === undefined ? null : new Date(signIn).toISOString() };
	} catch (error) {
		if (isNoAuthEventHistory(error)) return { available: false, reason: NO_AUTH_EVENTS_REASON };
		throw error;
	}
}
