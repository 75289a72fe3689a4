import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../../schemas/errors.ts';
import { parseOpenrouterRankings } from '../../../ingest/sources/openrouter-rankings/parse.ts';
import { fixturePath, readFixture } from '../../helpers/fixtures.ts';

const DIR = 'openrouter-rankings';
const ctx = {
  source: 'openrouter-rankings',
  url: 'https://github.com/johnbean393/openrouter-inference-stats/blob/main/data/x.json',
  observed_at: '2026-05-11T12:00:00.000Z',
};
const parse = (file: string): ReturnType<typeof parseOpenrouterRankings> =>
  parseOpenrouterRankings(readFixture(`${DIR}/${file}`), ctx);
const doc = (models: unknown[]): string => JSON.stringify({ date: '2026-01-11', models });
const entry = (slug: string, total_tokens: unknown, rank = 1): object => ({
  rank,
  slug,
  total_tokens,
  estimated_revenue: 1,
  is_free: false,
});

describe('OpenRouter weekly top-models snapshots', () => {
  it('backfilled week (2025-11-16): exact token counts, the Sunday ending the week, no share and no other row', () => {
    const r = parse('2025-11-16.json');
    // {"rank": 1, "slug": "x-ai/grok-code-fast-1", "name": "xAI: Grok Code Fast 1", "total_tokens": 1454333842688, ...}
    expect(r.rows.find((x) => x.rank === 1)).toMatchObject({
      segment: 'openrouter',
      metric: 'tokens',
      entity: 'x-ai/grok-code-fast-1',
      entity_kind: 'model',
      organization: 'x-ai',
      model: '',
      value: '1454333842688',
      share: null,
      period_start: '2025-11-10',
      period_end: '2025-11-16',
      source: ctx.source,
      source_url: ctx.url,
      observed_at: ctx.observed_at,
    });
    // {"rank": 6, "slug": "google/gemini-2.5-pro", "total_tokens": 183856775223, ...}: resolves through the registry
    expect(r.rows.find((x) => x.entity === 'google/gemini-2.5-pro')).toMatchObject({
      model: 'gemini-2.5-pro',
      organization: 'google',
      value: '183856775223',
      rank: 6,
    });
    // the document's total_tokens (3525768566511) is only the sum of these nine: never a share, never an 'other' row
    expect(r.rows.every((x) => x.share === null && x.entity_kind === 'model')).toBe(true);
    expect(r.rows.map((x) => x.rank).sort((a, b) => a! - b!)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('live week (2026-05-11): rounded page figures as published; the :free variant is its own entity', () => {
    const r = parse('2026-05-11.json');
    // {"rank": 1, "slug": "tencent/hy3-preview-20260421:free", "name": "Hy3 Preview (free)", "total_tokens": 2680000000000, ...}
    // {"rank": 8, "slug": "tencent/hy3-preview-20260421", "name": "Hy3 Preview", "total_tokens": 857000000000, ...}
    expect(
      r.rows
        .filter((x) => x.entity.startsWith('tencent/hy3-preview-20260421'))
        .map((x) => [x.entity, x.value, x.rank, x.organization]),
    ).toEqual([
      ['tencent/hy3-preview-20260421:free', '2680000000000', 1, 'tencent'],
      ['tencent/hy3-preview-20260421', '857000000000', 8, 'tencent'],
    ]);
    expect(r.rows[0]).toMatchObject({ period_start: '2026-05-05', period_end: '2026-05-11', share: null });
  });

  it('the resolver strips :free to the base model, while the entity keeps the slug', () => {
    const r = parseOpenrouterRankings(
      doc([entry('google/gemini-2.5-pro:free', 10, 2), entry('google/gemini-2.5-pro', 20)]),
      ctx,
    );
    expect(r.rows.map((x) => [x.entity, x.model])).toEqual([
      ['google/gemini-2.5-pro:free', 'gemini-2.5-pro'],
      ['google/gemini-2.5-pro', 'gemini-2.5-pro'],
    ]);
    expect(new Set(r.rows.map((x) => x.event_id)).size).toBe(2);
  });

  it('every fixture parses whole: nine models a week to 2026-02-08, ten from 2026-02-16', () => {
    const files = readdirSync(fixturePath(DIR))
      .filter((f) => f.endsWith('.json'))
      .sort();
    expect(files).toHaveLength(26);
    for (const f of files) {
      const r = parse(f);
      expect(r.rejects, f).toEqual([]);
      expect(r.rows, f).toHaveLength(f < '2026-02-16' ? 9 : 10);
      expect(new Set(r.rows.map((x) => x.event_id)).size, f).toBe(r.rows.length);
    }
  });

  it('bad entries are rejected with the reason; a duplicated slug rejects both', () => {
    const r = parseOpenrouterRankings(
      doc([
        entry('a/ok', 5),
        entry('a/neg', -1),
        entry('a/missing', undefined),
        entry('a/big', 2 ** 53 + 2),
        entry('a/frac', 1.5),
        entry('a/dup', 1),
        entry('a/dup', 2),
        { rank: 9, total_tokens: 1 },
      ]),
      ctx,
    );
    expect(r.rows.map((x) => x.entity)).toEqual(['a/ok']);
    expect(r.rejects.map((x) => [x.record_ref, x.reason])).toEqual([
      ['models[1]: a/neg', 'invalid_value'],
      ['models[2]: a/missing', 'invalid_value'],
      ['models[3]: a/big', 'invalid_value'],
      ['models[4]: a/frac', 'invalid_value'],
      ['models[5]: a/dup', 'duplicate_entity'],
      ['models[6]: a/dup', 'duplicate_entity'],
      ['models[7]: ?', 'malformed_record'],
    ]);
  });

  it('a document of another shape is a permanent error', () => {
    expect(() => parseOpenrouterRankings(JSON.stringify({ date: '2026-01-11', data: [] }), ctx)).toThrow(
      PermanentError,
    );
    expect(() => parseOpenrouterRankings(JSON.stringify({ date: 'Jan 11', models: [] }), ctx)).toThrow(PermanentError);
    expect(() => parseOpenrouterRankings('<html>', ctx)).toThrow(PermanentError);
  });
});
