import type { SourceSpec } from '../ingest/source.ts';
import { aliasSources } from '../ingest/sources/index.ts';
import type { Company } from '../schemas/company.ts';
import type { Warehouse } from '../sinks/clickhouse.ts';
import { loadModelRegistry, modelEntries } from '../transform/models/model-registry.ts';

/** The registries as tables analysts join on: companies, models (aliases checked against the sources), sources. */
export async function storeReferenceData(
  warehouse: Warehouse,
  companies: Company[],
  registry: Record<string, SourceSpec>,
  now: Date,
): Promise<void> {
  await warehouse.insert('companies_store', companies);
  await warehouse.insert('models_store', modelEntries(loadModelRegistry(undefined, undefined, aliasSources()), now));
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
