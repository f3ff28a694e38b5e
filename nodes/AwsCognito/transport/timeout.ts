/** Thrown by withTimeout when the promise did not settle in time. */
export class TimeoutError extends Error {
	constructor(
		message: string,
		readonly timeoutMs: number,
	) {
		super(message);
		this.name = 'TimeoutError';
	}
}

/**
 * Waits for `promise` at most `ms` milliseconds, then rejects with a TimeoutError carrying `message`.
 * The timer is always cleared, so a settled promise leaves nothing running.
 */
export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new TimeoutError(message, ms)), ms);
	});
	try {
		return await Promise.race([promise, timeout]);
	} finally {
		clearTimeout(timer);
	}
}
