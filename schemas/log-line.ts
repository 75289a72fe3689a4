// a pino JSON line as a person reads it on a terminal: time, level, component, message, then the rest as key=value

const LEVELS: Record<number, [string, string]> = {
  10: ['TRACE', '\x1b[90m'],
  20: ['DEBUG', '\x1b[36m'],
  30: ['INFO ', '\x1b[32m'],
  40: ['WARN ', '\x1b[33m'],
  50: ['ERROR', '\x1b[31m'],
  60: ['FATAL', '\x1b[35m'],
};
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';
// pino's own fields, and ours every line carries
const SHOWN = new Set(['level', 'time', 'msg', 'app', 'component', 'pid', 'hostname', 'err']);

const value = (v: unknown): string => {
  if (typeof v === 'string') return /[\s="]/.test(v) || v === '' ? JSON.stringify(v) : v;
  return JSON.stringify(v);
};

/** Pure: one pino JSON line as readable text (colour for a terminal that shows it). */
export function readableLine(json: string, colour: boolean): string {
  let rec: Record<string, unknown>;
  try {
    rec = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const [label, tint] = LEVELS[Number(rec.level)] ?? ['LOG  ', ''];
  const paint = (code: string, text: string): string => (colour && code ? `${code}${text}${RESET}` : text);
  const time = new Date(Number(rec.time)).toISOString().slice(11, 23);
  const component = typeof rec.component === 'string' ? paint(DIM, `[${rec.component}] `) : '';
  const rest = Object.entries(rec)
    .filter(([k]) => !SHOWN.has(k))
    .map(([k, v]) => `${paint(DIM, `${k}=`)}${value(v)}`)
    .join(' ');
  const err = rec.err as { message?: string; stack?: string } | undefined;
  const trace = err ? `\n  ${(err.stack ?? err.message ?? '').split('\n').join('\n  ')}` : '';
  return `${paint(DIM, time)} ${paint(tint, label)} ${component}${String(rec.msg ?? '')}${rest ? `  ${rest}` : ''}${trace}\n`;
}
