import type { IDataObject } from 'n8n-workflow';

import { CognitoError, type MissingResource } from '../transport';

/**
 * Runs a delete; with "Succeed If Missing" on, a missing user or group (not a missing pool) is
 * reported as `{ ...subject, deleted: false, reason: 'notFound' }` instead of failing.
 */
export async function deleteIdempotently(
	succeedIfMissing: boolean,
	missing: MissingResource,
	remove: () => Promise<IDataObject>,
	missingSubject: () => IDataObject,
): Promise<IDataObject> {
	try {
		return { ...(await remove()), deleted: true };
	} catch (error) {
		if (!succeedIfMissing || !(error instanceof CognitoError) || error.missing !== missing) throw error;
		return { ...missingSubject(), deleted: false, reason: 'notFound' };
	}
}

/**
 * Runs a create; with "Return Existing" on, a name already taken returns the existing user or group
 * instead of failing. Either way the output says whether it `existed`, so a workflow can branch.
 */
export async function createOrReturnExisting(
	returnExisting: boolean,
	conflict: 'UsernameExistsException' | 'GroupExistsException',
	create: () => Promise<IDataObject>,
	fetchExisting: () => Promise<IDataObject>,
): Promise<IDataObject> {
	try {
		const created = await create();
		return returnExisting ? { ...created, existed: false } : created;
	} catch (error) {
		if (!returnExisting || !(error instanceof CognitoError) || error.awsName !== conflict) throw error;
		return { ...(await fetchExisting()), existed: true };
	}
}
