import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../../schemas/errors.ts';
import { GpuPriceObservation } from '../../../schemas/events/gpu-price-observation.ts';
import { parseDecimal, toText } from '../../../transform/decimal.ts';
import { becloudreadyGeneratedAt, parseGpuPriceSheets } from '../../../ingest/sources/gpu-price-sheets/parse.ts';
import { divideByInt, type GpuSheetParse } from '../../../transform/gpu/gpu-price.ts';
import { readFixture } from '../../helpers/fixtures.ts';

const DIR = 'gpu-price-sheets/becloudready-gpu-price_2026-02-11';
const SHEETS = {
  azure: 'azure_public_prices',
  coreweave: 'coreweave_prices',
  crusoe: 'crusoe_gpu_prices',
  denvr: 'denvr_gpu_prices',
  gcp: 'gcp_public_prices',
  lambda: 'lambda_gpu_prices',
  nebius: 'nebius_prices',
  runpod: 'runpod_gpu_prices',
} as const;
type Provider = keyof typeof SHEETS;

const observed_at = becloudreadyGeneratedAt(readFixture(`${DIR}/meta.json`))!;
const ctx = (file: string) => ({
  source: 'becloudready',
  url: `https://github.com/becloudready/gpu-price/blob/64a1fca6dba/data/${file}`,
  observed_at,
});
const parse = (p: Provider, ext: 'csv' | 'json' = 'csv'): GpuSheetParse =>
  parseGpuPriceSheets(readFixture(`${DIR}/${SHEETS[p]}.${ext}`), ctx(`${SHEETS[p]}.${ext}`));
const csv = Object.fromEntries(Object.keys(SHEETS).map((p) => [p, parse(p as Provider)])) as Record<
  Provider,
  GpuSheetParse
>;
const all = Object.values(csv);
const prices = (p: Provider, model: string): string[] =>
  csv[p].rows.filter((o) => o.gpu_model === model).map((o) => o.usd_per_gpu_hour);

