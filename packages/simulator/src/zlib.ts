// Reads zlib data (RFC 1950 around RFC 1951) as strictly as standard zlib: the service refuses whatever zlib refuses.
// fflate's inflater is lenient (no Adler-32 check, no check of a Huffman code's lengths), so it is used to write only.

/** The order in which a dynamic block lists the code lengths of the code-length alphabet. */
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** Base value and extra bits of each length symbol (257–285) and distance symbol (0–29), after RFC 1951 3.2.5. */
const LENGTH_BASE: number[] = [];
const LENGTH_EXTRA: number[] = [];
const DISTANCE_BASE: number[] = [];
const DISTANCE_EXTRA: number[] = [];
for (let symbol = 0, base = 3; symbol < 28; symbol += 1) {
  const extra = symbol < 8 ? 0 : (symbol >> 2) - 1;
  LENGTH_BASE.push(base);
  LENGTH_EXTRA.push(extra);
  base += 1 << extra;
}
LENGTH_BASE.push(258);
LENGTH_EXTRA.push(0);
for (let symbol = 0, base = 1; symbol < 30; symbol += 1) {
  const extra = symbol < 4 ? 0 : (symbol >> 1) - 1;
  DISTANCE_BASE.push(base);
  DISTANCE_EXTRA.push(extra);
  base += 1 << extra;
}

/** A canonical Huffman code: how many codes each length has, and the symbols in code order. */
interface Huffman {
  counts: number[];
  symbols: number[];
}

const refuse = (reason: string): never => {
  throw new Error(`zlib: ${reason}`);
};

/**
 * Builds the code for `lengths` (0 = symbol unused). Like zlib, refuses an over-subscribed code, and an incomplete
 * one except a code of nothing or of a single one-bit code (which only ever fails when it is read).
 */
function huffman(lengths: ArrayLike<number>, isCodeLengthCode = false): Huffman {
  const counts = new Array<number>(16).fill(0);
  for (let symbol = 0; symbol < lengths.length; symbol += 1) counts[lengths[symbol]!]! += 1;
  counts[0] = 0;
  let left = 1;
  let longest = 0;
  for (let length = 1; length < 16; length += 1) {
    left = left * 2 - counts[length]!;
    if (left < 0) refuse('over-subscribed code');
    if (counts[length]) longest = length;
  }
  if (left > 0 && longest > 0 && (isCodeLengthCode || longest > 1)) refuse('incomplete code');
  const offsets = [0];
  for (let length = 1; length < 16; length += 1) offsets[length] = offsets[length - 1]! + counts[length - 1]!;
  const symbols: number[] = [];
  for (let symbol = 0; symbol < lengths.length; symbol += 1) {
    const length = lengths[symbol]!;
    if (length) symbols[offsets[length]!++] = symbol;
  }
  return { counts, symbols };
}

/**
 * The codes of a fixed-Huffman block (RFC 1951 3.2.6), with the two literal/length and two distance codes that no
 * data may use. Built per block, not at load: a few hundred steps.
 */
const fixedCodes = (): [Huffman, Huffman] => [
  huffman(Array.from({ length: 288 }, (_, s) => (s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8))),
  huffman(new Array<number>(32).fill(5)),
];

/** The Adler-32 checksum zlib puts after the deflated data. */
export function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return b * 65536 + a;
}

/**
 * Inflates zlib data, or throws an Error for anything standard zlib refuses (bytes after the checksum are ignored, as
 * zlib does) and a RangeError as soon as the output would pass `maxBytes`: a decompression bomb costs nothing.
 */
