import { columns, ddl, type TableSpec } from '../schemas/clickhouse.ts';
import { allTopics } from '../schemas/topics.ts';
import { sourcesTable } from '../schemas/events/fetch-log.ts';
import { ConfigError } from '../schemas/errors.ts';
import type { Warehouse } from './clickhouse.ts';
import { views } from './views.ts';

export const tables: TableSpec[] = [...allTopics.flatMap((t) => (t.table ? [t.table] : [])), sourcesTable];

/** Creates tables from the schemas, checks existing ones still match, then (re)creates the views. */
export async function migrate(wh: Warehouse): Promise<void> {
  for (const table of tables) {
    await wh.command(ddl(table));
    const actual = await wh.query<{ name: string; type: string }>(
      'SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = {t:String} ORDER BY position', { t: table.name });
    const expected = columns(table).map((c) => ({ name: c.name, type: c.type.replace(/\s+CODEC\(.*\)$/, '') }));
    const drift = expected.filter((e, i) => actual[i]?.name !== e.name || actual[i]?.type !== e.type);
    if (drift.length > 0 || actual.length !== expected.length) {
      throw new ConfigError(`table ${table.name} does not match its schema (${drift.map((d) => `${d.name} ${d.type}`).join(', ') || 'column count'}): add an ALTER migration`);
    }
  }
  for (const v of views) {
    await wh.command(`CREATE OR REPLACE VIEW ${v.name} AS ${v.sql} COMMENT '${v.comment.replace(/'/g, "\\'")}'`);
  }
}
