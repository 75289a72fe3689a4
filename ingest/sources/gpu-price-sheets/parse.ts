import { PermanentError } from '../../../schemas/errors.ts';
import type { GpuRawUnit } from '../../../schemas/events/gpu-price-observation.ts';
import { parseCsv } from '../../../transform/csv.ts';
import { compare, parseDecimal } from '../../../transform/decimal.ts';
import { countSkip } from '../../../transform/price-point.ts';
import { canonicalGpuModel } from '../../../transform/gpu/gpu-models.ts';
import {
  buildObservation,
  canonicalGpuProvider,
  divideByInt,
  inPriceBand,
  isoUtc,
  type GpuParseContext,
  type GpuSheetParse,
} from '../../../transform/gpu/gpu-price.ts';

// becloudready/gpu-price data/<provider>_*.csv (or .json, or merged_prices.json): one row per product,
// columns provider, product, gpu_count, vram_gb, vcpus, system_ram_gb, local_storage_tb, price_per_hour_usd[, raw_price].
// CSV and JSON hold the same rows; the CSV keeps the published decimal text ('3.40', '192.0') where JSON goes through floats.

type Row = Record<string, string | null>;

// the column says "per hour" for every provider, but the scraped pages differ: CoreWeave, Azure and GCP price the
// instance (8x B200 at $68.80), the others price one GPU (Denvr's 8x H100 SXM at $2.10, Lambda's 8x at $2.99)
const PRICE_UNIT: Record<string, GpuRawUnit> = {
  coreweave: 'per_instance_hour',
  azure: 'per_instance_hour',
  gcp: 'per_instance_hour',
  lambda: 'per_gpu_hour',
  crusoe: 'per_gpu_hour',
  nebius: 'per_gpu_hour',
  runpod: 'per_gpu_hour',
  denvr: 'per_gpu_hour',
};

/** meta.json's generated_at_utc: the scrape time, the observed_at for every sheet of that run. */
export function becloudreadyGeneratedAt(metaPayload: string): string | null {
  try {
    return isoUtc((JSON.parse(metaPayload) as { generated_at_utc?: unknown })?.generated_at_utc);
  } catch {
    return null;
  }
}

