import { PermanentError } from '../../../schemas/errors.ts';
import type { GpuStatistic } from '../../../schemas/events/gpu-price-observation.ts';
import { decimalFromNumber } from '../../../transform/decimal.ts';
import { isObj } from '../../../transform/json-shape.ts';
import { countSkip } from '../../../transform/price-point.ts';
import { canonicalGpuModel, gpuMemoryFromName } from '../../../transform/gpu/gpu-models.ts';
import {
  buildObservation,
  canonicalGpuProvider,
  inPriceBand,
  isoUtc,
  type GpuParseContext,
  type GpuSheetParse,
  type ObservationFields,
} from '../../../transform/gpu/gpu-price.ts';

// tugot17/gpu-price-tracker data/summary/<gpu_type>[_<socket>].jsonl: one line per snapshot of the Prime Intellect
// marketplace, { timestamp, gpu_type, socket_type, price_stats: {min, p10..p90, max, mean}, availability,
// by_provider: {<id>: {count, min, avg}}, by_config }. Every price is already USD per GPU-hour (total / gpu_count,
// rounded to cents upstream), over on-demand and spot offers alike: commitment 'mixed'.

const STATS = new Set<string>(['min', 'p10', 'p25', 'median', 'p75', 'p90', 'max', 'mean']);

type Snapshot = Record<string, unknown>;

export function parseGpuPriceTracker(payload: string, ctx: GpuParseContext): GpuSheetParse {
  const out: GpuSheetParse = { rows: [], rejects: [], skipped: {} };
  let recognised = 0;
  payload.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const ref = `line ${i + 1}`;
    let snap: Snapshot;
    try {
      const doc: unknown = JSON.parse(line);
      if (!isObj(doc)) throw new Error('not an object');
      snap = doc;
    } catch (err) {
      out.rejects.push({
        record_ref: ref,
        reason: 'malformed_line',
        detail: `not a JSON object (${(err as Error).message})`,
        record: line.slice(0, 500),
      });
      return;
    }
    const reject = (reason: string, detail: string, record: unknown = snap): void => {
      out.rejects.push({ record_ref: ref, reason, detail, record });
    };
    const observed_at = isoUtc(snap.timestamp);
    if (!observed_at) return reject('bad_timestamp', `timestamp ${JSON.stringify(snap.timestamp)} is not ISO 8601`);
    if (typeof snap.gpu_type !== 'string') return reject('malformed_record', 'snapshot without gpu_type');
    const socket = typeof snap.socket_type === 'string' ? snap.socket_type : null;
    const gpu_model = canonicalGpuModel(`${snap.gpu_type} ${socket ?? ''}`);
    if (!gpu_model)
      return reject('unknown_gpu_model', `gpu_type ${snap.gpu_type} ${socket ?? ''} names no known GPU model`);
    recognised++;
    const instance = socket ? `${snap.gpu_type}_${socket}` : snap.gpu_type;
    const base = {
      gpu_model,
      gpu_memory_gb: gpuMemoryFromName(snap.gpu_type),
      commitment: 'mixed',
      term: null,
      region: 'global',
      instance,
      gpu_count: 1,
      instance_gpu_count: null,
      raw_unit: 'per_gpu_hour',
    } as const;
    const emit = (
      f: Pick<ObservationFields, 'provider' | 'source_provider' | 'statistic' | 'sample_count' | 'source_field'>,
      value: unknown,
    ): void => {
      const usd = typeof value === 'number' ? decimalFromNumber(value) : null;
      if (!usd)
        return reject('unparseable_price', `${f.source_field} = ${JSON.stringify(value)} is not a number`, {
          timestamp: snap.timestamp,
          [f.source_field]: value,
        });
      // an empty offer list comes out of the tracker as 0.0
      if (!inPriceBand(usd))
        return reject('price_out_of_band', `${f.source_field} = ${value} is outside (0, 200] USD per GPU-hour`, {
          timestamp: snap.timestamp,
          [f.source_field]: value,
        });
      out.rows.push(buildObservation({ ...base, ...f, raw_price: String(value) }, usd, ctx, { observed_at }));
    };
    const total =
      isObj(snap.availability) && typeof snap.availability.total === 'number' ? snap.availability.total : null;
    if (isObj(snap.price_stats)) {
      for (const [stat, value] of Object.entries(snap.price_stats)) {
        if (!STATS.has(stat)) {
          countSkip(out.skipped, 'unknown_statistic');
          continue;
        }
        emit(
          {
            provider: 'all',
            source_provider: '',
            statistic: stat as GpuStatistic,
            sample_count: total,
            source_field: `price_stats.${stat}`,
          },
          value,
        );
      }
    } else reject('missing_price_stats', 'snapshot without a price_stats object');
    for (const [label, p] of Object.entries(isObj(snap.by_provider) ? snap.by_provider : {})) {
      if (!isObj(p)) {
        reject('malformed_record', `by_provider.${label} is not an object`);
        continue;
      }
      const count = typeof p.count === 'number' ? p.count : null;
      const provider = canonicalGpuProvider(label);
      emit(
        {
          provider,
          source_provider: label,
          statistic: 'provider_min',
          sample_count: count,
          source_field: `by_provider.${label}.min`,
        },
        p.min,
      );
      emit(
        {
          provider,
          source_provider: label,
          statistic: 'provider_avg',
          sample_count: count,
          source_field: `by_provider.${label}.avg`,
        },
        p.avg,
      );
    }
    // per-instance-size aggregates and stock counts are not prices per series: counted, not emitted
    for (const _ of Object.keys(isObj(snap.by_config) ? snap.by_config : {})) countSkip(out.skipped, 'by_config_entry');
    if (snap.availability !== undefined) countSkip(out.skipped, 'availability_counts');
  });
  if (recognised === 0)
    throw new PermanentError(
      'tugot17 tracker JSONL has no snapshot with a timestamp and a known gpu_type: layout changed?',
    );
  return out;
}
