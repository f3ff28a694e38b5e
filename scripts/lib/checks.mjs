// A tiny check recorder for the end-to-end scripts: named checks, phase timings, a final summary.
import { isDeepStrictEqual } from 'node:util';

export class Checks {
	constructor(log) {
		this.log = log;
		this.passed = 0;
		this.failed = 0;
		this.failures = [];
		this.known = [];
		this.timings = [];
	}

	/** A known issue outside what this run tests: reported in the summary, not counted as a failure. */
	knownIssue(name, detail = '') {
		this.known.push(name);
		this.log(`KNOWN ${name}${detail ? `\n       ${String(detail).split('\n').join('\n       ')}` : ''}`);
	}

	ok(name, condition, detail = '') {
		if (condition) {
			this.passed++;
			this.log(`ok   ${name}`);
		} else {
			this.failed++;
			this.failures.push(name);
			this.log(`FAIL ${name}${detail ? `\n       ${String(detail).split('\n').join('\n       ')}` : ''}`);
		}
		return Boolean(condition);
	}

	equal(name, actual, expected) {
		return this.ok(
			name,
			isDeepStrictEqual(actual, expected),
			`expected ${JSON.stringify(expected)}\n got      ${JSON.stringify(actual)}`,
		);
	}

	/** Run one phase and time it. A phase that throws counts as one failed check; the run goes on. */
	async phase(name, fn, { fatal = false } = {}) {
		const started = Date.now();
		this.log(`── ${name}`);
		try {
			return await fn();
		} catch (error) {
			this.ok(`${name}: completes`, false, error?.stack ?? String(error));
			if (fatal) throw error;
			return undefined;
		} finally {
			this.timings.push([name, (Date.now() - started) / 1000]);
		}
	}

	/** The timing table and the final `N passed, N failed` line. */
	summary(totalSeconds) {
		const lines = ['', 'Timings (s):'];
		for (const [name, seconds] of this.timings) lines.push(`  ${name.padEnd(44)} ${seconds.toFixed(1).padStart(6)}`);
		lines.push(`  ${'total'.padEnd(44)} ${totalSeconds.toFixed(1).padStart(6)}`);
		if (this.known.length) lines.push('', 'Known issues (not failures):', ...this.known.map((k) => `  - ${k}`));
		if (this.failures.length) lines.push('', 'Failed:', ...this.failures.map((f) => `  - ${f}`));
		lines.push('', `${this.passed} passed, ${this.failed} failed`);
		return lines.join('\n');
	}
}

/** Poll `probe` until it resolves a truthy value; resolve that value, or undefined after the timeout. */
export async function waitFor(probe, { timeoutMs = 30_000, intervalMs = 500 } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value) return value;
		if (Date.now() > deadline) return undefined;
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}
