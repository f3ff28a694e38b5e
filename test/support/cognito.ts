/**
 * Helpers for integration tests that talk to moto with the AWS SDK directly (not through the node).
 */
import {
	AdminAddUserToGroupCommand,
	AdminCreateUserCommand,
	CognitoIdentityProviderClient,
	CreateGroupCommand,
	CreateUserPoolCommand,
	DeleteUserPoolCommand,
	ResourceNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';

export const TEST_REGION = 'us-east-1';
export const TEST_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' } as const;

/** Default number of requests in flight while seeding. */
export const SEED_CONCURRENCY = 8;

/** moto's endpoint, set by the integration project's global setup. */
export function motoEndpoint(): string {
	const endpoint = process.env.MOTO_ENDPOINT;
	if (endpoint === undefined || endpoint === '') {
		throw new Error('MOTO_ENDPOINT is not set: run integration tests with `jest --selectProjects integration`');
	}
	return endpoint;
}

/** An SDK client for moto (or a proxy in front of it) that never retries. */
export function makeClient(endpoint: string): CognitoIdentityProviderClient {
	return new CognitoIdentityProviderClient({
		region: TEST_REGION,
		endpoint,
		credentials: TEST_CREDENTIALS,
		maxAttempts: 1,
	});
}

let nameCounter = 0;
/** A name unlikely to collide with another test file's, e.g. `sync-1a2b3c-1`. */
export function uniqueName(prefix: string): string {
	nameCounter += 1;
	return `${prefix}-${process.pid.toString(36)}${Date.now().toString(36)}-${nameCounter}`;
}

/**
 * Map `items` through `fn` with at most `limit` calls in flight; results keep the input order.
 * Rejects with the first error (calls already started are allowed to finish).
 */
export async function mapWithConcurrency<T, R>(
	items: readonly T[],
	limit: number,
	fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
	const results = new Array<R>(items.length);
	let next = 0;
	let failed = false;
	const worker = async (): Promise<void> => {
		while (!failed && next < items.length) {
			const index = next++;
			try {
				results[index] = await fn(items[index], index);
			} catch (error) {
				failed = true;
				throw error;
			}
		}
	};
	const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker);
	await Promise.all(workers);
	return results;
}

/** Create a user pool and return its id. */
export async function createPool(client: CognitoIdentityProviderClient, name: string): Promise<string> {
	const response = await client.send(new CreateUserPoolCommand({ PoolName: name }));
	const id = response.UserPool?.Id;
	if (id === undefined) throw new Error(`CreateUserPool returned no id for ${name}`);
	return id;
}

/** Delete a user pool; a pool that is already gone is fine. */
export async function deletePool(client: CognitoIdentityProviderClient, poolId: string): Promise<void> {
	try {
		await client.send(new DeleteUserPoolCommand({ UserPoolId: poolId }));
	} catch (error) {
		if (!(error instanceof ResourceNotFoundException)) throw error;
	}
}

/** `prefix-0001`: zero-padded so that names sort in creation order. */
export function seedName(prefix: string, index: number, total: number): string {
	return `${prefix}-${String(index + 1).padStart(Math.max(4, String(total).length), '0')}`;
}

export interface SeededUser {
	username: string;
	email: string;
	givenName: string;
	familyName: string;
}

/**
 * Create n users `prefix-0001` ... with email, given_name and family_name (no invitation messages).
 * Returns them in name order.
 */
export async function seedUsers(
	client: CognitoIdentityProviderClient,
	poolId: string,
	n: number,
	prefix: string,
	concurrency = SEED_CONCURRENCY,
): Promise<SeededUser[]> {
	const users: SeededUser[] = Array.from({ length: n }, (_, i) => {
		const username = seedName(prefix, i, n);
		return {
			username,
			email: `${username}@example.com`,
			givenName: `Given${i + 1}`,
			familyName: `Family${i + 1}`,
		};
	});
	await mapWithConcurrency(users, concurrency, (user) =>
		client.send(
			new AdminCreateUserCommand({
				UserPoolId: poolId,
				Username: user.username,
				MessageAction: 'SUPPRESS',
				UserAttributes: [
					{ Name: 'email', Value: user.email },
					{ Name: 'given_name', Value: user.givenName },
					{ Name: 'family_name', Value: user.familyName },
				],
			}),
		),
	);
	return users;
}

/** Create n groups `prefix-0001` ...; returns their names in order. */
export async function seedGroups(
	client: CognitoIdentityProviderClient,
	poolId: string,
	n: number,
	prefix: string,
	concurrency = SEED_CONCURRENCY,
): Promise<string[]> {
	const names = Array.from({ length: n }, (_, i) => seedName(prefix, i, n));
	await mapWithConcurrency(names, concurrency, (name, i) =>
		client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: name, Description: `Seeded group ${i + 1}` })),
	);
	return names;
}

/** Add each of `usernames` to `groupName`. */
export async function addMembers(
	client: CognitoIdentityProviderClient,
	poolId: string,
	groupName: string,
	usernames: readonly string[],
	concurrency = SEED_CONCURRENCY,
): Promise<void> {
	await mapWithConcurrency(usernames, concurrency, (username) =>
		client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, GroupName: groupName, Username: username })),
	);
}

/** The node's credential data for moto (or a proxy in front of it). */
export function motoCredentials(endpoint = motoEndpoint(), quotaShare = 100) {
	return { region: TEST_REGION, ...TEST_CREDENTIALS, endpoint, quotaShare };
}

/**
 * Counts Cognito requests (node and raw clients alike) from beforeAll on; `callsDuring(action)`
 * returns those `action` sent, by command name.
 */
export function useCallCounter(): { callsDuring: (action: () => Promise<unknown>) => Promise<Record<string, number>> } {
	let sendSpy: jest.SpyInstance | undefined;
	beforeAll(() => {
		sendSpy = jest.spyOn(CognitoIdentityProviderClient.prototype, 'send');
	});
	afterAll(() => {
		sendSpy?.mockRestore();
	});
	return {
		async callsDuring(action) {
			if (!sendSpy) throw new Error('useCallCounter: the spy is installed in beforeAll');
			sendSpy.mockClear();
			await action();
			const counts: Record<string, number> = {};
			for (const [command] of sendSpy.mock.calls as Array<[{ constructor: { name: string } }]>) {
				const name = command.constructor.name.replace(/Command$/, '');
				counts[name] = (counts[name] ?? 0) + 1;
			}
			return counts;
		},
	};
}
