import type { SourceSpec } from '../ingest/source.ts';
import { aliasSources } from '../ingest/sources/index.ts';
import type { Company } from '../schemas/company.ts';
import type { Warehouse } from '../sinks/clickhouse.ts';
import { refreshModelPrices } from '../sinks/model-prices-store.ts';
import { loadModelRegistry, modelEntries } from '../transform/models/model-registry.ts';

/** The registries as tables analysts join on: companies, models (aliases checked against the sources), sources. */
export async function storeReferenceData(
  warehouse: Warehouse,
  companies: Company[],
  registry: Record<string, SourceSpec>,
  now: Date,
): Promise<void> {
  await warehouse.insert('companies_store', companies);
  const before = await modelsFingerprint(warehouse);
  await warehouse.insert('models_store', modelEntries(loadModelRegistry(undefined, undefined, aliasSources()), now));
  // model_prices_by_day carries each model's maker and flags: a registry that changed them rewrites it
  if ((await modelsFingerprint(warehouse)) !== before) await refreshModelPrices(warehouse, 'all');
  await warehouse.insert(
    'sources_store',
    Object.values(registry).map((s) => ({
      source: s.name,
      description: s.description,
      url: s.url,
      schedule: s.schedule,
      expected_refresh_s: Math.round(s.expectedRefreshMs / 1000),
      updated_at: now.toISOString(),
    })),
  );
}

const modelsFingerprint = async (wh: Warehouse): Promise<string> =>
  (
    await wh.query<{ h: string }>(
      'SELECT toString(sum(cityHash64(model_id, organization, open_weights, reasoning, release_date))) AS h FROM models',
    )
  )[0]?.h ?? '';
