import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { SourceState } from './change-detector.ts';

/** Change-detection state, one JSON file per source under $REBAR_DATA_DIR/state, written atomically. */
export class SeriesStateStore {
  private readonly cache = new Map<string, SourceState>();
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  private file(source: string): string {
    return path.join(this.dir, `series-${source.replace(/[^\w-]/g, '_')}.json`);
  }

  load(source: string): SourceState {
    const hit = this.cache.get(source);
    if (hit) return hit;
    const f = this.file(source);
    const state = existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as SourceState) : {};
    this.cache.set(source, state);
    return state;
  }

  /** Every other source's state, read from disk: another process may have moved it since. */
  others(source: string): Record<string, SourceState> {
    const out: Record<string, SourceState> = {};
    const own = path.basename(this.file(source));
    for (const f of readdirSync(this.dir)) {
      const m = /^series-(.+)\.json$/.exec(f);
      if (!m || f === own) continue;
      out[m[1]!] = JSON.parse(readFileSync(path.join(this.dir, f), 'utf8')) as SourceState;
    }
    return out;
  }

  save(source: string, state: SourceState): void {
    const f = this.file(source);
    const tmp = `${f}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(state));
    renameSync(tmp, f); // rename is atomic: a crash leaves the old state or the new, never half
    this.cache.set(source, state);
  }
}
