import { writeSync } from 'node:fs';
import pino, { type Logger } from 'pino';
import { readableLine } from './log-line.ts';

export type Log = Logger;

/** json: one JSON object per line (for files, pipes, collectors); text: readable lines, coloured on a terminal. */
export type LogFormat = 'json' | 'text';

// the one pino import: everything else receives a child of this logger
export function createLogger(level: string = 'info', destination: number = 2, format: LogFormat = 'json'): Log {
  if (format === 'json')
    return pino({ level, base: { app: 'rebar' } }, pino.destination({ dest: destination, sync: true }));
  const colour = process.env.NO_COLOR === undefined && Boolean(process[destination === 1 ? 'stdout' : 'stderr'].isTTY);
  return pino(
    { level, base: { app: 'rebar' } },
    { write: (line: string) => void writeSync(destination, readableLine(line, colour)) },
  );
}

export const silentLogger: Log = pino({ level: 'silent' });
