import { priceObservationsTable } from '../schemas/events/price-observation.ts';
import { priceDocumentsTable } from '../schemas/price-document.ts';
import { onCluster } from '../schemas/clickhouse.ts';
import type { Warehouse } from './clickhouse.ts';

export const PRICE_DOCUMENTS_MV = 'price_documents_mv';
// per insert block: a batch of observations adds its documents' times (the table merges repeats away)
export const PRICE_DOCUMENTS_SQL = `SELECT DISTINCT source, observed_at FROM ${priceObservationsTable.name}`;

export const priceDocumentsMvDdl = (cluster: string | null): string =>
  `CREATE MATERIALIZED VIEW IF NOT EXISTS ${PRICE_DOCUMENTS_MV}${onCluster(cluster)} TO ${priceDocumentsTable.name} AS ${PRICE_DOCUMENTS_SQL}`;

/**
 * Keeps price_documents_store at insert time (a materialized view on the observations). Created on a store that already
 * holds observations, it fills in their documents too; a batch inserted meanwhile lands twice, as the same rows.
 */
export async function keepPriceDocuments(wh: Warehouse): Promise<void> {
  const [had] = await wh.query<{ n: string }>(
    'SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name = {mv:String}',
    { mv: PRICE_DOCUMENTS_MV },
  );
  await wh.command(priceDocumentsMvDdl(wh.cluster));
  if (Number(had?.n) === 0) await wh.command(`INSERT INTO ${priceDocumentsTable.name} ${PRICE_DOCUMENTS_SQL}`);
}
