import { PriorityGate } from '../../nodes/AwsCognito/transport/priorityGate';

/** A gate on a clock the test moves; each call is sent when the test says so. */
function harness(stepMs: number) {
	let clock = 0;
	const gate = new PriorityGate(stepMs, () => clock);
	const sent: string[] = [];
	const pending: Array<() => void> = [];
	const call = (name: string, priority: number) =>
		gate.pass(priority, async (markSent) => {
			sent.push(name);
			await new Promise<void>((resolve) => pending.push(resolve));
			markSent();
		});
	/** Lets the call in progress finish, so that the next waiting one is admitted. */
	const sendNext = async () => {
		pending.shift()?.();
		for (let i = 0; i < 5; i++) await Promise.resolve();
	};
	return { gate, sent, call, sendNext, tick: (ms: number) => (clock += ms) };
}

describe('PriorityGate', () => {
	it('admits calls waiting together by priority, then in arrival order', async () => {
		const { sent, call, sendNext } = harness(1000);
		const calls = [call('busy', 0), call('p8 first', 8), call('p2', 2), call('p8 second', 8), call('p0', 0)];
		for (let i = 0; i < calls.length; i++) await sendNext();
		await Promise.all(calls);
		expect(sent).toEqual(['busy', 'p0', 'p2', 'p8 first', 'p8 second']);
	});

	it('lets a stream of more urgent calls hold one back by at most the step times the priority difference', async () => {
		const { sent, call, sendNext, tick } = harness(10);
		const calls = [call('busy', 0), call('low', 8)];
		// A priority-0 call arrives every 5 ms and one call is sent every 5 ms: strict priorities would
		// keep "low" waiting for ever. Its turn is 80 ms after it arrived, ahead of the call arriving then.
		for (let i = 1; i <= 30; i++) {
			tick(5);
			calls.push(call(`urgent at ${5 * i} ms`, 0));
			await sendNext();
		}
		for (let i = 0; i < calls.length; i++) await sendNext();
		await Promise.all(calls);
		const low = sent.indexOf('low');
		expect(sent.slice(low - 1, low + 2)).toEqual(['urgent at 75 ms', 'low', 'urgent at 80 ms']);
		expect(sent).toHaveLength(32);
	});
});
