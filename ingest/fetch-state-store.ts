import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface FetchState {
  etag: string | null;
  content_hash: string;
  observed_at: string;
}

/** Last published document per source (ETag and content hash), kept under $REBAR_DATA_DIR/state. */
export class FetchStateStore {
  private readonly file: string;
  private state: Record<string, FetchState>;
  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, 'fetch-state.json');
    this.state = existsSync(this.file)
      ? (JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, FetchState>)
      : {};
  }
  get(source: string): FetchState | undefined {
    return this.state[source];
  }
  set(source: string, s: FetchState): void {
    this.state = { ...this.state, [source]: s };
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state, null, 1));
    renameSync(tmp, this.file);
  }
}
