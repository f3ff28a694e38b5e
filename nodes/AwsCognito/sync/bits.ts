/*
 * Bit-level packing and a dense JSON-safe text form for fingerprints.
 *
 * Text form: every 13 bits become two characters of a 91-character alphabet (printable ASCII
 * without space, '"', '\\' and '`'), which JSON stores without escapes: 6.5 bits a character where
 * base64 carries 6. The scheme is basE91's fixed-width cousin; a trailing 1-12 bits take one
 * character when they fit in it, else two.
 */

const ALPHABET = [...Array.from({ length: 94 }, (_, i) => String.fromCharCode(0x21 + i))]
	.filter((c) => c !== '"' && c !== '\\' && c !== '`')
	.join('');
const BASE = ALPHABET.length; // 91: BASE * BASE = 8281 ≥ 2^13
const DIGIT = new Map([...ALPHABET].map((c, i) => [c, i]));

export function bytesToText(bytes: Uint8Array): string {
	let out = '';
	let acc = 0;
	let bits = 0;
	for (const byte of bytes) {
		acc |= byte << bits;
		bits += 8;
		if (bits >= 13) {
			const value = acc & 0x1fff;
			acc >>= 13;
			bits -= 13;
			out += ALPHABET[value % BASE] + ALPHABET[Math.floor(value / BASE)];
		}
	}
	if (bits > 0) {
		out += ALPHABET[acc % BASE];
		if (bits > 7 || acc >= BASE) out += ALPHABET[Math.floor(acc / BASE)];
	}
	return out;
}

/** Throws on a character outside the alphabet. */
export function textToBytes(text: string): Uint8Array {
	const out: number[] = [];
	let acc = 0;
	let bits = 0;
	let low = -1;
	for (const c of text) {
		const digit = DIGIT.get(c);
		if (digit === undefined) throw new Error('fingerprint text holds an unexpected character');
		if (low < 0) {
			low = digit;
			continue;
		}
		acc |= (low + digit * BASE) << bits;
		bits += 13;
		low = -1;
		while (bits >= 8) {
			out.push(acc & 0xff);
			acc >>= 8;
			bits -= 8;
		}
	}
	if (low >= 0) {
		// A lone last character: its bits complete the last byte (the rest were padding).
		acc |= low << bits;
		if (bits + 7 >= 8) out.push(acc & 0xff);
	}
	return Uint8Array.from(out);
}

/** Writes bit fields most significant bit first. */
export class BitWriter {
	private readonly bytes: number[] = [];
	private acc = 0;
	private count = 0;

	/** `value` must fit in `width` bits; width up to 24. */
	bits(value: number, width: number): void {
		for (let i = width - 1; i >= 0; i--) {
			this.acc = (this.acc << 1) | ((value >>> i) & 1);
			if (++this.count === 8) {
				this.bytes.push(this.acc);
				this.acc = 0;
				this.count = 0;
			}
		}
	}

	bytesOf(data: Uint8Array): void {
		for (const byte of data) this.bits(byte, 8);
	}

	/** Elias gamma code of n ≥ 1: small numbers take few bits, with no upper bound. */
	gamma(n: number): void {
		const width = Math.floor(Math.log2(n)) + 1;
		this.bits(0, width - 1);
		for (let i = width - 1; i >= 0; i--) this.bits(Math.floor(n / 2 ** i) % 2, 1);
	}

	/** Rice code of n ≥ 0 with parameter k: n >> k in unary, then the low k bits. */
	rice(n: number, k: number): void {
		for (let q = Math.floor(n / 2 ** k); q > 0; q--) this.bits(1, 1);
		this.bits(0, 1);
		this.bits(n % 2 ** k, k);
	}

	toText(): string {
		const bytes = this.count > 0 ? [...this.bytes, this.acc << (8 - this.count)] : this.bytes;
		return bytesToText(Uint8Array.from(bytes));
	}
}

export class BitReader {
	private readonly data: Uint8Array;
	private position = 0;

	constructor(text: string) {
		this.data = textToBytes(text);
	}

	/** Bits left, padding of the last byte included (fewer than 8 of those). */
	get remaining(): number {
		return this.data.length * 8 - this.position;
	}

	bits(width: number): number {
		if (width > this.remaining) throw new Error('fingerprint record ends early');
		let value = 0;
		for (let i = 0; i < width; i++, this.position++) {
			value = value * 2 + ((this.data[this.position >> 3] >> (7 - (this.position & 7))) & 1);
		}
		return value;
	}

	bytesOf(length: number): Uint8Array {
		return Uint8Array.from({ length }, () => this.bits(8));
	}

	gamma(): number {
		let zeros = 0;
		while (this.bits(1) === 0) {
			if (++zeros > 52) throw new Error('fingerprint number too long');
		}
		let n = 1;
		for (let i = 0; i < zeros; i++) n = n * 2 + this.bits(1);
		return n;
	}

	rice(k: number): number {
		let q = 0;
		while (this.bits(1) === 1) q++;
		return q * 2 ** k + this.bits(k);
	}
}
