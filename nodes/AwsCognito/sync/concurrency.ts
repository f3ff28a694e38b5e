/**
 * Runs `task` for every item with at most `limit` tasks in flight. After the first failure no new
 * task starts and `signal` tells the running ones to stop at their next page; they are awaited (so
 * no call outlives the caller) and the first error is thrown.
 */
export async function forEachConcurrently<T>(
	items: Iterable<T>,
	limit: number,
	task: (item: T, signal: AbortSignal) => Promise<void>,
): Promise<void> {
	const iterator = items[Symbol.iterator]();
	const failed = new AbortController();
	let firstError: { error: unknown } | undefined;
	const worker = async (): Promise<void> => {
		while (!failed.signal.aborted) {
			const next = iterator.next();
			if (next.done) return;
			try {
				await task(next.value, failed.signal);
			} catch (error) {
				firstError ??= { error };
				failed.abort();
			}
		}
	};
	const workers = Math.max(1, Math.floor(limit));
	await Promise.all(Array.from({ length: workers }, worker));
	if (firstError) throw firstError.error;
}

/** Awaits every promise, then throws the first rejection, if any (no call is left running). */
export async function allSettledOrThrow<T extends readonly unknown[]>(promises: {
	[K in keyof T]: Promise<T[K]>;
}): Promise<T> {
	const results = await Promise.allSettled(promises);
	const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
	if (failed) throw failed.reason;
	return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
