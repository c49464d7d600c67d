import { createHash } from 'node:crypto';
import { deflateRawSync, deflateSync, inflateSync } from 'node:zlib';
import { Api } from 'tls-sig-api-v2';
import { describe, expect, it } from 'vitest';
import { adler32, inflateZlib } from '../src/zlib';
import { dynamicBlock, fixedBlock, type Item, lengthsOf, reservedBlock, zlibStream } from './deflate-writer';
import { SDK_APP_ID, SECRET_KEY } from './support';

const LARGE = 1 << 14;

/** What Node's zlib (standard zlib) makes of `data`: the inflated bytes, or `undefined` when it refuses them. */
function nodeInflate(data: Uint8Array): Buffer | undefined {
  try {
    return inflateSync(data);
  } catch {
    return undefined;
  }
}

function ourInflate(data: Uint8Array): Buffer | undefined {
  try {
    return Buffer.from(inflateZlib(data, LARGE));
  } catch {
    return undefined;
  }
}

/** Every variant of `data` with one bit flipped. */
function* bitFlips(data: Uint8Array) {
  for (let at = 0; at < data.length; at += 1) {
    for (let bit = 0; bit < 8; bit += 1) {
      const flipped = Uint8Array.from(data);
      flipped[at]! ^= 1 << bit;
      yield flipped;
    }
  }
}

const userSigBytes = (userSig: string) =>
  Buffer.from(userSig.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '='), 'base64');
/** A stored block that is not the last, then a compressed one: deflateSync alone writes a single block here. */
function twoBlocks(first: Buffer, second: Buffer): Buffer {
  const stored = deflateRawSync(first, { level: 0 });
  stored[0] = 0; // BFINAL 0, BTYPE 00
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(adler32(Buffer.concat([first, second])));
  return Buffer.concat([Buffer.from([0x78, 0x9c]), stored, deflateRawSync(second), checksum]);
}

const text = 'The quick brown fox jumps over the lazy dog; the lazy dog sleeps. '.repeat(12);

// One stream of each block type zlib writes, and the UserSigs the service reads.
const streams: [string, Uint8Array][] = [
  ['a UserSig', userSigBytes(new Api(SDK_APP_ID, SECRET_KEY).genUserSig('alice', 3600))],
  [
    'a UserSig with a userbuf',
    userSigBytes(new Api(SDK_APP_ID, SECRET_KEY).genPrivateMapKey('bob', 60, 7, 255)),
  ],
  ['fixed Huffman codes', deflateSync('abcabcabcabc-xyz')],
  ['dynamic Huffman codes', deflateSync(text)],
  ['stored blocks', deflateSync(Buffer.from(text.slice(0, 100)), { level: 0 })],
  ['two blocks', twoBlocks(Buffer.from('stored first'), Buffer.from(text))],
  ['nothing', deflateSync(Buffer.alloc(0))],
];

