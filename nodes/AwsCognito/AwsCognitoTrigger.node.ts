import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { createCognitoApi } from './credentials';
import { snapshotFileFields, snapshotOptionsField, snapshotOutputOptions, userPoolLocator } from './descriptions';
import { snapshotFileItem } from './fileOutput';
import { credentialTest, listSearch } from './methods';
import { toNodeError } from './nodeErrors';
import {
	readEmitAllOnFirstPoll,
	readSnapshotDelivery,
	readSnapshotOptions,
	readTriggerEmit,
	readUserPoolId,
	type TriggerEmit,
} from './parameters';
import {
	acquirePollLock,
	diffSnapshot,
	fingerprintOf,
	loadBaseline,
	pollLockKey,
	recordedSizes,
	snapshotOutput,
	takeChanges,
	takeSnapshot,
	tooLargeToSyncWithin,
	type ChangeEvent,
	type ChangesResult,
	type Fingerprint,
	type PollLease,
	type PoolSnapshot,
} from './sync';

/**
 * n8n runs a trigger's first poll inside its activation (to check that it works), and n8n 2.x gives
 * up an activation that takes longer than 70 % of N8N_WORKFLOW_PUBLICATION_OUTBOX_LEASE_SECONDS
 * (84 s by default). A pool whose sync would take longer than this is only checked then, and read
 * at the first scheduled poll.
 */
const ACTIVATION_SYNC_LIMIT_S = 30;

/** The poll contexts that have polled: n8n makes one per activation and reuses it for every poll. */
const pollingContexts = new WeakSet<IPollFunctions>();

/** Items a manual test run shows at most: enough to map fields, never the whole pool. */
export const MANUAL_SAMPLE_SIZE = 10;

/** Where the trigger keeps the previous snapshot's fingerprint in the node's static data. */
export const FINGERPRINT_KEY = 'fingerprint';

/**
 * The items of one poll and the fingerprint to record after it. Nothing is written here: the
 * caller records the fingerprint only once everything has been computed.
 */
function pollResult(
	snapshot: PoolSnapshot,
	emit: TriggerEmit,
	storedFingerprint: unknown,
	manual: boolean,
): { items: object[]; fingerprint: Fingerprint } {
	if (emit !== 'changes') {
		const items = snapshotOutput(snapshot, emit, manual ? MANUAL_SAMPLE_SIZE : undefined);
		return { items, fingerprint: fingerprintOf(snapshot) };
	}
	// Changes mode reads a whole snapshot only for a test run (active polls use takeChanges): it shows
	// the real changes since the recorded state; when there are none (or no state yet), users as
	// user.created events, so that their fields can be mapped.
	const baseline = loadBaseline(storedFingerprint, snapshot.userPoolId);
	const { events, fingerprint } = diffSnapshot(baseline, snapshot);
	const sample = baseline && events.length > 0 ? events : sampleEvents(snapshot);
	return { items: sample.slice(0, MANUAL_SAMPLE_SIZE), fingerprint };
}

/** The pool's users as user.created events; its groups when it has no users. */
function sampleEvents(snapshot: PoolSnapshot): ChangeEvent[] {
	const all = diffSnapshot(undefined, snapshot).events;
	const users = all.filter((event) => event.event === 'user.created');
	return users.length > 0 ? users : all;
}

/**
 * Static data is saved only for active workflows (never for manual runs), and every write saves the
 * workflow: write only when the pool changed. Says whether it wrote.
 */
function recordFingerprint(
	staticData: IDataObject,
	stored: unknown,
	fingerprint: Fingerprint,
	manual: boolean,
): boolean {
	if (manual || JSON.stringify(stored) === JSON.stringify(fingerprint)) return false;
	staticData[FINGERPRINT_KEY] = { ...fingerprint };
	return true;
}

