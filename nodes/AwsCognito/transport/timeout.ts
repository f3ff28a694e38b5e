/**
 * How long a Cognito call may wait, in milliseconds. Exported for the docs.
 *
 * - Connecting: AWS's regional endpoints accept a TCP and TLS connection in well under a second;
 *   5 s covers a slow proxy or VPC endpoint and still fails fast when nothing listens.
 * - One answer: most calls answer in tens to hundreds of ms, but a ListUsers page with a filter on
 *   a pool of millions of users can take several seconds; 30 s leaves wide room for that while
 *   turning an answer that never arrives into a retry instead of a wait without end.
 * - One call, retries included: 120 s is four slow answers, or about eight throttled attempts
 *   with our backoff while the quota is exhausted; after that, waiting longer seldom helps and an
 *   execution should fail with a clear message instead.
 */
export const CONNECT_TIMEOUT_MS = 5_000;
export const ANSWER_TIMEOUT_MS = 30_000;
export const CALL_BUDGET_MS = 120_000;

/**
 * The HTTP handler settings of an SDK client (Cognito or STS): a connection not made within
 * `connectMs`, or an answer that does not arrive within `answerMs`, fails as a TimeoutError, which
 * `send()` retries like any transient fault (without these the SDK waits without end). A plain
 * options object: the SDK builds its own Node HTTP handler from it, so we need no dependency on it.
 */
export function requestHandler({ connectMs = CONNECT_TIMEOUT_MS, answerMs = ANSWER_TIMEOUT_MS } = {}) {
	return {
		connectionTimeout: connectMs,
		requestTimeout: answerMs,
		// Without it a breached requestTimeout is only logged as a warning.
		throwOnRequestTimeout: true,
		// No byte for as long as a whole answer may take: the socket is dead.
		socketTimeout: answerMs,
	};
}

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