describe('inflateZlib', () => {
  it.each(streams)('inflates %s as zlib does', (_, data) => {
    expect(Buffer.from(inflateZlib(data, LARGE))).toEqual(inflateSync(data));
  });

  it.each(streams)('refuses exactly what zlib refuses among the one-bit corruptions of %s', (_, data) => {
    const differences: string[] = [];
    let refused = 0;
    for (const variant of bitFlips(data)) {
      const ours = ourInflate(variant);
      const zlib = nodeInflate(variant);
      if (!zlib) refused += 1;
      if (ours === undefined ? zlib !== undefined : !zlib?.equals(ours)) {
        differences.push(`${Buffer.from(variant).toString('hex')}: ours ${ours ? 'inflates' : 'refuses'}`);
      }
    }
    expect(refused).toBeGreaterThan(0);
    expect(differences.slice(0, 5)).toEqual([]);
  });

  it('refuses every truncation, and ignores bytes after the checksum as zlib does', () => {
    const data = streams[0]![1];
    // Adler-32 of the byte 255 ends in a 0 byte: reading one byte past the end must not pass for it.
    const endsInZero = deflateSync(Buffer.from([255]));
    expect(endsInZero.at(-1)).toBe(0);
    for (const stream of [data, endsInZero]) {
      for (let length = 2; length < stream.length; length += 1) {
        expect(() => inflateZlib(stream.subarray(0, length), LARGE), `${length} bytes`).toThrow(
          new Error('zlib: unexpected end of data'),
        );
      }
    }
    expect(() => inflateZlib(data.subarray(0, 1), LARGE)).toThrow(new Error('zlib: invalid header'));
    const trailing = Buffer.concat([data, Buffer.from([1, 2, 3])]);
    expect(Buffer.from(inflateZlib(trailing, LARGE))).toEqual(inflateSync(trailing));
  });

  it.each([
    ['a method other than deflate', [0x79, 0x9c], 'invalid header'],
    ['a window larger than 32 kB', [0x88, 0x98], 'invalid header'],
    ['a header check that does not divide by 31', [0x78, 0x9d], 'invalid header'],
    ['a preset dictionary', [0x78, 0xbb], 'invalid header'],
  ])('refuses a header with %s', (_, header, reason) => {
    const data = Uint8Array.from([...header, ...deflateRawSync('x'), 0, 0x79, 0, 0x79]);
    expect(nodeInflate(data)).toBeUndefined();
    expect(() => inflateZlib(data, LARGE)).toThrow(new Error(`zlib: ${reason}`));
  });

  it('refuses a stored block whose length is not confirmed by its complement', () => {
    const data = Uint8Array.from(deflateSync('stored', { level: 0 }));
    data[5]! ^= 1; // NLEN
    expect(nodeInflate(data)).toBeUndefined();
    expect(() => inflateZlib(data, LARGE)).toThrow(new Error('zlib: invalid stored block lengths'));
  });

  it('stops with a RangeError as soon as the output passes the limit, however much more there is', () => {
    const bomb = deflateSync(Buffer.alloc(8 << 20));
    expect(() => inflateZlib(bomb, 4096)).toThrow(new RangeError('zlib: inflates to more than 4096 bytes'));

    const exact = deflateSync(Buffer.alloc(4096, 7));
    expect(inflateZlib(exact, 4096)).toEqual(new Uint8Array(4096).fill(7));
    expect(() => inflateZlib(exact, 4095)).toThrow(RangeError);
    expect(() => inflateZlib(deflateSync(text), 4096)).not.toThrow();
  });
});