export function inflateZlib(data: Uint8Array, maxBytes: number): Uint8Array {
  const [cmf = 0, flg = 0] = data;
  // Deflate (method 8) with a window of at most 32 kB, a header check that divides by 31, no preset dictionary.
  if ((cmf & 15) !== 8 || cmf >> 4 > 7 || ((cmf << 8) | flg) % 31 !== 0 || flg & 32) refuse('invalid header');
  let position = 2;
  let bitBuffer = 0;
  let bitCount = 0;
  const bits = (count: number): number => {
    while (bitCount < count) {
      if (position >= data.length) refuse('unexpected end of data');
      bitBuffer |= data[position++]! << bitCount;
      bitCount += 8;
    }
    const value = bitBuffer & ((1 << count) - 1);
    bitBuffer >>>= count;
    bitCount -= count;
    return value;
  };
  const toByteBoundary = () => {
    bitBuffer = 0;
    bitCount = 0;
  };
  // Codes are read bit by bit, first bit most significant, each length's codes following the shorter ones.
  const decode = ({ counts, symbols }: Huffman): number => {
    for (let length = 1, code = 0, first = 0, index = 0; length < 16; length += 1) {
      code |= bits(1);
      const count = counts[length]!;
      if (code - first < count) return symbols[index + code - first]!;
      index += count;
      first = (first + count) << 1;
      code <<= 1;
    }
    return refuse('invalid code');
  };

  const output = new Uint8Array(maxBytes);
  let size = 0;
  const put = (byte: number) => {
    if (size === maxBytes) throw new RangeError(`zlib: inflates to more than ${maxBytes} bytes`);
    output[size++] = byte;
  };
  const dynamicCodes = (): [Huffman, Huffman] => {
    const literalCount = bits(5) + 257;
    const distanceCount = bits(5) + 1;
    const codeLengthCount = bits(4) + 4;
    if (literalCount > 286 || distanceCount > 30) refuse('too many length or distance symbols');
    const codeLengths = new Array<number>(19).fill(0);
    for (let i = 0; i < codeLengthCount; i += 1) codeLengths[CODE_LENGTH_ORDER[i]!] = bits(3);
    const codeLengthCode = huffman(codeLengths, true);
    const lengths = new Array<number>(literalCount + distanceCount).fill(0);
    for (let have = 0; have < lengths.length; ) {
      const symbol = decode(codeLengthCode);
      if (symbol < 16) {
        lengths[have++] = symbol;
        continue;
      }
      if (symbol === 16 && have === 0) refuse('repeat with no length before it');
      const value = symbol === 16 ? lengths[have - 1]! : 0;
      const repeat = symbol === 16 ? 3 + bits(2) : symbol === 17 ? 3 + bits(3) : 11 + bits(7);
      if (have + repeat > lengths.length) refuse('repeat past the last length');
      lengths.fill(value, have, have + repeat);
      have += repeat;
    }
    if (lengths[256] === 0) refuse('no end-of-block code');
    return [huffman(lengths.slice(0, literalCount)), huffman(lengths.slice(literalCount))];
  };

  for (let last = 0; !last; ) {
    last = bits(1);
    const type = bits(2);
    if (type === 0) {
      toByteBoundary();
      const length = bits(16);
      if (bits(16) !== (length ^ 0xffff)) refuse('invalid stored block lengths');
      for (let i = 0; i < length; i += 1) put(bits(8));
      continue;
    }
    if (type === 3) refuse('invalid block type');
    const [literals, distances] = type === 1 ? fixedCodes() : dynamicCodes();
    for (let symbol = decode(literals); symbol !== 256; symbol = decode(literals)) {
      if (symbol < 256) {
        put(symbol);
        continue;
      }
      if (symbol > 285) refuse('invalid literal/length code');
      const length = LENGTH_BASE[symbol - 257]! + bits(LENGTH_EXTRA[symbol - 257]!);
      const distanceSymbol = decode(distances);
      if (distanceSymbol > 29) refuse('invalid distance code');
      const distance = DISTANCE_BASE[distanceSymbol]! + bits(DISTANCE_EXTRA[distanceSymbol]!);
      if (distance > size) refuse('distance too far back');
      for (let i = 0; i < length; i += 1) put(output[size - distance]!);
    }
  }
  toByteBoundary();
  const inflated = output.subarray(0, size);
  let checksum = 0;
  for (let i = 0; i < 4; i += 1) checksum = checksum * 256 + bits(8);
  if (checksum !== adler32(inflated)) refuse('incorrect Adler-32 checksum');
  return inflated;
}
