// Deterministic randomness for the benchmark scripts: a small seeded sequence (mulberry32) for things
// drawn in order, and a stateless hash for things addressed by index (user i's name, sub, groups),
// so that a million-user pool can be generated lazily and the same seed always gives the same pool.

/** A seeded sequence of uniform numbers in [0, 1) (mulberry32). */
export function seededRandom(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Shuffles `items` in place with `rand` (Fisher-Yates) and returns it. */
export function shuffle(items, rand) {
	for (let i = items.length - 1; i > 0; i--) {
		const j = Math.floor(rand() * (i + 1));
		[items[i], items[j]] = [items[j], items[i]];
	}
	return items;
}

const M1 = 0x85ebca6b;
const M2 = 0xc2b2ae35;
const GOLDEN = 0x9e3779b9;

/** The inverse of an odd number modulo 2^32 (Newton's iteration doubles the correct bits each step). */
function inverseOdd(a) {
	let x = a;
	for (let i = 0; i < 5; i++) x = Math.imul(x, 2 - Math.imul(a, x));
	return x >>> 0;
}
const M1_INVERSE = inverseOdd(M1);
const M2_INVERSE = inverseOdd(M2);

/** A bijection of 32-bit integers that scatters neighbours (murmur3's finaliser). */
function mix32(value) {
	let h = value >>> 0;
	h ^= h >>> 16;
	h = Math.imul(h, M1);
	h ^= h >>> 13;
	h = Math.imul(h, M2);
	h ^= h >>> 16;
	return h >>> 0;
}

/** The inverse of mix32: unmix32(mix32(x)) === x. */
function unmix32(value) {
	let h = value >>> 0;
	h ^= h >>> 16;
	h = Math.imul(h, M2_INVERSE);
	h ^= (h >>> 13) ^ (h >>> 26);
	h = Math.imul(h, M1_INVERSE);
	h ^= h >>> 16;
	return h >>> 0;
}

function streamKey(seed, salt) {
	return mix32((seed >>> 0) ^ Math.imul(salt + 1, GOLDEN));
}

/**
 * A stateless hash stream: `hashStream(seed, salt)(i)` is a well-mixed 32-bit value for each index i,
 * different for each (seed, salt), and distinct for distinct i below 2^32 (it is a bijection).
 */
export function hashStream(seed, salt) {
	const key = streamKey(seed, salt);
	return (index) => mix32((index ^ key) >>> 0);
}

/** The inverse of `hashStream(seed, salt)`: gives back the index a value was made from. */
export function hashStreamInverse(seed, salt) {
	const key = streamKey(seed, salt);
	return (value) => (unmix32(value) ^ key) >>> 0;
}
