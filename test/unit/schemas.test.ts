import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { col, columns, ddl } from '../../schemas/clickhouse.ts';
import { DeadLetter } from '../../schemas/events/dead-letter.ts';
import { allTopics, kafkaNames } from '../../schemas/topics.ts';
import { tables } from '../../sinks/migrate.ts';
import { views } from '../../views/store-views.ts';

describe('schemas are the contract', () => {
  it.each(tables.map((t) => [t.name, t] as const))('%s DDL is generated from its event schema', (_name, table) => {
    expect(ddl(table)).toMatchSnapshot();
  });

  it('every field of every table carries a ClickHouse type and a description', () => {
    for (const t of tables)
      for (const c of columns(t)) {
        expect(c.type, `${t.name}.${c.name}`).not.toBe('');
        expect(c.description.length, `${t.name}.${c.name}`).toBeGreaterThan(3);
      }
  });

  it('prices keep 12 decimals in every price table: one shared zod schema tagged twice must not retype the other tables', () => {
    const typeOf = (table: string, column: string): string | undefined =>
      columns(tables.find((t) => t.name === table)!).find((c) => c.name === column)?.type;
    expect(typeOf('price_observations_store', 'usd_per_mtok')).toBe('Decimal(38, 12)');
    expect(typeOf('gpu_price_observations_store', 'usd_per_gpu_hour')).toBe('Decimal(38, 12)');
    expect(typeOf('price_change_events_store', 'new_usd_per_mtok')).toMatch(/Decimal\(38, 12\)/);
    const shared = z.string();
    const a = col(shared, 'Decimal(38, 12)', 'a');
    col(shared, 'Decimal(38, 4)', 'b');
    expect(columns({ ...tables[0]!, schema: z.object({ a }), orderBy: [] })[0]!.type).toBe('Decimal(38, 12)');
  });

  it('a field wrapped after col() loses its type and the DDL refuses it', () => {
    const table = { ...tables[0]!, schema: z.object({ x: z.string().optional() }), orderBy: [] };
    expect(() => ddl(table)).toThrow(/x: no ClickHouse type/);
  });

  it('every topic is keyed by a field of its schema (a batch by its document) and lands in a table ordered by event id', () => {
    for (const t of allTopics) {
      if (t.batched) expect(t.key, t.name).toBe('document_id#part');
      else expect(Object.keys(t.schema.shape), t.name).toContain(t.key);
      // every row has a natural key the engine collapses duplicates on
      expect(t.table?.engine, t.name).toMatch(/^ReplacingMergeTree/);
      expect(t.table?.orderBy.length, t.name).toBeGreaterThan(1);
    }
  });

  it('the SQL contract names exist', () => {
    expect(views.map((v) => v.name)).toEqual(
      expect.arrayContaining(['price_observations', 'price_latest', 'price_changes']),
    );
    const obs = columns(tables.find((t) => t.name === 'price_observations_store')!).map((c) => c.name);
    expect(obs).toEqual(
      expect.arrayContaining([
        'provider',
        'model',
        'source_model_id',
        'token_class',
        'service_tier',
        'region',
        'context_tier',
        'usd_per_mtok',
        'currency',
        'observed_at',
        'effective_from',
        'source',
        'source_url',
        'event_id',
      ]),
    );
    const changes = columns(tables.find((t) => t.name === 'price_change_events_store')!).map((c) => c.name);
    expect(changes).toEqual(
      expect.arrayContaining([
        'series_key',
        'old_usd_per_mtok',
        'new_usd_per_mtok',
        'pct_change',
        'kind',
        'observed_at',
      ]),
    );
  });

  it('a dead letter published by an older rebar, without what it rejected, still lands', () => {
    const older = {
      event_id: '00000000-0000-4000-8000-000000000000',
      stage: 'transform',
      reason: 'negative_price',
      detail: 'input_cost_per_token = -3e-6',
      source: 'litellm',
      source_url: 'file:///sheet.json',
      document_hash: 'sha256:00',
      record_ref: 'gpt-4o#input_cost_per_token',
      payload: '{}',
      observed_at: '2024-08-01T00:00:00.000Z',
      dead_lettered_at: '2024-08-01T00:00:01.000Z',
    };
    expect(DeadLetter.parse(older)).toMatchObject({ series_key: '', source_model_id: '' });
  });

  it('a namespace prefixes every topic and group', () => {
    const n = kafkaNames('t1.');
    expect(n.topic.priceChanges).toBe('t1.rebar.price-changes');
    expect(n.group.sink).toBe('t1.rebar.sink.clickhouse');
    expect(n.specs.every((s) => s.name.startsWith('t1.rebar.'))).toBe(true);
  });
});
