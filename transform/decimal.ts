// exact decimal arithmetic on text: prices never pass through binary floats on their way to ClickHouse

export interface Decimal {
  coef: bigint;
  scale: number;
} // value = coef / 10^scale

const DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

export function parseDecimal(text: string): Decimal | null {
  const m = DECIMAL_RE.exec(text.trim());
  if (!m) return null;
  const [, sign = '', int = '', frac = '', exp = '0'] = m;
  if (int === '' && frac === '') return null;
  const digits = `${int}${frac}`.replace(/^0+(?=\d)/, '');
  let scale = frac.length - Number(exp);
  let coef = BigInt(digits) * (sign === '-' ? -1n : 1n);
  if (scale < 0) {
    coef *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return normalize({ coef, scale });
}

/** JSON numbers: String(n) is the shortest text that round-trips, which is what the publisher wrote. */
export function decimalFromNumber(n: number): Decimal | null {
  return Number.isFinite(n) ? parseDecimal(String(n)) : null;
}

export function normalize(d: Decimal): Decimal {
  let { coef, scale } = d;
  while (scale > 0 && coef % 10n === 0n) {
    coef /= 10n;
    scale -= 1;
  }
  return { coef, scale };
}

export function shift(d: Decimal, pow10: number): Decimal {
  return pow10 >= 0
    ? normalize(
        d.scale >= pow10
          ? { coef: d.coef, scale: d.scale - pow10 }
          : { coef: d.coef * 10n ** BigInt(pow10 - d.scale), scale: 0 },
      )
    : normalize({ coef: d.coef, scale: d.scale - pow10 });
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.coef * 10n ** BigInt(scale - a.scale), b.coef * 10n ** BigInt(scale - b.scale), scale];
}

export function multiply(a: Decimal, b: Decimal): Decimal {
  return normalize({ coef: a.coef * b.coef, scale: a.scale + b.scale });
}

export function compare(a: Decimal, b: Decimal): number {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function add(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = align(a, b);
  return normalize({ coef: x + y, scale });
}

export function subtract(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = align(a, b);
  return normalize({ coef: x - y, scale });
}

/** Rounds half to even to at most maxScale decimals. */
export function round(d: Decimal, maxScale: number): Decimal {
  if (d.scale <= maxScale) return d;
  const div = 10n ** BigInt(d.scale - maxScale);
  let q = d.coef / div;
  const r = d.coef % div;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice > div || (twice === div && q % 2n !== 0n)) q += d.coef < 0n ? -1n : 1n;
  return normalize({ coef: q, scale: maxScale });
}

export function toText(d: Decimal): string {
  const neg = d.coef < 0n;
  const digits = (neg ? -d.coef : d.coef).toString().padStart(d.scale + 1, '0');
  const int = digits.slice(0, digits.length - d.scale);
  const frac = digits.slice(digits.length - d.scale);
  return `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

export function toNumber(d: Decimal): number {
  return Number(toText(d));
}

export const isNegative = (d: Decimal): boolean => d.coef < 0n;
export const isZero = (d: Decimal): boolean => d.coef === 0n;
