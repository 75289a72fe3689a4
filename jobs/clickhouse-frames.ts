// ClickHouse's compressed frames (CompressedWriteBuffer), which the HTTP interface writes for compress=1 and JDBC asks
// for by default. A frame: 16-byte CityHash128 checksum (low half, then high, little-endian), then the method byte,
// the compressed size (header included) and the uncompressed size as uint32 LE, then an LZ4 block
import { Transform } from 'node:stream';
import { cityHash128 } from './cityhash128.ts';

const CHECKSUM = 16;
const HEADER = 9; // method + compressed size + uncompressed size, all covered by the checksum
const LZ4 = 0x82;
// ClickHouse's max_compress_block_size default; readers size their buffers by it
export const MAX_BLOCK_SIZE = 1 << 20;

// one literal-only sequence: the token's 15 means "more length follows" in bytes of 255 and a last one below 255
const lengthBytes = (n: number): number => (n < 15 ? 0 : Math.floor((n - 15) / 255) + 1);
const frameSize = (n: number): number => CHECKSUM + HEADER + 1 + lengthBytes(n) + n;

// a valid LZ4 block without matches: no compression, but no search either, so it costs little more than a copy
function writeFrame(block: Uint8Array, out: Buffer, at: number): number {
  const n = block.length;
  const size = frameSize(n);
  out[at + CHECKSUM] = LZ4;
  out.writeUInt32LE(size - CHECKSUM, at + CHECKSUM + 1);
  out.writeUInt32LE(n, at + CHECKSUM + 5);
  let p = at + CHECKSUM + HEADER;
  out[p++] = Math.min(n, 15) << 4;
  if (n >= 15) {
    const full = Math.floor((n - 15) / 255);
    out.fill(255, p, p + full);
    p += full;
    out[p++] = (n - 15) % 255;
  }
  out.set(block, p);
  const [lo, hi] = cityHash128(out.subarray(at + CHECKSUM, at + size));
  out.writeBigUInt64LE(lo, at);
  out.writeBigUInt64LE(hi, at + 8);
  return at + size;
}

/** The bytes as ClickHouse's compressed frames, one per block of at most MAX_BLOCK_SIZE; none for no bytes. */
export function compressedFrames(chunk: Uint8Array): Buffer {
  let total = 0;
  for (let i = 0; i < chunk.length; i += MAX_BLOCK_SIZE) total += frameSize(Math.min(MAX_BLOCK_SIZE, chunk.length - i));
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (let i = 0; i < chunk.length; i += MAX_BLOCK_SIZE)
    at = writeFrame(chunk.subarray(i, i + MAX_BLOCK_SIZE), out, at);
  return out;
}

/** A byte stream turned into compressed frames: full blocks as they fill, the rest at the end. */
export function compressedFramesStream(): Transform {
  let pending: Buffer[] = [];
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      pending.push(chunk);
      size += chunk.length;
      if (size < MAX_BLOCK_SIZE) return done();
      const all = Buffer.concat(pending, size);
      const whole = size - (size % MAX_BLOCK_SIZE);
      pending = whole < size ? [all.subarray(whole)] : [];
      size -= whole;
      done(null, compressedFrames(all.subarray(0, whole)));
    },
    flush(done) {
      done(null, size > 0 ? compressedFrames(Buffer.concat(pending, size)) : undefined);
    },
  });
}
