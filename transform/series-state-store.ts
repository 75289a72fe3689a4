import { mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { SourceState } from './change-detector.ts';

/** Change-detection state, one JSON file per source under $REBAR_DATA_DIR/state, written atomically. */
export class SeriesStateStore {
  private readonly cache = new Map<string, SourceState>();
  private readonly stamps = new Map<string, string>();
  // the other sources' files as last read, by inode (a save renames a new file in), modification time and size: a document re-reads only what moved
  private readonly read = new Map<string, { ino: number; mtimeMs: number; size: number; state: SourceState }>();
  private othersView: { stamp: string; states: Record<string, SourceState> } | null = null;
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  private file(source: string): string {
    return path.join(this.dir, `series-${source.replace(/[^\w-]/g, '_')}.json`);
  }

  load(source: string): SourceState {
    const f = this.file(source);
    // another transformer process may have taken this source's partition and saved since: the cache holds while the file is as we left it
    const now = this.stamp(f);
    const hit = this.cache.get(source);
    if (hit && this.stamps.get(source) === now) return hit;
    const state = existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as SourceState) : {};
    this.cache.set(source, state);
    this.stamps.set(source, now);
    return state;
  }

  private stamp(f: string): string {
    if (!existsSync(f)) return 'none';
    const st = statSync(f);
    return `${st.ino}:${st.mtimeMs}:${st.size}`;
  }

  /** Every other source's state, from disk: another process may have moved it since. The same object while no file moved. */
  others(source: string): Record<string, SourceState> {
    const own = path.basename(this.file(source));
    const files = readdirSync(this.dir)
      .filter((f) => f !== own && /^series-(.+)\.json$/.test(f))
      .map((f) => {
        const st = statSync(path.join(this.dir, f));
        return { f, mtimeMs: st.mtimeMs, size: st.size, ino: st.ino };
      });
    const stamp = `${own}\n${files.map((x) => `${x.f}:${x.ino}:${x.mtimeMs}:${x.size}`).join('\n')}`;
    if (this.othersView?.stamp === stamp) return this.othersView.states;
    const states: Record<string, SourceState> = {};
    for (const { f, mtimeMs, size, ino } of files) {
      const hit = this.read.get(f);
      const state =
        hit?.mtimeMs === mtimeMs && hit.size === size
          ? hit.state
          : (JSON.parse(readFileSync(path.join(this.dir, f), 'utf8')) as SourceState);
      this.read.set(f, { ino, mtimeMs, size, state });
      states[/^series-(.+)\.json$/.exec(f)![1]!] = state;
    }
    this.othersView = { stamp, states };
    return states;
  }

  save(source: string, state: SourceState): void {
    const f = this.file(source);
    const tmp = `${f}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(state));
    renameSync(tmp, f); // rename is atomic: a crash leaves the old state or the new, never half
    this.cache.set(source, state);
    this.stamps.set(source, this.stamp(f));
    this.othersView = null; // what another source's document reads next includes this
  }
}
