import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';

import { resetClients, resetLimiters } from '../../nodes/AwsCognito/transport';
import { createPool, deletePool, makeClient, motoEndpoint, uniqueName } from './cognito';

export interface MotoPool {
	client: CognitoIdentityProviderClient;
	poolId: string;
}

export interface MotoPoolOptions {
	/** Seeds the new pool; runs inside the same beforeAll. */
	seed?: (pool: MotoPool) => Promise<void>;
	/** Creates the pool and returns its id; a plain pool by default. */
	create?: (client: CognitoIdentityProviderClient, name: string) => Promise<string>;
}

/**
 * A pool of this file's own on the shared moto: created (and seeded) before all tests, deleted
 * after them, with the node's clients and limiters reset. The returned object is filled in beforeAll.
 */
export function useMotoPool(prefix: string, options: MotoPoolOptions = {}): MotoPool {
	const pool = {} as MotoPool;
	beforeAll(async () => {
		pool.client = makeClient(motoEndpoint());
		pool.poolId = await (options.create ?? createPool)(pool.client, uniqueName(prefix));
		await options.seed?.(pool);
	});
	afterAll(async () => {
		if (pool.poolId) await deletePool(pool.client, pool.poolId);
		pool.client?.destroy();
		resetClients();
		await resetLimiters();
	});
	return pool;
}
