import { fxRateOn, type FxRates } from '../schemas/fx-rates.ts';
import { deterministicId } from '../schemas/ids.ts';
import { seriesKey } from '../schemas/price-dimensions.ts';
import type { PriceObservation } from '../schemas/events/price-observation.ts';
import { multiply, parseDecimal, round, shift, toText } from './decimal.ts';
import { checkMagnitude } from './magnitude-guard.ts';
import { resolvedModelId } from './models/resolved-model-id.ts';
import type { PricePoint, RecordReject } from './price-point.ts';

export interface DocumentContext {
  source: string;
  url: string;
  observed_at: string;
  content_hash: string;
  transformed_at?: string; // the transformer's clock; pure callers may leave it to default to observed_at
  fx?: FxRates;
}

export type { FxRates } from '../schemas/fx-rates.ts';

const UNIT_SHIFT = { per_token: 6, per_1k_tokens: 3, per_1m_tokens: 0 } as const;

export type Normalized = { ok: true; observation: PriceObservation } | { ok: false; reject: RecordReject };

/** Unit conversion to exact USD per 1M tokens, magnitude guard, deterministic ids. */
export function normalizePrice(point: PricePoint, doc: DocumentContext): Normalized {
  const reject = (reason: string, detail: string): Normalized => ({
    ok: false,
    reject: {
      record_ref: `${point.source_model_id}#${point.source_field}`,
      source_model_id: point.source_model_id,
      reason,
      detail,
      record: point,
    },
  });
  const raw = parseDecimal(point.raw_value);
  if (!raw) return reject('unparseable_price', `${point.raw_value} is not a number`);
  // the rate in force on the price's own date, never a later one
  const day = doc.observed_at.slice(0, 10);
  const fx = point.currency === 'USD' ? null : fxRateOn(doc.fx, point.currency, day);
  if (fx === undefined) {
    const known = (doc.fx?.[point.currency] ?? []).map((r) => r.date);
    return reject(
      'fx_rate_missing',
      `${point.raw_value} ${point.currency} ${point.raw_unit}: no FX rate for ${point.currency} on or before ${day} (${known.length ? `REBAR_FX_RATES has ${point.currency} from ${known[0]}` : `set REBAR_FX_RATES, e.g. ${point.currency}=0.14@${day}`})`,
    );
  }
  const perMillion = shift(raw, UNIT_SHIFT[point.raw_unit]);
  const usd = round(fx ? multiply(perMillion, parseDecimal(fx.usd_per_unit)!) : perMillion, 12);
  const text = toText(usd);
  const verdict = checkMagnitude(point.token_class, usd, text);
  if (!verdict.ok)
    return reject(verdict.reason, `${point.source_field} = ${point.raw_value} ${point.raw_unit}: ${verdict.detail}`);
  const series_key = seriesKey({ source: doc.source, ...point });
  return {
    ok: true,
    observation: {
      event_id: deterministicId('price_observation', series_key, doc.observed_at),
      series_key,
      provider: point.provider,
      model: point.model,
      model_id: resolvedModelId(doc.source, point.source_model_id, doc.observed_at),
      source_model_id: point.source_model_id,
      source_provider: point.source_provider,
      token_class: point.token_class,
      service_tier: point.service_tier,
      region: point.region,
      context_tier: point.context_tier,
      usd_per_mtok: text,
      raw_value: point.raw_value,
      raw_unit: point.raw_unit,
      currency: point.currency,
      fx_usd_per_unit: fx ? fx.usd_per_unit : null,
      fx_rate_date: fx ? fx.date : null,
      observed_at: doc.observed_at,
      effective_from: point.effective_from,
      effective_to: point.effective_to ?? null,
      source: doc.source,
      source_url: doc.url,
      source_field: point.source_field,
      document_hash: doc.content_hash,
      transformed_at: doc.transformed_at ?? doc.observed_at,
    },
  };
}
