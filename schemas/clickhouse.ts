import { z } from 'zod';

// each field carries its ClickHouse type, so tables are generated from the event schemas
export const chType = z.registry<{ type: string; description?: string }>();

/** Tags a whole zod field with its ClickHouse column type (and a doc line for the README). */
export function col<T extends z.ZodType>(schema: T, type: string, description?: string): T {
  // a fresh instance per column: tagging a shared schema (DecimalText, TokenClass) would retype every table using it
  const field = schema.clone();
  chType.add(field, description === undefined ? { type } : { type, description });
  return field;
}

/** A view analysts query: its name, its COMMENT (what a row is), and its SELECT. */
export interface ViewSpec {
  name: string;
  comment: string;
  sql: string;
}

export interface TableSpec<S extends z.ZodObject = z.ZodObject> {
  name: string;
  schema: S;
  engine: string;
  orderBy: string[];
  partitionBy?: string;
  ttl?: string; // rows that expire (a TTL expression)
  settings?: Record<string, string | number>;
  comment: string;
}

/** Declares a ClickHouse table whose columns are the schema's fields, in order. */
export function defineTable<S extends z.ZodObject>(spec: TableSpec<S>): TableSpec<S> {
  for (const key of spec.orderBy) {
    if (!(key in spec.schema.shape)) throw new Error(`${spec.name}: order key ${key} is not a field`);
  }
  return spec;
}

export interface ColumnSpec {
  name: string;
  type: string;
  description: string;
}

export function columns(table: TableSpec): ColumnSpec[] {
  return Object.entries(table.schema.shape).map(([name, field]) => {
    const meta = chType.get(field as z.ZodType);
    if (!meta) throw new Error(`${table.name}.${name}: no ClickHouse type`);
    return { name, type: meta.type, description: meta.description ?? '' };
  });
}

const quote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** ` ON CLUSTER name` when the tables live on a cluster of replicas (CLICKHOUSE_CLUSTER), else nothing. */
export const onCluster = (cluster: string | null): string => (cluster ? ` ON CLUSTER ${cluster}` : '');

/**
 * A MergeTree-family engine in its Replicated form on a cluster: one shard, every replica holding every row, the Keeper
 * path made from the table's UUID (the same on every replica, since the CREATE runs ON CLUSTER).
 */
export function clusterEngine(engine: string, cluster: string | null): string {
  if (!cluster) return engine;
  const m = /^(\w*MergeTree)(?:\((.*)\))?$/s.exec(engine.trim());
  if (!m) throw new Error(`engine ${engine} has no Replicated form`);
  const args = ["'/clickhouse/tables/{uuid}/{shard}'", "'{replica}'", ...(m[2]?.trim() ? [m[2].trim()] : [])];
  return `Replicated${m[1]}(${args.join(', ')})`;
}

export function ddl(table: TableSpec, cluster: string | null = null): string {
  const cols = columns(table).map((c) => {
    // ClickHouse wants COMMENT before CODEC
    const [, type, codec = ''] = /^(.*?)(\s+CODEC\(.*\))?$/.exec(c.type)!;
    return `  ${c.name} ${type}${c.description ? ` COMMENT ${quote(c.description)}` : ''}${codec}`;
  });
  const settings = Object.entries(table.settings ?? {}).map(([k, v]) => `${k} = ${v}`);
  return [
    `CREATE TABLE IF NOT EXISTS ${table.name}${onCluster(cluster)}`,
    `(\n${cols.join(',\n')}\n)`,
    `ENGINE = ${clusterEngine(table.engine, cluster)}`,
    ...(table.partitionBy ? [`PARTITION BY ${table.partitionBy}`] : []),
    `ORDER BY (${table.orderBy.join(', ')})`,
    ...(table.ttl ? [`TTL ${table.ttl}`] : []),
    ...(settings.length ? [`SETTINGS ${settings.join(', ')}`] : []),
    `COMMENT ${quote(table.comment)}`,
  ].join('\n');
}
