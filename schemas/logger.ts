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
  // on a terminal a line first clears the one it lands on: a progress bar drawn there
  const colour = process.env.NO_COLOR === undefined && Boolean(process[destination === 1 ? 'stdout' : 'stderr'].isTTY);
  return pino(
    { level, base: { app: 'rebar' } },
    {
      write: (line: string) => void writeSync(destination, `${colour ? '\x1b[2K\r' : ''}${readableLine(line, colour)}`),
    },
  );
}

export const silentLogger: Log = pino({ level: 'silent' });
