// what every bench prints with: numbers, medians, aligned tables, progress on stderr, the machine and its load
import os from 'node:os';

export const round = (n: number, digits = 0): number =>
  Number.isFinite(n) ? Math.round(n * 10 ** digits) / 10 ** digits : n;
export const fmt = (n: number | null | undefined, digits = 2): string =>
  n !== null && n !== undefined && Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits })
    : '-';
export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
export const out = (s: string): void => {
  process.stdout.write(`${s}\n`);
};
export const status = (s: string): void => {
  process.stderr.write(`bench: ${s}\n`);
};
export const load = (): string =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
export const machine = (): string =>
  `${os.cpus().length} x ${os.cpus()[0]?.model.trim() ?? 'unknown'}, ${round(os.totalmem() / 2 ** 30, 1)} GiB RAM, ${os.platform()} ${os.arch()}, Node ${process.version}`;

/** Prints rows as aligned columns under a header. */
export function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  out(line(header));
  for (const r of rows) out(line(r));
}
