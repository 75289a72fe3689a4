// the settings an analyst query runs under: the session's limits (readonly = 1 last), and the ones a tool may tighten
// for its own query (Grafana, JDBC and clickhouse-js send max_execution_time and the like), never lift
import { READONLY, RefusedQueryError } from './analyst-guard.ts';

/** What one analyst query may take; each limit ends the query with an error that names its variable. */
export interface QueryLimits {
  timeoutS: number;
  maxRows: number;
  maxBytes: number;
  maxMemoryGb: number;
}

export const READ_SETTINGS = {
  output_format_json_quote_decimals: 1,
  output_format_json_quote_64bit_integers: 1,
} as const;

/** The analyst session's settings; readonly = 1 comes last: from then on no setting changes, in SET or SETTINGS. */
export const analystSettings = (l: QueryLimits): Record<string, string | number> => ({
  ...READ_SETTINGS,
  max_execution_time: l.timeoutS,
  max_result_rows: l.maxRows,
  max_result_bytes: l.maxBytes,
  result_overflow_mode: 'throw',
  max_memory_usage: Math.floor(l.maxMemoryGb * 2 ** 30),
  readonly: '1',
});

// limits a query may set lower than the session's (0 means none in ClickHouse, so 0 would lift them); the same four
// are changeable_in_readonly within [1, limit] for the compose file's analyst user (docker/clickhouse/analyst.xml)
export const TIGHTENING = new Set(['max_execution_time', 'max_result_rows', 'max_result_bytes', 'max_memory_usage']);

const SETTING_CONSTRAINT_VIOLATION = { code: '452', type: 'SETTING_CONSTRAINT_VIOLATION' } as const;

/**
 * The settings a query asks for, checked against the session's: each a limit, positive, and no higher than the session
 * holds; as ClickHouse answers a profile's max constraint (452) when one would lift it.
 */
export function tightened(asked: Record<string, string>, limits: QueryLimits): Record<string, number> {
  const held = analystSettings(limits);
  const out: Record<string, number> = {};
  for (const [name, text] of Object.entries(asked)) {
    if (!TIGHTENING.has(name))
      throw new RefusedQueryError(`sql: refused: Cannot modify '${name}' setting in readonly mode`, READONLY);
    const value = Number(text);
    const max = Number(held[name] ?? Infinity);
    if (!Number.isFinite(value) || value <= 0)
      throw new RefusedQueryError(
        `sql: refused: Setting ${name} should be a positive number (0 would lift the limit), not ${JSON.stringify(text)}`,
        SETTING_CONSTRAINT_VIOLATION,
      );
    if (value > max)
      throw new RefusedQueryError(
        `sql: refused: Setting ${name} shouldn't be greater than ${max} (this endpoint's limit; its variable can raise it)`,
        SETTING_CONSTRAINT_VIOLATION,
      );
    out[name] = value;
  }
  return out;
}
