import { describe, expect, it } from 'vitest';
import { bound } from '../../sinks/analyst-session.ts';
import { tightened } from '../../sinks/analyst-settings.ts';

const LIMITS = { timeoutS: 300, maxRows: 1000, maxBytes: 2 ** 20, maxMemoryGb: 1 };

// param_<name> values as ClickHouse's HTTP interface reads them: a scalar's text is escaped (TSV), a nested type's
// text holds its own quoted values
describe('bound: a query and its param_ values as the session binds them', () => {
  it('unescapes a scalar value once, and reads \\N as NULL', () => {
    expect(bound('SELECT {s:String}, {n:Nullable(UInt8)}', { s: "it\\'s\\ta\\\\b\\n", n: '\\N' })).toEqual({
      sql: 'SELECT {s:String}, {n:Nullable(UInt8)}',
      params: { s: "it's\ta\\b\n", n: null },
    });
  });

  it('binds a nested type as its text, cast: quotes inside stay as they are', () => {
    const { sql, params } = bound('SELECT has({ids:Array(String)}, id), { m : Map(String, Array(UInt8)) } FROM t', {
      ids: "['a\\'b','c']",
      m: "{'k':[1,2]}",
    });
    expect(sql).toBe(
      "SELECT has(_CAST({ids:String}, 'Array(String)'), id), _CAST({m:String}, 'Map(String, Array(UInt8))') FROM t",
    );
    expect(params).toEqual({ ids: "['a\\'b','c']", m: "{'k':[1,2]}" });
  });

  it('leaves a placeholder without a value for ClickHouse to refuse, and other braces alone', () => {
    expect(bound("SELECT {x:Array(UInt8)}, '{not a placeholder}'", {}).sql).toBe(
      "SELECT {x:Array(UInt8)}, '{not a placeholder}'",
    );
  });
});

describe('tightened: limits a query may only lower', () => {
  it('takes a positive value up to the session limit', () => {
    expect(tightened({ max_execution_time: '5', max_result_rows: '1000' }, LIMITS)).toEqual({
      max_execution_time: 5,
      max_result_rows: 1000,
    });
  });
  it('refuses a higher value, zero (no limit), non-numbers and other settings', () => {
    expect(() => tightened({ max_result_rows: '1001' }, LIMITS)).toThrow(/shouldn't be greater than 1000/);
    expect(() => tightened({ max_memory_usage: '0' }, LIMITS)).toThrow(/0 would lift the limit/);
    expect(() => tightened({ max_execution_time: 'soon' }, LIMITS)).toThrow(/positive number/);
    expect(() => tightened({ readonly: '0' }, LIMITS)).toThrow(/Cannot modify 'readonly'/);
  });
});