export function parseGpuPriceSheets(payload: string, ctx: GpuParseContext): GpuSheetParse {
  const rows = readRows(payload);
  const out: GpuSheetParse = { rows: [], rejects: [], skipped: {} };
  const groups = new Map<string, { obs: ReturnType<typeof buildObservation>; ref: string; row: Row }[]>();
  rows.forEach((row, i) => {
    const product = row.product ?? '';
    const ref = `${row.provider ?? '?'}:${product}#row${i + 1}`;
    const reject = (reason: string, detail: string): void => {
      out.rejects.push({ record_ref: ref, reason, detail, record: row });
    };
    const provider = canonicalGpuProvider(row.provider ?? '');
    if (!provider || !product) return reject('malformed_record', 'row without provider or product');
    const priceText = row.price_per_hour_usd;
    if (priceText === null || priceText === undefined)
      return reject('empty_price', `${product}: price_per_hour_usd is empty`);
    const price = parseDecimal(priceText);
    if (!price) return reject('unparseable_price', `price_per_hour_usd ${JSON.stringify(priceText)} is not a number`);
    const published = row.raw_price ? parseDecimal(row.raw_price.replace(/^\s*\$|,/g, '')) : price;
    if (!published || compare(published, price) !== 0)
      return reject(
        'price_mismatch',
        `raw_price ${JSON.stringify(row.raw_price)} differs from price_per_hour_usd ${priceText}`,
      );
    const vram = wholeNumber(row.vram_gb);
    const gpu_model = canonicalGpuModel(product, vram);
    if (!gpu_model) {
      // CPU instances, disks and hosted-model token prices share Crusoe's sheet: not GPU rentals
      if (vram === null) return countSkip(out.skipped, 'not_a_gpu_product');
      return reject('unknown_gpu_model', `${JSON.stringify(product)} names no known GPU model`);
    }
    const raw_unit = PRICE_UNIT[provider];
    if (!raw_unit) return reject('unknown_price_unit', `no known price unit for provider ${provider}`);
    const instance_gpu_count = wholeNumber(row.gpu_count);
    if (row.gpu_count && (instance_gpu_count === null || instance_gpu_count < 1))
      return reject('bad_gpu_count', `gpu_count ${JSON.stringify(row.gpu_count)}`);
    if (raw_unit === 'per_instance_hour' && instance_gpu_count === null)
      return reject('missing_gpu_count', `${product}: an instance price without gpu_count cannot be split per GPU`);
    const gpu_count = raw_unit === 'per_instance_hour' ? instance_gpu_count! : 1;
    const usd = divideByInt(price, gpu_count);
    if (!inPriceBand(usd))
      return reject(
        'price_out_of_band',
        `${product}: ${priceText} / ${gpu_count} GPU is outside (0, 200] USD per GPU-hour`,
      );
    // rows sharing a product name differ by size: Lambda's 8x/4x/2x/1x 'NVIDIA H100 SXM' show only as vCPU counts
    const shape = [instance_gpu_count && `${instance_gpu_count}x`, row.vcpus && `${row.vcpus} vCPU`]
      .filter(Boolean)
      .join(', ');
    const obs = buildObservation(
      {
        provider,
        source_provider: row.provider ?? '',
        gpu_model,
        gpu_memory_gb: vram,
        commitment: 'on_demand',
        term: null,
        region: 'global',
        instance: product,
        gpu_count,
        instance_gpu_count,
        raw_price: (row.raw_price ?? priceText).trim(),
        raw_unit,
        statistic: 'list',
        sample_count: null,
        source_field: 'price_per_hour_usd',
      },
      usd,
      ctx,
      { seriesInstance: shape ? `${product} (${shape})` : product },
    );
    const group = groups.get(obs.series_key) ?? [];
    groups.set(obs.series_key, [...group, { obs, ref, row }]);
  });
  for (const group of groups.values()) {
    const prices = new Set(group.map((g) => g.obs.usd_per_gpu_hour));
    if (prices.size === 1) {
      out.rows.push(group[0]!.obs);
      for (let k = 1; k < group.length; k++) countSkip(out.skipped, 'duplicate_row');
      continue;
    }
    // Crusoe lists 'NVIDIA A100' 80GB twice (1.95 and 1.65, SXM and PCIe upstream): nothing says which is which
    for (const g of group)
      out.rejects.push({
        record_ref: g.ref,
        reason: 'ambiguous_series',
        detail: `${group.length} rows share ${g.obs.series_key} at prices ${[...prices].join(', ')}`,
        record: g.row,
      });
  }
  return out;
}

function wholeNumber(text: string | null | undefined): number | null {
  if (!text || !/^\d+(\.0*)?$/.test(text.trim())) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) && n <= 65_535 ? n : null;
}

function readRows(payload: string): Row[] {
  const text = payload.replace(/^\uFEFF/, '').trim();
  let rows: Row[];
  if (text.startsWith('[')) {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      throw new PermanentError(`becloudready JSON is not valid (${(err as Error).message})`, { cause: err });
    }
    rows = (Array.isArray(doc) ? doc : []).map((r: unknown) =>
      Object.fromEntries(
        Object.entries((r ?? {}) as Record<string, unknown>).map(([k, v]) => [
          k,
          v === null || v === undefined || v === '' ? null : String(v).trim(),
        ]),
      ),
    );
  } else {
    const [header, ...body] = parseCsv(text);
    rows = body
      .filter((cells) => cells.some((c) => c !== ''))
      .map((cells) => Object.fromEntries((header ?? []).map((h, i) => [h.trim(), cells[i]?.trim() || null])));
  }
  if (!rows.some((r) => 'product' in r && 'price_per_hour_usd' in r)) {
    throw new PermanentError('becloudready sheet has no rows with product and price_per_hour_usd: layout changed?');
  }
  return rows;
}
