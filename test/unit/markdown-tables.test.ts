import { describe, expect, it } from 'vitest';
import { cleanCell, readAmounts, readTables, tokenUnitOf, unitWord } from '../../transform/markdown-tables.ts';

const DOC = [
  '# Pricing',
  '## Models',
  'Prices per 1M tokens.',
  'Standard',
  '',
  '| Model | Input | Note |',
  '|:------|------:|:----:|',
  '| **[gpt-x](/models/gpt-x)** | \\$1,250.50* | a \\| b<br>second line |',
  'no-pipe row',
  '',
  '```md',
  '| fenced | table |',
  '|---|---|',
  '```',
  '### Batch',
  'left | right',
  '---|---',
  '`code` | *em* and _x_id_',
  '',
  '<table><tr><th>Model</th><th colspan="2">Price</th></tr>',
  '<tr><td rowspan="2">m1</td><td>$1</td><td>$2<br/>note</td></tr>',
  '<tr><td>$3</td><td>$4</td></tr></table>',
].join('\n');

describe('markdown tables', () => {
  const tables = readTables(DOC);

  it('finds pipe tables with their heading path and caption, not fenced ones', () => {
    expect(tables).toHaveLength(3);
    expect(tables[0]!.sections.map((s) => s.title)).toEqual(['Pricing', 'Models']);
    expect(tables[0]!.sections[1]!.text).toEqual(['Prices per 1M tokens.', 'Standard']);
    expect(tables[0]!.caption).toBe('Standard');
    expect(tables[0]!.header).toEqual(['Model', 'Input', 'Note']);
    expect(tables[1]!.sections.map((s) => s.title)).toEqual(['Pricing', 'Models', 'Batch']);
  });

  it('cleans inline markdown, keeps escaped pipes and <br> lines, reads pipe-less continuation rows', () => {
    const [row, cont] = tables[0]!.rows;
    expect(row!.record).toEqual({ Model: 'gpt-x', Input: '$1,250.50*', Note: 'a | b\nsecond line' });
    expect(cont!.cells).toEqual(['no-pipe row']);
    expect(tables[1]!.rows[0]!.cells).toEqual(['code', 'em and _x_id_']);
    expect(cleanCell('Claude 3 ([deprecated](/docs/x)) <https://a.b/c> &amp; \\<= 200k')).toBe(
      'Claude 3 (deprecated) https://a.b/c & <= 200k',
    );
  });

  it('reads embedded HTML tables, repeating colspan and rowspan cells', () => {
    const html = tables[2]!;
    expect(html.header).toEqual(['Model', 'Price', 'Price']);
    expect(html.rows.map((r) => r.cells)).toEqual([
      ['m1', '$1', '$2\nnote'],
      ['m1', '$3', '$4'],
    ]);
    expect(html.rows[0]!.record).toEqual({ Model: 'm1', Price: '$1', 'Price (3)': '$2\nnote' });
  });

  it('reads amounts: digits as written, currency from the symbol, footnote marks and separators dropped', () => {
    expect(readAmounts('$1,250.50*')).toEqual([{ value: '1250.50', currency: 'USD', before: '', after: '*' }]);
    expect(readAmounts('￥1.00')[0]).toMatchObject({ value: '1.00', currency: 'CNY' });
    expect(readAmounts('$2.00, prompts <= 200k tokens $4.00, prompts > 200k').map((a) => [a.value, a.after])).toEqual([
      ['2.00', ', prompts <= 200k tokens '],
      ['4.00', ', prompts > 200k'],
    ]);
    expect(readAmounts('Not available')).toEqual([]);
  });

  it('names token units and per-item units', () => {
    expect(tokenUnitOf('$3 / MTok')).toBe('per_1m_tokens');
    expect(tokenUnitOf('1M INPUT TOKENS (CACHE HIT)')).toBe('per_1m_tokens');
    expect(tokenUnitOf('$0.03 / 1K tokens')).toBe('per_1k_tokens');
    expect(tokenUnitOf('prompts <= 200k tokens')).toBeNull();
    expect(unitWord('$2.50 / 1k calls')).toBe('call');
    expect(unitWord('$35 / 1,000 grounded prompts')).toBe('grounded_prompt');
    expect(unitWord('$14 / 1,000 search queries')).toBe('search_query');
    expect(unitWord('$0.134 per 1K/2K image')).toBe('image');
    expect(unitWord('$0.875')).toBeNull();
  });
});
