/*
 * Bit-level packing and a dense JSON-safe text form for fingerprints.
 *
 * Text form: every 13 bits become two characters of a 91-character alphabet (printable ASCII
 * without space, '"', '\\' and '`'), which JSON stores without escapes: 6.5 bits a character where
 * base64 carries 6. The scheme is basE91's fixed-width cousin; a trailing 1-12 bits take one
 * character when they fit in it, else two.
 *
 * Everything works on typed arrays and builds its text in one buffer: a million-user fingerprint is
 * about 35 MB of bits, which arrays of numbers or string concatenation would multiply tenfold.
 */

const ALPHABET = [...Array.from({ length: 94 }, (_, i) => String.fromCharCode(0x21 + i))]
	.filter((c) => c !== '"' && c !== '\\' && c !== '`')
	.join('');
const BASE = ALPHABET.length; // 91: BASE * BASE = 8281 ≥ 2^13
const CODE = Uint8Array.from([...ALPHABET].map((c) => c.charCodeAt(0)));
/** Character code → digit, -1 outside the alphabet. */
const DIGIT = new Int16Array(128).fill(-1);
for (let i = 0; i < BASE; i++) DIGIT[CODE[i]] = i;

export function bytesToText(bytes: Uint8Array): string {
	const out = Buffer.allocUnsafe(Math.ceil((bytes.length * 8) / 13) * 2 + 2);
	let n = 0;
	let acc = 0;
	let bits = 0;
	for (let i = 0; i < bytes.length; i++) {
		acc |= bytes[i] << bits;
		bits += 8;
		if (bits >= 13) {
			const value = acc & 0x1fff;
			acc >>= 13;
			bits -= 13;
			out[n++] = CODE[value % BASE];
			out[n++] = CODE[Math.floor(value / BASE)];
		}
	}
	if (bits > 0) {
		out[n++] = CODE[acc % BASE];
		if (bits > 7 || acc >= BASE) out[n++] = CODE[Math.floor(acc / BASE)];
	}
	return out.toString('latin1', 0, n);
}

/** Throws on a character outside the alphabet. */
export function textToBytes(text: string): Uint8Array {
	const out = new Uint8Array(Math.floor((text.length * 13) / 16) + 2);
	let n = 0;
	let acc = 0;
	let bits = 0;
	let low = -1;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		const digit = code < 128 ? DIGIT[code] : -1;
		if (digit < 0) throw new Error('fingerprint text holds an unexpected character');
		if (low < 0) {
			low = digit;
			continue;
		}
		acc |= (low + digit * BASE) << bits;
		bits += 13;
		low = -1;
		while (bits >= 8) {
			out[n++] = acc & 0xff;
			acc >>= 8;
			bits -= 8;
		}
	}
	if (low >= 0) {
		// A lone last character: its bits complete the last byte (the rest were padding).
		acc |= low << bits;
		if (bits + 7 >= 8) out[n++] = acc & 0xff;
	}
	return out.slice(0, n);
}

/** Writes bit fields most significant bit first. */
export class BitWriter {
	private buffer = new Uint8Array(1024);
	private length = 0;
	private acc = 0;
	private count = 0;

	private push(byte: number): void {
		if (this.length === this.buffer.length) {
			const grown = new Uint8Array(this.buffer.length * 2);
			grown.set(this.buffer);
			this.buffer = grown;
		}
		this.buffer[this.length++] = byte;
	}

	/** `value` must fit in `width` bits; width up to 24. */
	bits(value: number, width: number): void {
		while (width > 0) {
			const take = Math.min(8 - this.count, width);
			width -= take;
			this.acc = (this.acc << take) | ((value >>> width) & ((1 << take) - 1));
			this.count += take;
			if (this.count === 8) {
				this.push(this.acc);
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
		for (let zeros = width - 1; zeros > 0; zeros -= Math.min(zeros, 24)) this.bits(0, Math.min(zeros, 24));
		for (let i = width - 1; i >= 0; i--) this.bits(Math.floor(n / 2 ** i) % 2, 1);
	}

	/** Rice code of n ≥ 0 with parameter k: n >> k in unary, then the low k bits. */
	rice(n: number, k: number): void {
		for (let q = Math.floor(n / 2 ** k); q > 0; q--) this.bits(1, 1);
		this.bits(0, 1);
		if (k > 24) {
			this.bits(Math.floor((n % 2 ** k) / 2 ** 24), k - 24);
			this.bits(n % 2 ** 24, 24);
		} else this.bits(n % 2 ** k, k);
	}

	toText(): string {
		const bytes = this.buffer.subarray(0, this.length);
		if (this.count === 0) return bytesToText(bytes);
		const padded = new Uint8Array(this.length + 1);
		padded.set(bytes);
		padded[this.length] = this.acc << (8 - this.count);
		return bytesToText(padded);
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

	/** Up to 24 bits (larger widths are read in parts by the callers). */
	bits(width: number): number {
		if (width > this.remaining) throw new Error('fingerprint record ends early');
		let value = 0;
		while (width > 0) {
			const offset = this.position & 7;
			const take = Math.min(8 - offset, width);
			const byte = this.data[this.position >> 3];
			value = value * 2 ** take + ((byte >> (8 - offset - take)) & ((1 << take) - 1));
			this.position += take;
			width -= take;
		}
		return value;
	}

	bytesOf(length: number): Uint8Array {
		const out = new Uint8Array(length);
		for (let i = 0; i < length; i++) out[i] = this.bits(8);
		return out;
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
		if (k > 24) return q * 2 ** k + this.bits(k - 24) * 2 ** 24 + this.bits(24);
		return q * 2 ** k + this.bits(k);
	}
}
