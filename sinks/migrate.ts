import { createHash } from 'node:crypto';
import { clusterEngine, columns, ddl, onCluster, type TableSpec } from '../schemas/clickhouse.ts';
import { allTopics } from '../schemas/topics.ts';
import { sourcesTable } from '../schemas/events/fetch-log.ts';
import { companiesTable } from '../schemas/company.ts';
import { modelsTable } from '../schemas/model.ts';
import { modelPricesByDayTable } from '../schemas/model-prices-by-day.ts';
import { priceChangeHistoryTable, priceChangeSummaryTable } from '../schemas/price-change-history.ts';
import { priceChangeClassesTable } from '../schemas/price-change-class.ts';
import { keptRefreshRequestsTable } from '../schemas/kept-refresh-request.ts';
import { priceDocumentsTable } from '../schemas/price-document.ts';
import { shareChangesTable } from '../schemas/share-change.ts';
import { shareConcentrationTable } from '../schemas/share-concentration.ts';
import { ConfigError } from '../schemas/errors.ts';
import type { Warehouse } from './clickhouse.ts';
import { refreshAllKept } from './kept-request.ts';
import { fillModelPricesIfEmpty } from './model-prices-store.ts';
import { fillPriceChangesIfEmpty } from './price-changes-store.ts';
import { fillShareMetricsIfEmpty } from './share-metrics-store.ts';
import { keepPriceDocuments, PRICE_DOCUMENTS_MV, PRICE_DOCUMENTS_SQL } from './price-documents-mv.ts';
import { views } from '../views/store-views.ts';

export const tables: TableSpec[] = [
  ...allTopics.flatMap((t) => (t.table ? [t.table] : [])),
  sourcesTable,
  companiesTable,
  modelsTable,
  priceChangeClassesTable,
  shareChangesTable,
  shareConcentrationTable,
  modelPricesByDayTable,
  priceChangeHistoryTable,
  priceChangeSummaryTable,
  keptRefreshRequestsTable,
  priceDocumentsTable,
];

// the tables' DDL and the views' text: equal fingerprints mean migrate() has nothing to do
const SCHEMA_FINGERPRINT = createHash('sha256')
  .update(JSON.stringify([tables.map((t) => ddl(t)), views, PRICE_DOCUMENTS_SQL]))
  .digest('hex');

const describe = (wh: Warehouse, table: string): Promise<{ name: string; type: string }[]> =>
  wh.query<{ name: string; type: string }>(
    'SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = {t:String} ORDER BY position',
    { t: table },
  );

/**
 * Creates tables from the schemas, adds columns a newer schema introduced (in place), and refuses to start on
 * any other drift (a changed type needs a written migration); then (re)creates the views.
 */
/** A read view's statement, on every replica when on a cluster. */
export const viewDdl = (v: { name: string; sql: string; comment: string }, cluster: string | null): string =>
  `CREATE OR REPLACE VIEW ${v.name}${onCluster(cluster)} AS ${v.sql} COMMENT '${v.comment.replace(/'/g, "\\'")}'`;

/** Which schema the store was last migrated to. */
export const schemaTableDdl = (cluster: string | null): string =>
  `CREATE TABLE IF NOT EXISTS rebar_schema${onCluster(cluster)} (fingerprint String, applied_at DateTime64(3, 'UTC')) ENGINE = ${clusterEngine('ReplacingMergeTree(applied_at)', cluster)} ORDER BY fingerprint`;

export async function migrate(wh: Warehouse): Promise<void> {
  for (const table of tables) {
    await wh.command(ddl(table, wh.cluster));
    const expected = columns(table).map((c) => ({ ...c, type: c.type.replace(/\s+CODEC\(.*\)$/, ''), full: c.type }));
    let actual = await describe(wh, table.name);
    const have = new Set(actual.map((c) => c.name));
    const missing = expected.filter((c) => !have.has(c.name));
    for (const c of missing) {
      const i = expected.indexOf(c);
      const after = i > 0 ? ` AFTER ${expected[i - 1]!.name}` : ' FIRST';
      await wh.command(
        `ALTER TABLE ${table.name}${onCluster(wh.cluster)} ADD COLUMN IF NOT EXISTS ${c.name} ${c.full}${after}`,
      );
    }
    if (missing.length) actual = await describe(wh, table.name);
    const drift = expected.filter((e, i) => actual[i]?.name !== e.name || actual[i]?.type !== e.type);
    if (drift.length > 0 || actual.length !== expected.length) {
      throw new ConfigError(
        `table ${table.name} does not match its schema (${drift.map((d) => `${d.name} ${d.type}`).join(', ') || 'column count'}): add an ALTER migration`,
      );
    }
  }
  await keepPriceDocuments(wh);
  for (const v of views) {
    await wh.command(viewDdl(v, wh.cluster));
  }
  await wh.command(schemaTableDdl(wh.cluster));
  const [last] = await wh.query<{ fingerprint: string }>(
    'SELECT argMax(fingerprint, applied_at) AS fingerprint FROM rebar_schema',
  );
  // the tables kept at insert time follow their SQL: a new schema may compute them differently, so they are rebuilt
  if (last?.fingerprint && last.fingerprint !== SCHEMA_FINGERPRINT) {
    await refreshAllKept(wh);
  } else {
    await fillShareMetricsIfEmpty(wh);
    await fillPriceChangesIfEmpty(wh);
    await fillModelPricesIfEmpty(wh);
  }
  await wh.insert('rebar_schema', [{ fingerprint: SCHEMA_FINGERPRINT, applied_at: new Date().toISOString() }]);
}

/**
 * For read-only verbs: migrate() unless this very schema was applied last and every table and view is still there
 * (an older rebar, or a hand, may have changed them since without a record).
 */
export async function migrateIfChanged(wh: Warehouse): Promise<void> {
  const names = [...tables.map((t) => t.name), ...views.map((v) => v.name), PRICE_DOCUMENTS_MV];
  const state = await wh
    .query<{ fingerprint: string; present: string }>(
      `SELECT (SELECT argMax(fingerprint, applied_at) FROM rebar_schema) AS fingerprint,
      (SELECT count() FROM system.tables WHERE database = currentDatabase() AND name IN {names:Array(String)}) AS present`,
      { names },
    )
    .catch(() => []);
  if (state[0]?.fingerprint !== SCHEMA_FINGERPRINT || Number(state[0]?.present) !== names.length) await migrate(wh);
}
