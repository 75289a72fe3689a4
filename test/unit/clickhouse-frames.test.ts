import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { cityHash128 } from '../../jobs/cityhash128.ts';
import { compressedFrames, compressedFramesStream, MAX_BLOCK_SIZE } from '../../jobs/clickhouse-frames.ts';

const pattern = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff);
const hex = (n: bigint): string => n.toString(16).padStart(16, '0');

// printed by clickhouse-java's own implementation, com.clickhouse.data.ClickHouseCityHash.cityHash128 from
// com.clickhouse:clickhouse-data 0.10.0 (the jar test/jdbc/pom.xml fetches): [input length, low64, high64]
const PATTERN_VECTORS: [number, string, string][] = [
  [0, '3df09dfc64c09a2b', '3cb540c392e51e29'],
  [1, '8be55b379cce0e40', '05ab4744478b1cba'],
  [2, '701c733aee3382d4', 'ba4eae41e0e6dc7a'],
  [3, 'e407deda7bb0f294', '0a3a0d146e27f1bd'],
  [4, '905dcb2063ae124f', '57fd5b5954a593c5'],
  [5, '69a56895d9ac3ddc', '955b14ec8ac620d5'],
  [7, 'd7ba2459ab7c2913', '53dd430b513ca460'],
  [8, 'f5a4ca47208136a0', '3dd4575b3d46e5ab'],
  [9, '338434c54a2565e1', '1001bbb07bd33771'],
  [15, 'd956065c63d9ab15', '9623caadd0037b73'],
  [16, '3f3a3275564b7f48', 'b48a2a7a16bac60b'],
  [17, 'aee34bf68bb2e0a2', 'e0d6910555f00b87'],
  [31, '9b7f93e5ecfaed63', 'd646e40154fb0d6b'],
  [32, '250e8c8007bfad61', 'e42486b6776ae8db'],
  [33, '4e495b057af3b520', 'abae1d24f18410b5'],
  [63, '361db35b3402a110', '51bf6fff2d8235c5'],
  [64, 'e225cf33b373dc02', '8d252ce5152d6d96'],
  [65, 'fd6ac7f899cfa4de', '4dc66fa894d30552'],
  [127, 'c244dc8a06ce8c41', 'f30e2cf6b33629a6'],
  [128, 'ba863c0c70f32346', '24b156fc6f3c170a'],
  [129, '238598064c8ee2f1', '6c89b9263ef7410b'],
  [143, '59abee69ce16e6a3', '83e91d7a8903bfbe'],
  [144, '2ca82631884c46a7', '71edb8d50338bb1f'],
  [145, '9ccb0be2ac158b86', '027659f0bca6350e'],
  [255, 'c87d0f456f6a514b', 'f35b13ec94eb8a52'],
  [256, 'b1cfa883f958dcfa', '39f0dfb3be182292'],
  [1000, '597ff4957972ad7e', '7f39a4abd7c010e1'],
  [4096, '1bd11ecfd108678f', '723d5024904233bb'],
  [1 << 20, 'd7a7dbcf65ef0f08', '7b45ba5f2ffeff9a'],
];
const TEXT_VECTORS: [string, string, string][] = [
  ['a', 'd27139a1afe01ad0', 'fd7e8ee2e4c86cf6'],
  ['hello', 'bbae8265cd136bef', 'f1881d5ba3f4b5ec'],
  ['ClickHouse', '3704cc81c00bb612', '76d43ac4baf91402'],
  ['Привет, мир! 你好 🌍', '00606f8fd2947632', '2e000a9560326025'],
  ['SELECT 1 FORMAT RowBinaryWithNamesAndTypes', '72598beeb63f0a57', '37e780faaefeb9b2'],
  ['The quick brown fox jumps over the lazy dog. '.repeat(5), 'c41924abd85eaaa7', 'b09ca7d5aba9c88a'],
];
// all bytes 0xff: a byte read as signed would change these
const FF_VECTORS: [number, string, string][] = [
  [1, '87391b724b768afc', 'af824907c647bbfa'],
  [3, '687a30f35f6630d2', '841bd9f591496c68'],
  [8, 'f0a516f415a4784a', 'f4dfa548a6736f6c'],
  [16, '5ed47e346e39198a', '32dd7edd0cede44c'],
  [200, '4aee6a07a1b0f2f1', 'fa3b89463a68d1a9'],
];

// the general LZ4 block format (matches too), so the test does not share the writer's literal-only assumption
function lz4Block(src: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let s = 0;
  let d = 0;
  const length = (n: number): number => {
    if (n !== 15) return n;
    let b: number;
    do n += b = src[s++]!;
    while (b === 255);
    return n;
  };
  for (;;) {
    const token = src[s++]!;
    const literals = length(token >> 4);
    out.set(src.subarray(s, s + literals), d);
    s += literals;
    d += literals;
    if (s >= src.length) break; // the last sequence has no match
    const offset = src[s]! | (src[s + 1]! << 8);
    s += 2;
    const matched = length(token & 15) + 4;
    for (let i = 0; i < matched; i++, d++) out[d] = out[d - offset]!; // byte by byte: a match may overlap itself
  }
  if (d !== size) throw new Error(`lz4 block: ${d} bytes, header says ${size}`);
  return out;
}

