import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
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

  save(source: string, state: SourceState): void {
    const f = this.file(source);
    const tmp = `${f}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(state));
    renameSync(tmp, f); // rename is atomic: a crash leaves the old state or the new, never half
    this.cache.set(source, state);
  }
}