describe('becloudready GPU price sheets', () => {
  it("takes observed_at from meta.json's scrape time", () => {
    expect(observed_at).toBe('2026-02-11T07:11:53.000Z');
    expect(all.flatMap((r) => r.rows).every((o) => o.observed_at === observed_at)).toBe(true);
  });

  it.each([
    ['lambda', 'H100 SXM', ['2.99', '3.09', '3.19', '3.29']], // 8x, 4x, 2x, 1x, each per GPU-hour
    ['lambda', 'H100 PCIe', ['2.49']],
    ['nebius', 'H100 SXM', ['2.95']],
    ['runpod', 'H100 SXM', ['2.69']],
    ['runpod', 'H100 PCIe', ['2.39']],
    ['runpod', 'H100 NVL', ['3.07']],
    ['denvr', 'H100 SXM', ['2.1']], // an 8x instance listed per GPU-hour: not divided again
    ['crusoe', 'H100', ['3.9']],
    ['azure', 'H100', ['5.2']],
    ['gcp', 'H100', ['4.1']],
  ] as const)('%s %s costs %j USD per GPU-hour', (provider, model, expected) => {
    expect(prices(provider, model)).toEqual(expected);
  });

  it('divides a per-instance price by its GPU count, exactly', () => {
    const byModel = (m: string) => csv.coreweave.rows.find((o) => o.gpu_model === m)!;
    expect(byModel('B200')).toMatchObject({
      raw_price: '$68.80',
      raw_unit: 'per_instance_hour',
      gpu_count: 8,
      instance_gpu_count: 8,
      usd_per_gpu_hour: '8.6',
    });
    expect(byModel('H200')).toMatchObject({
      raw_price: '$50.44',
      gpu_count: 8,
      usd_per_gpu_hour: '6.305',
      instance: 'NVIDIA HGX H200',
    });
    expect(byModel('A100 80GB')).toMatchObject({ raw_price: '$21.60', gpu_count: 8, usd_per_gpu_hour: '2.7' });
    expect(byModel('GH200')).toMatchObject({ gpu_count: 1, usd_per_gpu_hour: '6.5' });
    expect(csv.denvr.rows.find((o) => o.gpu_model === 'H100 SXM')).toMatchObject({
      raw_unit: 'per_gpu_hour',
      gpu_count: 1,
      instance_gpu_count: 8,
    });
  });

  it('divideByInt rounds half to even at 12 decimals', () => {
    const div = (x: string, n: number) => toText(divideByInt(parseDecimal(x)!, n));
    expect(div('1', 3)).toBe('0.333333333333');
    expect(div('2', 3)).toBe('0.666666666667');
    expect(div('0.000000000001', 2)).toBe('0'); // 0.5e-12 -> even 0
    expect(div('0.000000000003', 2)).toBe('0.000000000002'); // 1.5e-12 -> even 2
    expect(div('50.44', 8)).toBe('6.305');
    expect(div('-1', 3)).toBe('-0.333333333333');
  });

  it("rejects Lambda's rows without a price, one reject each", () => {
    const empty = csv.lambda.rejects.filter((r) => r.reason === 'empty_price');
    expect(empty).toHaveLength(6);
    expect(csv.lambda.rejects).toHaveLength(6);
    expect(empty.map((r) => (r.record as { product: string }).product)).toEqual([
      'On-Demand',
      'Reserved',
      'Reserved',
      'Reserved',
      'On-Demand',
      'Reserved',
    ]);
    expect(csv.lambda.rows).toHaveLength(22);
  });

  it('counts rejects and skips by reason over all eight sheets', () => {
    const count = (reasons: string[]) =>
      reasons.reduce<Record<string, number>>((m, r) => ({ ...m, [r]: (m[r] ?? 0) + 1 }), {});
    expect(count(all.flatMap((r) => r.rejects.map((x) => x.reason)))).toEqual({
      empty_price: 15,
      missing_gpu_count: 1,
      ambiguous_series: 2,
    });
    expect(csv.coreweave.rejects[0]).toMatchObject({
      reason: 'missing_gpu_count',
      record_ref: 'coreweave:NVIDIA GB200 NVL72#row1',
    });
    // Crusoe's two 'NVIDIA A100' 80GB rows (1.95, 1.65) cannot be told apart, so neither is stored
    expect(
      csv.crusoe.rejects
        .filter((r) => r.reason === 'ambiguous_series')
        .map((r) => (r.record as { price_per_hour_usd: string }).price_per_hour_usd),
    ).toEqual(['1.95', '1.65']);
    expect(csv.crusoe.skipped).toEqual({ not_a_gpu_product: 13 });
    expect(all.reduce((n, r) => n + r.rows.length, 0)).toBe(71);
  });

  it('every observation fits the event schema, with one observation per series', () => {
    const obs = all.flatMap((r) => r.rows);
    for (const o of obs) expect(GpuPriceObservation.safeParse(o).error).toBeUndefined();
    expect(new Set(obs.map((o) => o.series_key)).size).toBe(obs.length);
    expect(parse('lambda').rows.map((o) => o.event_id)).toEqual(csv.lambda.rows.map((o) => o.event_id));
  });

  it('the JSON sheets and merged_prices.json give the same prices as the CSVs', () => {
    const key = (r: GpuSheetParse) => r.rows.map((o) => `${o.series_key}=${o.usd_per_gpu_hour}`).sort();
    for (const p of Object.keys(SHEETS) as Provider[]) expect(key(parse(p, 'json'))).toEqual(key(csv[p]));
    const merged = parseGpuPriceSheets(readFixture(`${DIR}/merged_prices.json`), ctx('merged_prices.json'));
    expect(key(merged)).toEqual(all.flatMap((r) => key(r)).sort());
  });

  it('rejects implausible prices and keeps going', () => {
    const sheet = [
      'provider,product,gpu_count,vram_gb,vcpus,system_ram_gb,local_storage_tb,price_per_hour_usd',
      'runpod,H100 SXM,,80,,,,0',
      'runpod,H100 PCIe,,80,,,,250',
      'runpod,"H200, 141GB",,141,,,,abc',
      'runpod,Mystery X1,,64,,,,1.0',
      'runpod,L4,,24,,,,0.39',
    ].join('\r\n');
    const r = parseGpuPriceSheets(sheet, ctx('t.csv'));
    expect(r.rejects.map((x) => x.reason)).toEqual([
      'price_out_of_band',
      'price_out_of_band',
      'unparseable_price',
      'unknown_gpu_model',
    ]);
    expect(r.rows.map((o) => o.usd_per_gpu_hour)).toEqual(['0.39']);
  });

  it.each([
    '',
    'not,a,price,sheet\n1,2,3,4',
    '<html><body>rate limited</body></html>',
    '[]',
    '[{"foo": 1}]',
    '[{"product": "x"',
  ])('throws PermanentError when no price row is recognisable: %j', (payload) => {
    expect(() => parseGpuPriceSheets(payload, ctx('x'))).toThrow(PermanentError);
  });
});
