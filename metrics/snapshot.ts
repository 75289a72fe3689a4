import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../schemas/errors.ts';
import type { MetricOptions, MetricVerb, ReadOnly } from './session.ts';

// bookkeeping columns that change on a replay or reload while the facts stay the same, and where the checkout lies
const VOLATILE = new Set(['transformed_at', 'loaded_at', 'ingested_at', 'sunk_at', 'inserted_at', 'source_url', 'url']);

export const Snapshot = z.object({
  metric: z.string(),
  method: z.string(),
  method_version: z.number(),
  params: z.record(z.string(), z.union([z.string(), z.boolean()])),
  inputs: z.array(z.object({ name: z.string(), rows: z.number(), content_hash: z.string() })),
  output_hash: z.string(),
  output: z.string(),
  created_at: z.string(),
});
export type Snapshot = z.infer<typeof Snapshot>;

// over the sorted lines: rows the queries return in an order ClickHouse does not fix are the same result
const sha256 = (text: string): string => createHash('sha256').update(text.split('\n').sort().join('\n')).digest('hex');

/** Order-free content hash of a view or table: row count, and XOR and wrapping sum of each row's hash. */
export async function inputHash(read: ReadOnly, name: string): Promise<Snapshot['inputs'][number]> {
  const cols = (
    await read(
      `SELECT name FROM system.columns WHERE database = currentDatabase() AND table = '${name.replace(/\W/g, '')}' ORDER BY position`,
      'TSV',
    )
  )
    .split('\n')
    .filter((c) => c && !VOLATILE.has(c));
  if (!cols.length) throw new ConfigError(`snapshot input ${name}: no such view or table`);
  // through text: a hash of a Nullable argument would be NULL, and NULL rows would drop out of the aggregate
  const row = `cityHash64(toString(tuple(${cols.map((c) => `\`${c}\``).join(', ')})))`;
  const [rows = '0', hash = ''] = (
    await read(
      `SELECT count(), concat(leftPad(hex(groupBitXor(${row})), 16, '0'), '-', leftPad(hex(sum(${row})), 16, '0')) FROM ${name}`,
      'TSV',
    )
  )
    .trim()
    .split('\t');
  if (!/^[0-9A-Fa-f]{16}-[0-9A-Fa-f]{16}$/.test(hash))
    throw new ConfigError(`snapshot input ${name}: no content hash (${JSON.stringify(hash)})`);
  return { name, rows: Number(rows), content_hash: hash.toLowerCase() };
}

/** Runs the metric and records what it read, how, with which parameters, and what it printed (as JSON lines). */
export async function takeSnapshot(read: ReadOnly, verb: MetricVerb, opts: MetricOptions): Promise<Snapshot> {
  const params = Object.fromEntries(
    Object.entries(opts).filter(
      (e): e is [string, string | boolean] => e[1] !== undefined && e[0] !== 'snapshot' && e[0] !== 'json',
    ),
  );
  const inputs = [];
  for (const name of verb.inputs(params)) inputs.push(await inputHash(read, name));
  const output = await verb.run(read, params, true);
  return {
    metric: verb.name,
    method: verb.method,
    method_version: verb.version,
    params,
    inputs,
    output_hash: sha256(output),
    output,
    created_at: new Date().toISOString(),
  };
}

export function writeSnapshot(file: string, snap: Snapshot): void {
  writeFileSync(file, `${JSON.stringify(snap, null, 2)}\n`);
}

export function readSnapshot(file: string): Snapshot {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`snapshot ${file}: ${(err as Error).message}`, { cause: err });
  }
  const parsed = Snapshot.safeParse(raw);
  if (!parsed.success)
    throw new ConfigError(
      `snapshot ${file} is not a rebar metric snapshot: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  if (sha256(parsed.data.output) !== parsed.data.output_hash)
    throw new ConfigError(`snapshot ${file}: its output does not match its output_hash (edited after it was written?)`);
  return parsed.data;
}

export interface Verification {
  same_output: boolean;
  same_method: boolean;
  changed_inputs: string[];
  report: string;
}

/** Recomputes a snapshot's metric now and says what differs: the inputs (by hash), the method version, the output. */
export async function verifySnapshot(read: ReadOnly, verb: MetricVerb, then: Snapshot): Promise<Verification> {
  const now = await takeSnapshot(read, verb, then.params);
  const before = new Map(then.inputs.map((i) => [i.name, i]));
  const changed = now.inputs
    .filter((i) => before.get(i.name)?.content_hash !== i.content_hash)
    .map((i) => `${i.name} (${before.get(i.name)?.rows ?? 0} -> ${i.rows} rows)`);
  const same_output = now.output_hash === then.output_hash;
  const same_method = now.method_version === then.method_version;
  const lines = [
    `metric ${then.metric} ${JSON.stringify(then.params)}, snapshot of ${then.created_at}`,
    `method: version ${then.method_version}${same_method ? ', unchanged' : ` then, ${now.method_version} now`}`,
    `inputs: ${changed.length ? `changed: ${changed.join(', ')}` : 'unchanged'}`,
    `output: ${same_output ? 'identical' : 'different'} (${then.output_hash.slice(0, 12)} then, ${now.output_hash.slice(0, 12)} now)`,
  ];
  if (!same_output) {
    const old = new Set(then.output.split('\n'));
    const current = new Set(now.output.split('\n'));
    const fresh = [...current].filter((l) => !old.has(l));
    const gone = [...old].filter((l) => !current.has(l));
    lines.push(
      `${fresh.length} output lines are new, ${gone.length} gone; new, e.g.:`,
      ...fresh.slice(0, 5),
      'gone, e.g.:',
      ...gone.slice(0, 5),
    );
  }
  return { same_output, same_method, changed_inputs: changed, report: lines.join('\n') };
}
