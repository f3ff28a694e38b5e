import type { ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';

import { getClient } from './client';
import { COMMANDS, type CognitoOperation, type OperationInput, type OperationOutput } from './commands';
import type { CognitoConnection } from './connection';
import { isRetryable, isThrottling, toCognitoError, type CallSubject } from './errors';
import { CALL_PRIORITY, CallBudgetSpent, limiterForCall } from './limiter';
import { SharedLimiterError } from './limiterStore';
import { CALL_BUDGET_MS } from './timeout';

export interface RetryPolicy {
	/** Attempts per call, the first included: a cap next to the time budget. */
	maxAttempts: number;
	/** Upper bound of the first backoff; doubles per attempt ("full jitter"). */
	baseDelayMs: number;
	maxDelayMs: number;
	/** The most a call may take, from its first wait for the limiter to its last answer, retries included. */
	budgetMs: number;
}

/**
 * The budget bounds a call in time; the attempts cap only stops a run of fast failures (answers
 * that come back at once) from hammering the endpoint. 20 attempts: under a storm that throttles
 * half of all requests at random, a call fails this way once in a million.
 */
export const DEFAULT_RETRY: RetryPolicy = {
	maxAttempts: 20,
	baseDelayMs: 200,
	maxDelayMs: 10_000,
	budgetMs: CALL_BUDGET_MS,
};

/** What a sequence of calls cost, counted at the single door to AWS. */
export interface CallMetrics {
	/** HTTP requests sent, per operation, retries included. */
	calls: Partial<Record<CognitoOperation, number>>;
	/** Throttling answers that were retried. */
	throttles: number;
	/** Retries of any kind (throttling, 5xx, dropped connections). */
	retries: number;
}

export function newMetrics(): CallMetrics {
	return { calls: {}, throttles: 0, retries: 0 };
}

export function totalCalls(metrics: CallMetrics): number {
	return Object.values(metrics.calls).reduce((sum, n) => sum + (n ?? 0), 0);
}

export interface CognitoApiOptions {
	retry?: Partial<RetryPolicy>;
	metrics?: CallMetrics;
	/** Injected for tests; defaults to Math.random. */
	random?: () => number;
	/**
	 * Once aborted, every call through this API ends at once, retries, backoff and a request in
	 * flight included: a snapshot whose other listing failed must not wait out their budgets.
	 */
	stop?: AbortSignal;
}

export interface SendOptions {
	/** Where the call queues at the limiter (see CALL_PRIORITY); retries keep it. */
	priority?: number;
}

/** Thrown by a call that `stop` ended; the failure that stopped it is reported elsewhere. */
export class CallStopped extends Error {
	constructor() {
		super('Stopped because another call of the same run failed');
		this.name = 'CallStopped';
	}
}

/** Waits `ms`, or less when `stop` is aborted meanwhile. */
async function sleep(ms: number, stop?: AbortSignal): Promise<void> {
	await new Promise<void>((resolve) => {
		const done = () => {
			clearTimeout(timer);
			stop?.removeEventListener('abort', done);
			resolve();
		};
		const timer = setTimeout(done, ms);
		stop?.addEventListener('abort', done, { once: true });
	});
}

export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
	return Math.round(random() * ceiling);
}

function subjectOf(input: object): CallSubject {
	const fields = input as { UserPoolId?: unknown; Username?: unknown; GroupName?: unknown };
	const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
	return {
		userPoolId: text(fields.UserPoolId),
		username: text(fields.Username),
		groupName: text(fields.GroupName),
	};
}

/**
 * The one door to AWS Cognito. Every call waits for its quota limiter, is retried on throttling and
 * transient failures with exponential backoff and full jitter (each retry waits for the limiter
 * again), and fails as a CognitoError that names what it was about.
 */
export class CognitoApi {
	readonly metrics: CallMetrics;
	private readonly retry: RetryPolicy;
	private readonly random: () => number;
	private readonly stop?: AbortSignal;

	constructor(
		readonly connection: CognitoConnection,
		options: CognitoApiOptions = {},
	) {
		this.metrics = options.metrics ?? newMetrics();
		this.retry = { ...DEFAULT_RETRY, ...options.retry };
		this.random = options.random ?? Math.random;
		this.stop = options.stop;
	}

	/** The same door with other options (e.g. metrics of its own); unset options are inherited. */
	fork(options: CognitoApiOptions): CognitoApi {
		return new CognitoApi(this.connection, {
			metrics: options.metrics,
			retry: { ...this.retry, ...options.retry },
			random: options.random ?? this.random,
			stop: options.stop ?? this.stop,
		});
	}

	async send<Op extends CognitoOperation>(
		operation: Op,
		input: OperationInput<Op>,
		{ priority = CALL_PRIORITY.single }: SendOptions = {},
	): Promise<OperationOutput<Op>> {
		const subject = subjectOf(input);
		// Finding the limiter may learn the account once (bounded on its own): the budget is the call's.
		const limiter = await limiterForCall(this.connection, operation, subject.userPoolId);
		const started = Date.now();
		const deadline = started + this.retry.budgetMs;
		const client = getClient(this.connection);
		const CommandClass = COMMANDS[operation];
		// COMMANDS is keyed by operation, so input and output types line up at this method's
		// signature; the SDK's send() cannot follow that through a generic, so it is typed here
		// through one representative command class.
		const command = new (CommandClass as new (i: OperationInput<Op>) => ListUsersCommand)(input);
		const { stop } = this;
		const attemptOnce = async () => {
			if (stop?.aborted) throw new CallStopped();
			this.metrics.calls[operation] = (this.metrics.calls[operation] ?? 0) + 1;
			// The budget also ends an answer that is still coming, and so does `stop`.
			const budget = AbortSignal.timeout(Math.max(1, deadline - Date.now()));
			return await client.send(command, { abortSignal: stop ? AbortSignal.any([budget, stop]) : budget });
		};
		let lastError: unknown;
		for (let attempt = 1; ; attempt++) {
			try {
				const output = await limiter.schedule(attemptOnce, deadline, priority);
				await limiter.succeeded();
				return output as unknown as OperationOutput<Op>;
			} catch (error) {
				if (stop?.aborted) throw new CallStopped();
				// Not Cognito's failure: the shared limiter's Redis; retrying here would not help.
				if (error instanceof SharedLimiterError) throw error;
				const budgetSpent = error instanceof CallBudgetSpent || Date.now() >= deadline;
				if (budgetSpent) {
					// The failure worth naming is the last one Cognito gave, not the end of our patience.
					const cause = error instanceof CallBudgetSpent || isAbort(error) ? (lastError ?? error) : error;
					const sent = error instanceof CallBudgetSpent ? attempt - 1 : attempt;
					throw toCognitoError(cause, operation, subject, this.connection, sent, Date.now() - started);
				}
				if (!isRetryable(error) || attempt >= this.retry.maxAttempts) {
					throw toCognitoError(error, operation, subject, this.connection, attempt);
				}
				lastError = error;
				this.metrics.retries++;
				if (isThrottling(error)) {
					this.metrics.throttles++;
					await limiter.throttled();
				}
				await sleep(Math.min(backoffDelay(attempt, this.retry, this.random), Math.max(0, deadline - Date.now())), stop);
			}
		}
	}
}

/** The SDK's answer when our budget's abort signal ended a request. */
function isAbort(error: unknown): boolean {
	return (error as { name?: unknown } | undefined)?.name === 'AbortError';
}
