import { adler32 } from '../src/zlib';

/**
 * Writes deflate streams bit by bit (RFC 1951), so a test can build the one stream a rule is about: a code that is
 * incomplete, a repeat past the end, a symbol no data may use. zlib itself never writes most of them.
 */
class BitWriter {
  private readonly bytes: number[] = [];
  private used = 0;

  /** `count` bits of `value`, least significant first, as deflate packs numbers. */
  bits(value: number, count: number): this {
    for (let i = 0; i < count; i += 1) {
      if (this.used === 0) this.bytes.push(0);
      if ((value >> i) & 1) this.bytes[this.bytes.length - 1]! |= 1 << this.used;
      this.used = (this.used + 1) % 8;
    }
    return this;
  }

  /** A Huffman code of `length` bits, most significant first. */
  code(code: number | undefined, length: number | undefined): this {
    if (code === undefined || !length) throw new Error('the test writes a symbol that has no code');
    for (let i = length - 1; i >= 0; i -= 1) this.bits((code >> i) & 1, 1);
    return this;
  }

  toBytes(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

/** The canonical code of each symbol for `lengths` (RFC 1951 3.2.2); a symbol of length 0 has none. */
function canonicalCodes(lengths: number[]): (number | undefined)[] {
  const counts = new Array<number>(16).fill(0);
  for (const length of lengths) if (length) counts[length]! += 1;
  const next = new Array<number>(16).fill(0);
  for (let length = 1, code = 0; length < 16; length += 1) {
    code = (code + counts[length - 1]!) << 1;
    next[length] = code;
  }
  return lengths.map((length) => (length ? next[length]!++ : undefined));
}

/** Lengths of `count` symbols: 0 except those given. */
export function lengthsOf(count: number, given: Record<number, number>): number[] {
  return Array.from({ length: count }, (_, symbol) => given[symbol] ?? 0);
}

/**
 * A literal byte or the end of the block (256); a copy of 3 bytes (length symbol 257) from distance symbol
 * `copy3From` (0–3: 1–4 bytes back); or raw bits, for codes that no symbol has.
 */
export type Item = number | { copy3From: number } | { rawBits: number; count: number };

const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
const FIXED_LITERAL_LENGTHS = Array.from({ length: 288 }, (_, s) =>
  s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8,
);

function writeItems(writer: BitWriter, items: Item[], literals: number[], distances: number[]) {
  const literalCodes = canonicalCodes(literals);
  const distanceCodes = canonicalCodes(distances);
  for (const item of items) {
    if (typeof item === 'number') writer.code(literalCodes[item], literals[item]);
    else if ('rawBits' in item) writer.bits(item.rawBits, item.count);
    else
      writer
        .code(literalCodes[257], literals[257])
        .code(distanceCodes[item.copy3From], distances[item.copy3From]);
  }
}

/** One dynamic-Huffman block, the last of its stream. */
export interface DynamicBlock {
  literals: number[];
  distances: number[];
  /** The code-length code's lengths, by symbol 0–18: default a complete code of all 19. */
  codeLengths?: number[];
  /** How the lengths are written, `[symbol, extra bits]`: default each length as itself. */
  lengthSymbols?: [number, number?][];
  items: Item[];
}

export function dynamicBlock({
  literals,
  distances,
  codeLengths,
  lengthSymbols,
  items,
}: DynamicBlock): Uint8Array {
  const codeLengthLengths = codeLengths ?? Array.from({ length: 19 }, (_, s) => (s < 13 ? 4 : 5));
  const writer = new BitWriter().bits(1, 1).bits(2, 2);
  writer
    .bits(literals.length - 257, 5)
    .bits(distances.length - 1, 5)
    .bits(19 - 4, 4);
  for (const symbol of CODE_LENGTH_ORDER) writer.bits(codeLengthLengths[symbol]!, 3);
  const codeLengthCodes = canonicalCodes(codeLengthLengths);
  const extraBits: Record<number, number> = { 16: 2, 17: 3, 18: 7 };
  for (const [symbol, extra = 0] of lengthSymbols ?? [...literals, ...distances].map((l): [number] => [l])) {
    writer.code(codeLengthCodes[symbol], codeLengthLengths[symbol]);
    writer.bits(extra, extraBits[symbol] ?? 0);
  }
  writeItems(writer, items, literals, distances);
  return writer.toBytes();
}

/** One fixed-Huffman block, the last of its stream; distance symbols 0–31 may be written. */
export function fixedBlock(items: Item[]): Uint8Array {
  const writer = new BitWriter().bits(1, 1).bits(1, 2);
  writeItems(writer, items, FIXED_LITERAL_LENGTHS, new Array<number>(32).fill(5));
  return writer.toBytes();
}

/** A block of the reserved type 3. */
export function reservedBlock(): Uint8Array {
  return new BitWriter().bits(1, 1).bits(3, 2).bits(0, 13).toBytes();
}

/** A zlib stream around a deflate stream, with the checksum of what it should inflate to. */
export function zlibStream(deflate: Uint8Array, inflated: string): Uint8Array {
  const checksum = adler32(new TextEncoder().encode(inflated));
  return Uint8Array.from([
    0x78,
    0x9c,
    ...deflate,
    checksum >>> 24,
    (checksum >> 16) & 255,
    (checksum >> 8) & 255,
    checksum & 255,
  ]);
}
