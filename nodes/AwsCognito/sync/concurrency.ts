import { CallStopped } from '../transport';

/**
 * Runs `task` for every item with at most `limit` tasks in flight. After the first failure no new
 * task starts and `signal` tells the running ones to stop at their next page; they are awaited (so
 * no call outlives the caller) and the first error is thrown. An outer `stop` signal ends the run
 * the same way (without an error of its own).
 */
export async function forEachConcurrently<T>(
	items: Iterable<T>,
	limit: number,
	task: (item: T, signal: AbortSignal) => Promise<void>,
	stop?: AbortSignal,
): Promise<void> {
	const queue = new TaskQueue(limit, task, stop);
	for (const item of items) queue.push(item);
	await queue.close();
}

/**
 * A pool of at most `limit` concurrent tasks fed while it runs: `push` adds work (a listing page can
 * feed the next stage before the listing ends), `close` says no more will come and resolves once
 * everything pushed is done, or rejects with the first failure. After a failure, or once the outer
 * `stop` signal fires, no new task starts and the running ones see `signal` aborted.
 */
export class TaskQueue<T> {
	private readonly pending: T[] = [];
	private next = 0;
	private running = 0;
	private closed = false;
	private firstError: { error: unknown } | undefined;
	private readonly failed = new AbortController();
	private settle?: () => void;
	private readonly finished: Promise<void>;

	constructor(
		private readonly limit: number,
		private readonly task: (item: T, signal: AbortSignal) => Promise<void>,
		stop?: AbortSignal,
	) {
		this.finished = new Promise<void>((resolve) => (this.settle = resolve));
		if (stop?.aborted) this.failed.abort();
		else stop?.addEventListener('abort', () => this.failed.abort(), { once: true });
	}

	/** The signal the tasks get: aborted after the first failure or the outer stop. */
	get signal(): AbortSignal {
		return this.failed.signal;
	}

	push(item: T): void {
		if (this.closed) throw new Error('TaskQueue: push after close');
		this.pending.push(item);
		this.drain();
	}

	async close(): Promise<void> {
		this.closed = true;
		this.drain();
		await this.finished;
		if (this.firstError) throw this.firstError.error;
	}

	private drain(): void {
		const workers = Math.max(1, Math.floor(this.limit));
		while (!this.failed.signal.aborted && this.running < workers && this.next < this.pending.length) {
			const item = this.pending[this.next];
			// Forget started items, so a long-fed queue does not hold all of them.
			this.pending[this.next++] = undefined as T;
			this.running++;
			void this.run(item);
		}
		if (this.next === this.pending.length) {
			this.pending.length = 0;
			this.next = 0;
		}
		const idle = this.running === 0 && (this.next >= this.pending.length || this.failed.signal.aborted);
		if (this.closed && idle) this.settle?.();
	}

	private async run(item: T): Promise<void> {
		try {
			await this.task(item, this.failed.signal);
		} catch (error) {
			this.firstError ??= { error };
			this.failed.abort();
		}
		this.running--;
		this.drain();
	}
}

/**
 * Awaits every promise, then throws the first rejection in time, if any (no call is left running).
 * A call ended by the run's stop signal (CallStopped) is a consequence, not a cause: it is thrown only
 * when nothing else failed.
 */
export async function allSettledOrThrow<T extends readonly unknown[]>(promises: {
	[K in keyof T]: Promise<T[K]>;
}): Promise<T> {
	// The first failure in time is the cause; later ones may only be the others stopping because of it.
	let first: { reason: unknown } | undefined;
	let stopped: { reason: unknown } | undefined;
	const results = await Promise.allSettled(
		promises.map(async (promise: Promise<unknown>) => {
			try {
				return await promise;
			} catch (reason) {
				if (reason instanceof CallStopped) stopped ??= { reason };
				else first ??= { reason };
				throw reason;
			}
		}),
	);
	const failure = first ?? stopped;
	if (failure) throw failure.reason;
	return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
