/**
 * Bottleneck takes a job off its queue as soon as it is submitted while fewer than maxConcurrent
 * run, and gives it a send time then: its priorities only order jobs held back by concurrency, so
 * paced calls would go out in arrival order. The gate holds calls back instead and submits one at a
 * time, the lowest priority number first (arrival order among equals), the next one as soon as the
 * one before it is sent.
 */
interface Waiting {
	priority: number;
	arrival: number;
	admit: () => void;
}

export class PriorityGate {
	private readonly waiting: Waiting[] = [];
	private busy = false;
	private arrivals = 0;

	/**
	 * Runs `submit` when it is this call's turn. `submit` gets `sent`, to call once the call has left
	 * the limiter; the next call's turn comes then, or when `submit` settles, whichever is first.
	 */
	async pass<T>(priority: number, submit: (sent: () => void) => Promise<T>): Promise<T> {
		if (this.busy) await new Promise<void>((admit) => this.enqueue({ priority, arrival: this.arrivals++, admit }));
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

	/** Calls waiting for their turn. */
	get size(): number {
		return this.waiting.length;
	}

	private enqueue(entry: Waiting): void {
		// Binary search for the first waiting call that goes after this one.
		let low = 0;
		let high = this.waiting.length;
		while (low < high) {
			const mid = (low + high) >> 1;
			const other = this.waiting[mid];
			if (other.priority < entry.priority || (other.priority === entry.priority && other.arrival < entry.arrival)) {
				low = mid + 1;
			} else high = mid;
		}
		this.waiting.splice(low, 0, entry);
	}

	private admitNext(): void {
		const next = this.waiting.shift();
		if (next) next.admit();
		else this.busy = false;
	}
}
