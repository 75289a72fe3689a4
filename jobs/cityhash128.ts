// CityHash128 exactly as ClickHouse bundles it (contrib/cityhash102, CityHash v1.0.2): the checksum of its compressed
// frames. Later CityHash versions give other values. A 64-bit word is two 32-bit halves, since BigInt arithmetic
// would make the 128-byte loop tens of times slower

/** A 64-bit word as two 32-bit halves; read-only, so constants and operands cannot be changed by mistake. */
interface Word {
  readonly hi: number;
  readonly lo: number;
}

// halves are kept as signed int32 (x | 0): V8 stores those unboxed, while uint32 above 2^31 would box on every write
class U64 implements Word {
  constructor(
    public hi = 0,
    public lo = 0,
  ) {}

  static of(w: Word): U64 {
    return new U64(w.hi, w.lo);
  }

  set(w: Word): this {
    this.hi = w.hi;
    this.lo = w.lo;
    return this;
  }

  // little-endian, as ClickHouse reads the bytes on x86-64 and arm64
  load(s: DataView, at: number): this {
    this.lo = s.getInt32(at, true);
    this.hi = s.getInt32(at + 4, true);
    return this;
  }

  add(w: Word): this {
    const lo = (this.lo >>> 0) + (w.lo >>> 0);
    this.hi = (this.hi + w.hi + (lo > 0xffffffff ? 1 : 0)) | 0;
    this.lo = lo | 0;
    return this;
  }

  sub(w: Word): this {
    const lo = (this.lo >>> 0) - (w.lo >>> 0);
    this.hi = (this.hi - w.hi - (lo < 0 ? 1 : 0)) | 0;
    this.lo = lo | 0;
    return this;
  }

  xor(w: Word): this {
    this.hi ^= w.hi;
    this.lo ^= w.lo;
    return this;
  }

  // the low 32 x 32 product in 16-bit pieces, so no partial sum passes 2^53; the cross terms only need their low half
  mul(w: Word): this {
    const a0 = this.lo & 0xffff;
    const a1 = this.lo >>> 16;
    const b0 = w.lo & 0xffff;
    const b1 = w.lo >>> 16;
    const p00 = a0 * b0;
    const p10 = a1 * b0 + (p00 >>> 16);
    const p01 = a0 * b1 + (p10 & 0xffff);
    const carry = a1 * b1 + (p10 >>> 16) + (p01 >>> 16);
    this.hi = (carry + Math.imul(this.hi, w.lo) + Math.imul(this.lo, w.hi)) | 0;
    this.lo = (p01 << 16) | (p00 & 0xffff);
    return this;
  }

  // rotate right by 0 to 63 (0 leaves the word, as CityHash's Rotate does); JS masks shift counts to 5 bits
  rotr(n: number): this {
    const hi = n >= 32 ? this.lo : this.hi;
    const lo = n >= 32 ? this.hi : this.lo;
    const k = n & 31;
    this.hi = k === 0 ? hi : (hi >>> k) | (lo << (32 - k));
    this.lo = k === 0 ? lo : (lo >>> k) | (hi << (32 - k));
    return this;
  }

  // shift left by 1 to 31
  shl(n: number): this {
    this.hi = (this.hi << n) | (this.lo >>> (32 - n));
    this.lo <<= n;
    return this;
  }

  // x ^ (x >> 47)
  shiftMix(): this {
    this.lo ^= this.hi >>> 15;
    return this;
  }
}

// constants are registers too, typed read-only, so every operation sees one object shape
const word = (hi: number, lo: number): Word => new U64(hi | 0, lo | 0);
// a length as a word; block lengths stay far below 2^53
const fromNumber = (n: number): U64 => new U64(Math.floor(n / 2 ** 32) | 0, n | 0);

const K0 = word(0xc3a5c85c, 0x97cb3127);
const K1 = word(0xb492b66f, 0xbe98f273);
const K2 = word(0x9ae16a3b, 0x2f90404f);
const K3 = word(0xc949d7c7, 0x509e6557);
const K_MUL = word(0x9ddfea08, 0xeb382d69);

// Hash128to64: Murmur-style mixing of two words into one
function hashLen16(u: Word, v: Word): U64 {
  const a = U64.of(u).xor(v).mul(K_MUL).shiftMix();
  return U64.of(v).xor(a).mul(K_MUL).shiftMix().mul(K_MUL);
}

function hashLen0to16(s: DataView, at: number, len: number): U64 {
  if (len > 8) {
    const a = new U64().load(s, at);
    const b = new U64().load(s, at + len - 8);
    return hashLen16(a, U64.of(b).add(fromNumber(len)).rotr(len)).xor(b);
  }
  if (len >= 4) {
    const a = new U64(0, s.getUint32(at, true));
    return hashLen16(fromNumber(len).add(a.shl(3)), new U64(0, s.getUint32(at + len - 4, true)));
  }
  if (len > 0) {
    const y = s.getUint8(at) + (s.getUint8(at + (len >> 1)) << 8);
    const z = len + (s.getUint8(at + len - 1) << 2);
    return fromNumber(y).mul(K2).xor(fromNumber(z).mul(K3)).shiftMix().mul(K2);
  }
  return U64.of(K2);
}

