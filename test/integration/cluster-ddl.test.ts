// CLICKHOUSE_CLUSTER's DDL: no ClickHouse cluster runs here, so each statement is checked as text and parsed by the
// ClickHouse 26 parser inside chDB (EXPLAIN AST parses without running); the server path runs it for real.
import { afterAll, describe, expect, it } from 'vitest';
import { clusterEngine, ddl } from '../../schemas/clickhouse.ts';
import type { Warehouse } from '../../sinks/clickhouse.ts';
import { schemaTableDdl, tables, viewDdl } from '../../sinks/migrate.ts';
import { priceDocumentsMvDdl } from '../../sinks/price-documents-mv.ts';
import { views } from '../../views/store-views.ts';
import { scratchWarehouse } from '../helpers/scratch-warehouse.ts';

const CLUSTER = 'rebar_cluster';
const statements = (cluster: string | null): string[] => [
  ...tables.map((t) => ddl(t, cluster)),
  schemaTableDdl(cluster),
  priceDocumentsMvDdl(cluster),
  ...views.map((v) => viewDdl(v, cluster)),
];

describe('the DDL on a ClickHouse cluster (CLICKHOUSE_CLUSTER)', () => {
  let wh: Warehouse;
  afterAll(() => wh?.close());

  it('an engine takes its Replicated form with the Keeper path and replica macros before its own arguments', () => {
    expect(clusterEngine('ReplacingMergeTree(refreshed_at, is_deleted)', CLUSTER)).toBe(
      "ReplicatedReplacingMergeTree('/clickhouse/tables/{uuid}/{shard}', '{replica}', refreshed_at, is_deleted)",
    );
    expect(clusterEngine('MergeTree', CLUSTER)).toBe(
      "ReplicatedMergeTree('/clickhouse/tables/{uuid}/{shard}', '{replica}')",
    );
    expect(clusterEngine('MergeTree', null)).toBe('MergeTree');
    expect(() => clusterEngine('Memory', CLUSTER)).toThrow(/no Replicated form/);
  });

  it('every statement runs ON CLUSTER, every table is Replicated, and the ClickHouse parser takes each one', async () => {
    const clustered = statements(CLUSTER);
    const plain = statements(null);
    expect(clustered).toHaveLength(plain.length);
    for (const [i, sql] of clustered.entries()) {
      expect(sql, sql.slice(0, 80)).toContain(` ON CLUSTER ${CLUSTER}`);
      // the same statement, but for where it runs and its engine
      expect(
        sql.replace(` ON CLUSTER ${CLUSTER}`, '').replace(/Replicated(\w*MergeTree)\('[^']*', '[^']*'(?:, )?/, '$1('),
      ).toBe(plain[i]!.replace(/ENGINE = (\w*MergeTree)(?!\()/, 'ENGINE = $1()'));
    }
    for (const sql of clustered.filter((s) => s.startsWith('CREATE TABLE')))
      expect(sql).toMatch(
        /ENGINE = Replicated\w*MergeTree\('\/clickhouse\/tables\/\{uuid\}\/\{shard\}', '\{replica\}'/,
      );
    wh = await scratchWarehouse('cluster-ddl');
    for (const sql of clustered) {
      // EXPLAIN AST only parses: a statement the parser refuses throws here
      await expect(wh.command(`EXPLAIN AST ${sql}`), sql.slice(0, 80)).resolves.toBeUndefined();
    }
    await expect(wh.command(`EXPLAIN AST ${clustered[0]!.replace('ON CLUSTER', 'ON CLUSTERS')}`)).rejects.toThrow(
      /Syntax error/,
    );
  });
});
