import pino, { type Logger } from 'pino';

export type Log = Logger;

// the one pino import: everything else receives a child of this logger
export function createLogger(level: string = 'info', destination: number = 2): Log {
  return pino({ level, base: { app: 'rebar' } }, pino.destination({ dest: destination, sync: true }));
}

export const silentLogger: Log = pino({ level: 'silent' });
