import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../schemas/errors.ts';

export interface Snapshot {
  url: string;
  observedAt: Date;
  read(): string;
}

// 2024-07-29, 2024-07-29T11-12-59, 20240729 in a file name
const DATE_IN_NAME = /(\d{4})-?(\d{2})-?(\d{2})(?:[T_ ](\d{2})[-:]?(\d{2})[-:]?(\d{2}))?/;

export function dateFromName(name: string): Date | null {
  const m = DATE_IN_NAME.exec(name);
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = m;
  const t = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
  return Number.isNaN(t) ? null : new Date(t);
}

/** Archived snapshots of one document, oldest first: a folder of dated files, or one file's git history. */
export function listSnapshots(target: string, opts: { git?: boolean } = {}): Snapshot[] {
  const abs = path.resolve(target);
  if (opts.git) return gitSnapshots(abs);
  const files = statSync(abs).isDirectory()
    ? readdirSync(abs)
        .filter((f) => !f.startsWith('.'))
        .map((f) => path.join(abs, f))
    : [abs];
  const snaps = files
    .filter((f) => statSync(f).isFile())
    .map((f) => ({
      url: `file://${f}`,
      // the date in the name is when the snapshot was taken; the file time is a fallback
      observedAt: dateFromName(path.basename(f)) ?? statSync(f).mtime,
      read: () => readFileSync(f, 'utf8'),
    }));
  if (snaps.length === 0) throw new ConfigError(`no snapshot files in ${abs}`);
  return snaps.sort((a, b) => a.observedAt.getTime() - b.observedAt.getTime());
}

function gitSnapshots(file: string): Snapshot[] {
  const cwd = path.dirname(file);
  const run = (args: string[]): string => {
    try {
      return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    } catch (err) {
      throw new ConfigError(`git ${args.join(' ')} in ${cwd}: ${(err as Error).message.split('\n')[0]}`);
    }
  };
  const rel = run(['ls-files', '--full-name', path.basename(file)]).trim();
  if (!rel) throw new ConfigError(`${file} is not tracked by git`);
  const log = run(['log', '--follow', '--format=%H %cI', '--', path.basename(file)])
    .trim()
    .split('\n')
    .filter(Boolean);
  return log
    .map((line) => {
      const [sha, date] = line.split(' ') as [string, string];
      return { url: `git:${sha}:${rel}`, observedAt: new Date(date), read: () => run(['show', `${sha}:${rel}`]) };
    })
    .sort((a, b) => a.observedAt.getTime() - b.observedAt.getTime());
}
