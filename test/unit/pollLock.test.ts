import { POLL_LOCK_MAX_HOLD_MS, acquirePollLock, pollLockKey } from '../../nodes/AwsCognito/sync';

const local = { store: { kind: 'local' } as const };

describe('poll lock in this process', () => {
	it('lets one poll per trigger hold it, without waiting, until released', async () => {
		const key = pollLockKey('workflow-1', 'node-1');
		const first = await acquirePollLock(key, local);
		expect(first).toBeDefined();
		expect(await acquirePollLock(key, local)).toBeUndefined();
		// Another trigger node, or the same node id in another workflow, is not held up.
		const otherNode = await acquirePollLock(pollLockKey('workflow-1', 'node-2'), local);
		const otherWorkflow = await acquirePollLock(pollLockKey('workflow-2', 'node-1'), local);
		expect([otherNode, otherWorkflow].every(Boolean)).toBe(true);

		await first?.release();
		const again = await acquirePollLock(key, local);
		expect(again).toBeDefined();
		for (const lease of [again, otherNode, otherWorkflow]) await lease?.release();
	});

	it('takes over a lock held past the longest poll, and the old holder then cannot release it', async () => {
		let now = 1_000_000;
		const clock = { ...local, now: () => now };
		const key = pollLockKey('workflow-stuck', 'node');
		const stuck = await acquirePollLock(key, clock);
		now += POLL_LOCK_MAX_HOLD_MS - 1;
		expect(await acquirePollLock(key, clock)).toBeUndefined();
		now += 1;
		const fresh = await acquirePollLock(key, clock);
		expect(fresh).toBeDefined();
		await stuck?.release();
		expect(await acquirePollLock(key, clock)).toBeUndefined();
		await fresh?.release();
		expect(await acquirePollLock(key, clock)).toBeDefined();
	});
});