export class AwsCognitoTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'AWS Cognito Trigger',
		name: 'awsCognitoTrigger',
		icon: { light: 'file:../../icons/awsCognito.svg', dark: 'file:../../icons/awsCognito.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"Emit: " + $parameter["emit"]}}',
		description:
			'Starts the workflow when users, groups or memberships of an AWS Cognito user pool change, or emits the pool on a schedule',
		defaults: { name: 'AWS Cognito Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		// The name stays literal: n8n's community checks read it to find the credential's test.
		credentials: [{ name: 'awsCognitoApi', required: true, testedBy: 'awsCognitoApiTest' }],
		properties: [
			userPoolLocator,
			{
				displayName: 'Emit',
				name: 'emit',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Changes',
						value: 'changes',
						description:
							'One item per change since the previous poll: users created, deleted, updated, enabled or disabled; groups created, deleted or updated; memberships added or removed',
					},
					...snapshotOutputOptions,
				],
				default: 'changes',
				description:
					'What each poll emits. Every poll reads the whole pool; manual test runs show at most 10 users or events (a file holds every user) and record nothing.',
			},
			{
				displayName: 'On First Poll',
				name: 'onFirstPoll',
				type: 'options',
				options: [
					{
						name: 'Emit Every User as Created',
						value: 'emitAll',
						description: 'Emit every user, group and membership of the pool as created or added',
					},
					{
						name: 'Record Silently',
						value: 'baseline',
						description: 'Record the pool as it is and emit only what changes afterwards',
					},
				],
				default: 'baseline',
				displayOptions: { show: { emit: ['changes'] } },
			},
			...snapshotFileFields({ emit: snapshotOutputOptions.map((option) => option.value) }),
			snapshotOptionsField,
		],
	};

	methods = { listSearch, credentialTest };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const emit = readTriggerEmit(this);
		const delivery = emit === 'changes' ? undefined : readSnapshotDelivery(this);
		const emitAllOnFirstPoll = readEmitAllOnFirstPoll(this);
		const options = readSnapshotOptions(this);
		const manual = this.getMode() === 'manual';
		const staticData = this.getWorkflowStaticData('node');

		// A test run records nothing, so it may run beside the active workflow's polls.
		let lease: PollLease | undefined;
		if (!manual) {
			const key = pollLockKey(this.getWorkflow().id ?? '', this.getNode().id);
			try {
				lease = await acquirePollLock(key);
			} catch (error) {
				throw toNodeError(this.getNode(), error);
			}
			if (!lease) {
				this.logger.warn(
					`AWS Cognito Trigger "${this.getNode().name}": the previous poll is still running, this one is skipped (poll less often, or expect polls of a large pool to be skipped)`,
					{ workflowId: this.getWorkflow().id, nodeId: this.getNode().id },
				);
				return null;
			}
		}

		try {
			const stored = staticData[FINGERPRINT_KEY];
			let snapshot: PoolSnapshot | undefined;
			let changes: ChangesResult | undefined;
			try {
				const { api, credentials } = await createCognitoApi(this);
				const userPoolId = readUserPoolId(this, credentials);
				const activating = !manual && !pollingContexts.has(this);
				pollingContexts.add(this);
				const deferredSize = activating
					? await tooLargeToSyncWithin(api, userPoolId, ACTIVATION_SYNC_LIMIT_S)
					: undefined;
				if (deferredSize !== undefined) {
					this.logger.info(
						`AWS Cognito Trigger "${this.getNode().name}": the pool has about ${deferredSize} users, too many to read while n8n activates the workflow; it is read at the first scheduled poll`,
						{ workflowId: this.getWorkflow().id, nodeId: this.getNode().id },
					);
					return null;
				}
				if (emit === 'changes' && !manual) {
					// Each user held packed; whole records only for users new or changed since the recorded state.
					changes = await takeChanges(api, userPoolId, stored, {
						...options,
						eventsWithoutBaseline: emitAllOnFirstPoll,
					});
				} else {
					snapshot = await takeSnapshot(api, userPoolId, {
						...recordedSizes(stored, userPoolId),
						...options,
					});
				}
			} catch (error) {
				// Nothing was recorded: the next poll compares against the same state again.
				throw toNodeError(this.getNode(), error);
			}

			if (changes) {
				const recorded = recordFingerprint(staticData, stored, changes.fingerprint, manual);
				if (changes.events.length > 0) {
					return [this.helpers.returnJsonArray(changes.events.map((event) => ({ ...event })))];
				}
				// Only a first poll records a new state without emitting: say so, it may have taken a while.
				if (recorded) {
					const { counts, durationMs, totalCalls } = changes.stats;
					this.logger.info(
						`AWS Cognito Trigger "${this.getNode().name}": recorded the pool's state (${counts.users} users, ${counts.groups} groups) in ${(durationMs / 1000).toFixed(1)} s with ${totalCalls} calls, ${JSON.stringify(changes.fingerprint).length} bytes of state; changes are emitted from the next poll`,
						{ workflowId: this.getWorkflow().id, nodeId: this.getNode().id },
					);
				}
				return null;
			}
			if (!snapshot) return null;

			if (emit !== 'changes' && delivery?.as === 'file') {
				// The file is written before the fingerprint: a poll that fails writing it records nothing.
				const item = await snapshotFileItem(this.helpers, snapshot, emit, delivery);
				recordFingerprint(staticData, stored, fingerprintOf(snapshot), manual);
				return [[item]];
			}
			const { items, fingerprint } = pollResult(snapshot, emit, stored, manual);
			recordFingerprint(staticData, stored, fingerprint, manual);
			if (items.length === 0) return null;
			return [this.helpers.returnJsonArray(items.map((item) => ({ ...item })))];
		} finally {
			await lease?.release();
		}
	}
}