// reads frames as clickhouse-java's ClickHouseLZ4InputStream does: checksum first, then method, sizes, payload
function readFrames(frames: Buffer): { data: Buffer; blocks: number[] } {
  const parts: Uint8Array[] = [];
  const blocks: number[] = [];
  for (let at = 0; at < frames.length;) {
    const compressed = frames.readUInt32LE(at + 17);
    const body = frames.subarray(at + 16, at + 16 + compressed);
    const [lo, hi] = cityHash128(body);
    expect([frames.readBigUInt64LE(at), frames.readBigUInt64LE(at + 8)]).toEqual([lo, hi]);
    expect(body[0]).toBe(0x82);
    const size = body.readUInt32LE(5);
    parts.push(lz4Block(body.subarray(9), size));
    blocks.push(size);
    at += 16 + compressed;
  }
  return { data: Buffer.concat(parts), blocks };
}

describe('cityHash128 (ClickHouse CityHash v1.0.2)', () => {
  it.each(PATTERN_VECTORS)('%i bytes of i*31+7 give clickhouse-java values', (n, lo, hi) => {
    expect(cityHash128(pattern(n)).map(hex)).toEqual([lo, hi]);
  });

  it.each(TEXT_VECTORS)('UTF-8 %j gives clickhouse-java values', (text, lo, hi) => {
    expect(cityHash128(new TextEncoder().encode(text)).map(hex)).toEqual([lo, hi]);
  });

  it.each(FF_VECTORS)('%i bytes of 0xff give clickhouse-java values', (n, lo, hi) => {
    expect(cityHash128(new Uint8Array(n).fill(0xff)).map(hex)).toEqual([lo, hi]);
  });

  it('hashes a view at an odd offset as its own bytes', () => {
    const bytes = pattern(1003);
    for (const n of [0, 7, 16, 100, 200, 1000])
      expect(cityHash128(bytes.subarray(3, 3 + n))).toEqual(cityHash128(bytes.slice(3, 3 + n)));
  });
});

describe('compressedFrames', () => {
  it('writes the frame the JDBC driver decoded: checksum low64 then high64, 0x82, sizes, literal-only LZ4', () => {
    // the driver's ClickHouseLZ4InputStream (client-v2 0.10.0) read this back as the input; halves swapped, it refused
    const expected = '29fd52adc3778a779cc6a7912d62fd05821d00000012000000f00368656c6c6f2c20436c69636b486f7573650a';
    expect(compressedFrames(Buffer.from('hello, ClickHouse\n')).toString('hex')).toBe(expected);
  });

  it('lays out the header: compressed size counts its 9 bytes, the checksum covers header and payload', () => {
    const frame = compressedFrames(Buffer.from('hello'));
    expect(frame.length).toBe(16 + 9 + 1 + 5);
    expect([...frame.subarray(16, 26)]).toEqual([0x82, 15, 0, 0, 0, 5, 0, 0, 0, 0x50]);
    expect(frame.subarray(26).toString()).toBe('hello');
    const [lo, hi] = cityHash128(frame.subarray(16));
    expect([frame.readBigUInt64LE(0), frame.readBigUInt64LE(8)]).toEqual([lo, hi]);
  });

  it('gives no frame for no bytes', () => {
    expect(compressedFrames(new Uint8Array(0)).length).toBe(0);
  });

  it.each([1, 14, 15, 16, 269, 270, 271, 524, 525, 100_000])('round-trips %i bytes (literal-length edges)', (n) => {
    const bytes = Buffer.from(pattern(n));
    const { data, blocks } = readFrames(compressedFrames(bytes));
    expect(data.equals(bytes)).toBe(true);
    expect(blocks).toEqual([n]);
  });

  it('writes 255-continuation bytes for long literal runs', () => {
    const frame = compressedFrames(new Uint8Array(15 + 255 + 3));
    expect([...frame.subarray(25, 28)]).toEqual([0xf0, 255, 3]);
  });

  it('splits at 1 MiB, ClickHouse default block size', () => {
    const mib = Buffer.from(pattern(MAX_BLOCK_SIZE * 2 + 1));
    expect(readFrames(compressedFrames(mib.subarray(0, MAX_BLOCK_SIZE))).blocks).toEqual([MAX_BLOCK_SIZE]);
    const { data, blocks } = readFrames(compressedFrames(mib));
    expect(data.equals(mib)).toBe(true);
    expect(blocks).toEqual([MAX_BLOCK_SIZE, MAX_BLOCK_SIZE, 1]);
  });

  it('the test decoder reads matches too', () => {
    // "ab", then offset 2 length 8 (overlapping), then the last 5 bytes as literals
    const block = Uint8Array.from([0x24, 97, 98, 2, 0, 0x50, ...Buffer.from('xyzzy')]);
    expect(Buffer.from(lz4Block(block, 15)).toString()).toBe('abababababxyzzy');
  });
});

describe('compressedFramesStream', () => {
  const framed = (chunks: Uint8Array[]): Promise<Buffer> =>
    buffer(Readable.from(chunks).pipe(compressedFramesStream()));

  it('frames a stream as whole 1 MiB blocks and the rest at the end, whatever the chunking', async () => {
    const bytes = Buffer.from(pattern(MAX_BLOCK_SIZE * 2 + 12_345));
    const chunks: Buffer[] = [];
    for (let at = 0, n = 1; at < bytes.length; at += n, n = (n * 7 + 3) % 300_000)
      chunks.push(bytes.subarray(at, at + n));
    const frames = await framed(chunks);
    expect(frames.equals(compressedFrames(bytes))).toBe(true);
    expect(readFrames(frames).blocks).toEqual([MAX_BLOCK_SIZE, MAX_BLOCK_SIZE, 12_345]);
  });

  it('frames a small result once, at the end', async () => {
    const frames = await framed([Buffer.from('1\t'), Buffer.from('a\n')]);
    expect(readFrames(frames)).toEqual({ data: Buffer.from('1\ta\n'), blocks: [4] });
  });

  it('writes nothing for an empty stream', async () => {
    expect((await framed([])).length).toBe(0);
  });
});