// WeakHashLen32WithSeeds over s[at..at+32) into (outA, outB); seeds are copied first, so they may be the outputs
const seedA = new U64();
const seedB = new U64();
const w1 = new U64();
const w2 = new U64();
const w3 = new U64();
const w4 = new U64();
const keep = new U64();
const turn = new U64();
function weakHash32(outA: U64, outB: U64, s: DataView, at: number, a: Word, b: Word): void {
  seedA.set(a);
  seedB.set(b);
  w1.load(s, at);
  w2.load(s, at + 8);
  w3.load(s, at + 16);
  w4.load(s, at + 24);
  seedA.add(w1);
  seedB.add(seedA).add(w4).rotr(21);
  keep.set(seedA);
  seedA.add(w2).add(w3);
  seedB.add(turn.set(seedA).rotr(44));
  outA.set(seedA).add(w4);
  outB.set(seedB).add(keep);
}

// ShiftMix(Fetch64(s) * k1) * k1, CityMurmur's mix of each word
const mixed = (into: U64, s: DataView, at: number): U64 => into.load(s, at).mul(K1).shiftMix().mul(K1);

// CityMurmur: the whole hash for inputs under 128 bytes (after the seed's 16)
function cityMurmur(s: DataView, at: number, len: number, seedLo: Word, seedHi: Word): [U64, U64] {
  let a = U64.of(seedLo);
  let b = U64.of(seedHi);
  let c: U64;
  let d: U64;
  if (len <= 16) {
    a.mul(K1).shiftMix().mul(K1);
    c = U64.of(b)
      .mul(K1)
      .add(hashLen0to16(s, at, len));
    d = U64.of(a)
      .add(len >= 8 ? new U64().load(s, at) : c)
      .shiftMix();
  } else {
    c = hashLen16(new U64().load(s, at + len - 8).add(K1), a);
    d = hashLen16(U64.of(b).add(fromNumber(len)), U64.of(c).add(new U64().load(s, at + len - 16)));
    a.add(d);
    const t = new U64();
    for (let p = at, left = len - 16; left > 0; p += 16, left -= 16) {
      a.xor(mixed(t, s, p)).mul(K1);
      b.xor(a);
      c.xor(mixed(t, s, p + 8)).mul(K1);
      d.xor(c);
    }
  }
  a = hashLen16(a, c);
  b = hashLen16(d, b);
  return [U64.of(a).xor(b), hashLen16(b, a)];
}

function cityHash128WithSeed(s: DataView, at: number, len: number, seedLo: Word, seedHi: Word): [U64, U64] {
  if (len < 128) return cityMurmur(s, at, len, seedLo, seedHi);
  let x = U64.of(seedLo);
  let z = fromNumber(len).mul(K1);
  const y = U64.of(seedHi);
  const v0 = U64.of(y).xor(K1).rotr(49).mul(K1).add(new U64().load(s, at));
  const v1 = U64.of(v0)
    .rotr(42)
    .mul(K1)
    .add(new U64().load(s, at + 8));
  const u0 = U64.of(y).add(z).rotr(35).mul(K1).add(x);
  const u1 = U64.of(x)
    .add(new U64().load(s, at + 88))
    .rotr(53)
    .mul(K1);
  const t = new U64();
  const t2 = new U64();
  // the C loop takes 128 bytes as two identical 64-byte rounds
  let p = at;
  for (; len >= 128; len -= 128) {
    for (let round = 0; round < 2; round++, p += 64) {
      x.add(y)
        .add(v0)
        .add(t.load(s, p + 16))
        .rotr(37)
        .mul(K1);
      y.add(v1)
        .add(t.load(s, p + 48))
        .rotr(42)
        .mul(K1);
      x.xor(u1);
      y.xor(v0);
      z.xor(u0).rotr(33);
      weakHash32(v0, v1, s, p, t.set(v1).mul(K1), t2.set(x).add(u0));
      weakHash32(u0, u1, s, p + 32, t.set(z).add(u1), y);
      const swap = x;
      x = z;
      z = swap;
    }
  }
  y.add(t.set(u0).rotr(37).mul(K0)).add(z);
  x.add(t.set(v0).add(z).rotr(49).mul(K0));
  // up to four 32-byte pieces from the end; they may reach back into bytes the loop already took, as in C
  for (let done = 0; done < len;) {
    done += 32;
    y.sub(x).rotr(42).mul(K0).add(v1);
    u0.add(t.load(s, p + len - done + 16));
    x.rotr(49).mul(K0).add(u0);
    u0.add(v0);
    weakHash32(v0, v1, s, p + len - done, v0, v1);
  }
  const hx = hashLen16(x, v0);
  const hy = hashLen16(y, u0);
  return [hashLen16(U64.of(hx).add(v1), u1).add(hy), hashLen16(U64.of(hx).add(u1), U64.of(hy).add(v1))];
}

const toBigInt = (w: Word): bigint => (BigInt(w.hi >>> 0) << 32n) | BigInt(w.lo >>> 0);

/** ClickHouse's CityHash128 (v1.0.2) of the bytes, as its low and high 64-bit halves. */
export function cityHash128(bytes: Uint8Array): [lo: bigint, hi: bigint] {
  const s = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = bytes.byteLength;
  let h: [U64, U64];
  if (len >= 16) {
    const lo = new U64().load(s, 0).xor(K3);
    h = cityHash128WithSeed(s, 16, len - 16, lo, new U64().load(s, 8));
  } else if (len >= 8) {
    const lo = new U64().load(s, 0).xor(fromNumber(len).mul(K0));
    h = cityHash128WithSeed(s, 0, 0, lo, new U64().load(s, len - 8).xor(K1));
  } else {
    h = cityHash128WithSeed(s, 0, len, K0, K1);
  }
  return [toBigInt(h[0]), toBigInt(h[1])];
}
