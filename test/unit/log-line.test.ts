import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readableLine } from '../../schemas/log-line.ts';
import { createLogger } from '../../schemas/logger.ts';

// what a person sees on a terminal, and what a collector reads from a pipe, for the same log calls
describe('log lines', () => {
  const written = (format: 'json' | 'text'): string => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'rebar-log-')), `${format}.log`);
    const fd = openSync(file, 'w');
    const log = createLogger('info', fd, format).child({ component: 'sink' });
    log.info({ table: 'price_observations_store', rows: 5410, note: 'two words' }, 'batch stored');
    log.debug('not at info');
    log.error({ err: new Error('ClickHouse went away') }, 'insert failed');
    closeSync(fd);
    return readFileSync(file, 'utf8');
  };

  it('json: one object per line, as pino writes it', () => {
    const lines = written('json').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 30,
      app: 'rebar',
      component: 'sink',
      rows: 5410,
      msg: 'batch stored',
    });
  });

  it('text: time, level, component, message, then key=value; an error with its stack; no colour off a terminal', () => {
    const [first, second, ...stack] = written('text').trimEnd().split('\n');
    expect(first).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} INFO {2}\[sink\] batch stored {2}table=price_observations_store rows=5410 note="two words"$/,
    );
    expect(second).toMatch(/^\d\d:\d\d:\d\d\.\d{3} ERROR \[sink\] insert failed$/);
    expect(stack[0]).toBe('  Error: ClickHouse went away');
    expect(written('text')).not.toContain('\u001b[');
  });

  it('text is the json line read back, coloured when asked', () => {
    const line = written('json').split('\n')[0]!;
    expect(readableLine(line, true)).toContain('\u001b[32mINFO \u001b[0m');
    expect(readableLine('not json', false)).toBe('not json\n');
  });
});