describe('inflateZlib, rule by rule, against zlib', () => {
  // 'a', 'b', the end of the block and a 3-byte copy: a complete code.
  const literals = { 97: 1, 98: 3, 256: 3, 257: 2 };
  const ab = lengthsOf(258, literals);
  const abbbb: Item[] = [97, 98, { copy3From: 0 }, 256];
  const block = (overrides: Partial<Parameters<typeof dynamicBlock>[0]>) =>
    dynamicBlock({ literals: ab, distances: [1, 1], items: abbbb, ...overrides });
  // 'a', 'b', 97 zeros…: every length run written with the repeat symbols, the last one ending on the last length.
  const repeats: [number, number?][] = [[18, 86], [1], [3], [18, 127], [18, 8], [3], [2], [1], [1], [17, 0]];

  it.each([
    ['a complete code', block({}), 'abbbb'],
    ['286 literal/length codes', block({ literals: lengthsOf(286, literals) }), 'abbbb'],
    ['30 distance codes', block({ distances: lengthsOf(30, { 0: 1, 1: 1 }) }), 'abbbb'],
    [
      'lengths written with repeats that end on the last length',
      block({ distances: [1, 1, 0, 0, 0], lengthSymbols: repeats }),
      'abbbb',
    ],
    [
      'a single one-bit literal/length code (only the end of the block)',
      block({ literals: lengthsOf(257, { 256: 1 }), distances: [0], items: [256] }),
      '',
    ],
    ['a single one-bit distance code', block({ distances: [1] }), 'abbbb'],
    ['no distance code, literals only', block({ distances: [0], items: [97, 98, 256] }), 'ab'],
    ['a fixed block copying from its very first byte', fixedBlock([97, 98, { copy3From: 1 }, 256]), 'ababa'],
  ] as const)('inflates %s, as zlib does', (_, deflate, output) => {
    const stream = zlibStream(deflate, output);
    expect(nodeInflate(stream)?.toString()).toBe(output);
    expect(Buffer.from(inflateZlib(stream, LARGE)).toString()).toBe(output);
  });

  it.each([
    [
      '287 literal/length codes',
      block({ literals: lengthsOf(287, literals) }),
      'too many length or distance symbols',
    ],
    [
      '31 distance codes',
      block({ distances: lengthsOf(31, { 0: 1, 1: 1 }) }),
      'too many length or distance symbols',
    ],
    ['a repeat before any length', block({ lengthSymbols: [[16, 0]] }), 'repeat with no length before it'],
    [
      'a repeat past the last length',
      block({
        lengthSymbols: [
          [18, 127],
          [18, 127],
        ],
      }),
      'repeat past the last length',
    ],
    [
      'no end-of-block code',
      block({ literals: lengthsOf(258, { 97: 1, 98: 2, 257: 2 }), items: [] }),
      'no end-of-block code',
    ],
    [
      'an over-subscribed literal/length code',
      block({ literals: lengthsOf(257, { 97: 1, 98: 1, 256: 1 }), items: [] }),
      'over-subscribed code',
    ],
    [
      'an incomplete literal/length code',
      block({ literals: lengthsOf(257, { 97: 1, 256: 2 }), items: [] }),
      'incomplete code',
    ],
    ['an incomplete distance code', block({ distances: [1, 2] }), 'incomplete code'],
    [
      'an incomplete code-length code',
      block({ codeLengths: lengthsOf(19, { 0: 2, 1: 2, 2: 3, 3: 3 }) }),
      'incomplete code',
    ],
    ['literal/length code 286 in a fixed block', fixedBlock([97, 286]), 'invalid literal/length code'],
    [
      'distance code 30 in a fixed block',
      fixedBlock([97, 98, 99, { copy3From: 30 }]),
      'invalid distance code',
    ],
    ['a copy from before the first byte', fixedBlock([97, { copy3From: 1 }, 256]), 'distance too far back'],
    ['the reserved block type', reservedBlock(), 'invalid block type'],
    [
      'a code no symbol has',
      block({
        literals: lengthsOf(257, { 256: 1 }),
        distances: [0],
        items: [{ rawBits: 0x7fff, count: 15 }],
      }),
      'invalid code',
    ],
  ] as const)('refuses %s, as zlib does', (_, deflate, reason) => {
    const stream = zlibStream(deflate, '');
    expect(nodeInflate(stream)).toBeUndefined();
    expect(() => inflateZlib(stream, LARGE)).toThrow(new Error(`zlib: ${reason}`));
  });

  it('refuses a stream whose checksum is not that of what it inflates to, as zlib does', () => {
    const stream = zlibStream(block({}), 'abbbc');
    expect(nodeInflate(stream)).toBeUndefined();
    expect(() => inflateZlib(stream, LARGE)).toThrow(new Error('zlib: incorrect Adler-32 checksum'));
  });

  it('reaches back as far as deflate can (distance code 29)', () => {
    // 25,000 bytes without a repeat, then its first 200 again: a match 25,000 bytes back.
    const noise = Buffer.concat(
      Array.from({ length: 782 }, (_, i) => createHash('sha256').update(String(i)).digest()),
    ).subarray(0, 25_000);
    const data = Buffer.concat([noise, noise.subarray(0, 200)]);
    expect(Buffer.from(inflateZlib(deflateSync(data), data.length))).toEqual(data);
  });
});

describe('adler32', () => {
  it('is the checksum zlib writes', () => {
    for (const input of ['', 'a', 'Wikipedia', text, 'x'.repeat(100_000)]) {
      const data = deflateSync(input);
      expect(adler32(Buffer.from(input))).toBe(data.readUInt32BE(data.length - 4));
    }
  });
});
