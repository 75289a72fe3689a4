import { describe, expect, it } from 'vitest';
import { barLine, progressBar, stagedBars } from '../../jobs/progress.ts';

describe('progress bars', () => {
  it('show counts, percent and an ETA from the rate so far; the time taken once done', () => {
    expect(barLine('backfill litellm', 6, 24, 3_000, '1,234 observations')).toBe(
      'backfill litellm  [######..................]  6/24  25%  1,234 observations  ETA 0:09',
    );
    expect(barLine('demo', 61, 61, 48_400)).toBe('demo  [########################]  61/61  100%  0:48');
    expect(barLine('replay x', 0, 10, 500)).toBe('replay x  [........................]  0/10  0%');
  });

  it('draw nothing where stderr is not a terminal', () => {
    const written: string[] = [];
    const stream = { isTTY: false, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    const bar = progressBar('x', 3, stream);
    bar.update(1);
    bar.done();
    expect(written).toEqual([]);
    const tty = { isTTY: true, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    const shown = progressBar('x', 2, tty);
    shown.update(2);
    shown.done();
    expect(written.join('')).toContain('x  [########################]  2/2  100%');
    expect(written.at(-1)).toBe('\n');
  });

  it('in stages, a bar per stage that has something to wait for, each ended once', () => {
    const written: string[] = [];
    const tty = { isTTY: true, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    const report = stagedBars('import litellm', tty);
    report(1, 1, 'documents transformed'); // done before it was drawn: no bar
    report(0, 4_000, 'records stored');
    report(2_500, 4_000, 'records stored'); // within 100 ms of the last draw: not redrawn
    report(4_000, 4_000, 'records stored');
    report(4_000, 4_000, 'records stored'); // polled once more: drawn and ended once
    const text = written.join('');
    expect(text).not.toContain('documents transformed');
    expect(text).toContain('import litellm  [........................]  0/4000  0%  records stored');
    expect(written.at(-2)).toContain('4000/4000  100%  records stored');
    expect(written.filter((w) => w === '\n')).toHaveLength(1);
  });
});
