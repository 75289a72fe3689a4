// a progress bar on a terminal for the long verbs (backfill, replay, import, demo): counts, rate and ETA on one line of
// stderr, redrawn in place; off a terminal nothing (the log lines and the summary say it all)

const WIDTH = 24;

const clock = (ms: number): string => {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/** Pure: the bar's line for done of total after elapsedMs (ETA from the rate so far). */
export function barLine(label: string, done: number, total: number, elapsedMs: number, detail = ''): string {
  const part = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(part * WIDTH);
  const eta = done > 0 && done < total ? `  ETA ${clock((elapsedMs / done) * (total - done))}` : '';
  const tail = done >= total ? `  ${clock(elapsedMs)}` : eta;
  return `${label}  [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}]  ${done}/${total}  ${Math.round(part * 100)}%${detail ? `  ${detail}` : ''}${tail}`;
}

export interface Progress {
  update(done: number, detail?: string): void;
  done(): void;
}

/** A bar drawn on stream when it is a terminal (at most 10 times a second), else a no-op. */
export function progressBar(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update: () => undefined, done: () => undefined };
  const started = Date.now();
  let drawn = 0;
  let last = { done: 0, detail: '' };
  const draw = (): void => {
    stream.write(`\x1b[2K\r${barLine(label, last.done, total, Date.now() - started, last.detail)}`);
    drawn = Date.now();
  };
  return {
    update(done, detail = '') {
      last = { done, detail };
      if (Date.now() - drawn >= 100 || done >= total) draw();
    },
    done() {
      draw();
      stream.write('\n');
    },
  };
}

/**
 * Bars for a task in stages (documents transformed, then records stored): a stage's bar appears once its total is
 * known and there is something to wait for, and ends when the stage is done.
 */
export function stagedBars(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
): (done: number, total: number, stage: string) => void {
  let bar: Progress | null = null;
  let stage = '';
  let finished = false;
  return (done, total, now) => {
    if (now !== stage) [stage, bar, finished] = [now, null, false];
    if (finished || (bar === null && done >= total)) return; // nothing (more) to wait for
    bar ??= progressBar(label, total, stream);
    bar.update(Math.min(done, total), stage);
    if (done < total) return;
    bar.done();
    finished = true;
  };
}
