import { describe, expect, it } from 'vitest';
import { compare, decimalFromNumber, parseDecimal, round, shift, subtract, toText } from '../../transform/decimal.ts';

const perTokenToPerMillion = (n: number): string => toText(shift(decimalFromNumber(n)!, 6));

describe('exact decimals', () => {
  it.each([
    [5e-6, '5'],
    [1.5e-5, '15'],
    [1.5e-7, '0.15'],
    [6e-7, '0.6'],
    [3e-5, '30'],
    [2.5e-6, '2.5'],
    [1.25e-7, '0.125'],
    [3.5e-10, '0.00035'],
    [0, '0'],
  ])('%s USD per token is %s USD per 1M, with no float drift', (perToken, perMillion) => {
    expect(perTokenToPerMillion(perToken)).toBe(perMillion);
  });

  it('parses strings, exponents and signs', () => {
    expect(toText(parseDecimal('0.0000025')!)).toBe('0.0000025');
    expect(toText(parseDecimal(' 1.5E-7 ')!)).toBe('0.00000015');
    expect(toText(parseDecimal('-1')!)).toBe('-1');
    expect(toText(parseDecimal('1e3')!)).toBe('1000');
    expect(toText(parseDecimal('.5')!)).toBe('0.5');
  });

  it.each(['', 'abc', '1.2.3', 'NaN', 'Infinity', '$5', '5 USD'])('rejects %j', (text) => {
    expect(parseDecimal(text)).toBeNull();
  });

  it('rejects non-finite numbers', () => {
    expect(decimalFromNumber(Number.NaN)).toBeNull();
    expect(decimalFromNumber(Number.POSITIVE_INFINITY)).toBeNull();
  });

  it('rounds half to even at the column scale', () => {
    expect(toText(round(parseDecimal('0.0000000000125')!, 12))).toBe('0.000000000012');
    expect(toText(round(parseDecimal('0.0000000000135')!, 12))).toBe('0.000000000014');
    expect(toText(round(parseDecimal('2.5')!, 0))).toBe('2');
  });

  it('subtracts and compares exactly', () => {
    const a = parseDecimal('2.5')!;
    const b = parseDecimal('5')!;
    expect(toText(subtract(a, b))).toBe('-2.5');
    expect(compare(a, b)).toBe(-1);
    expect(compare(parseDecimal('0.10')!, parseDecimal('0.1')!)).toBe(0);
    expect(toText(shift(parseDecimal('0.03')!, -3))).toBe('0.00003');
  });
});
