/**
 * Bottleneck takes a job off its queue as soon as it is submitted while fewer than maxConcurrent
 * run, and gives it a send time then: its priorities only order jobs held back by concurrency, so
 * paced calls would go out in arrival order. The gate holds calls back instead and submits one at a
 * time, the next one as soon as the one before it is sent.
 *
 * A waiting call's turn is its arrival time plus `stepMs` per priority step (earliest first, then
 * arrival order): calls waiting together go by priority, yet a stream of more urgent calls can hold
 * one back by at most `stepMs` × the priority difference, never starve it past its time budget.
 */
interface Waiting {
	turn: number;
	arrival: number;
	admit: () => void;
}

export class PriorityGate {
	private readonly waiting: Waiting[] = [];
	private busy = false;
	private arrivals = 0;

	constructor(
		private readonly stepMs: number,
		private readonly now: () => number = Date.now,
	) {}

	/**
	 * Runs `submit` when it is this call's turn. `submit` gets `sent`, to call once the call has left
	 * the limiter; the next call's turn comes then, or when `submit` settles, whichever is first.
	 */
	async pass<T>(priority: number, submit: (sent: () => void) => Promise<T>): Promise<T> {
		if (this.busy) {
			const turn = this.now() + priority * this.stepMs;
			await new Promise<void>((admit) => this.enqueue({ turn, arrival: this.arrivals++, admit }));
		}
		this.busy = true;
		let done = false;
		const sent = () => {
			if (done) return;
			done = true;
			this.admitNext();
		};
		try {
			return await submit(sent);
		} finally {
			sent();
		}
	}

	private enqueue(entry: Waiting): void {
		// Binary search for the first waiting call that goes after this one.
		let low = 0;
		let high = this.waiting.length;
		while (low < high) {
			const mid = (low + high) >> 1;
			const other = this.waiting[mid];
			if (other.turn < entry.turn || (other.turn === entry.turn && other.arrival < entry.arrival)) low = mid + 1;
			else high = mid;
		}
		this.waiting.splice(low, 0, entry);
	}

	private admitNext(): void {
		const next = this.waiting.shift();
		if (next) next.admit();
		else this.busy = false;
	}
}
