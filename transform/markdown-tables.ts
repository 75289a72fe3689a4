import * as cheerio from 'cheerio';
import type { TokenUnit } from '../schemas/price-dimensions.ts';

// Pipe (GFM) and embedded HTML tables of a markdown document, with the headings above them as context.

/** A heading on the path to a table and the raw text lines under it (tables and code excluded). */
export interface MdSection {
  level: number;
  title: string;
  text: string[];
}
export interface MdRow {
  cells: string[];
  record: Record<string, string>;
  line: number;
}
/** sections: outermost first; caption: the nearest text line above, after the last heading or table; line: 1-based. */
export interface MdTable {
  sections: MdSection[];
  caption: string;
  header: string[];
  rows: MdRow[];
  line: number;
}

const DELIM_RE = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;
const FENCE_RE = /^\s*(```|~~~)/;
const HEADING_RE = /^(#{1,6})(?:\s+(.*?))?\s*#*\s*$/;
// as in GFM a table runs to a blank line or the start of another block; a line without pipes is a one-cell row
const ENDS_TABLE_RE = /^\s*$|^\s*(#{1,6}(\s|$)|>|```|~~~|<[a-zA-Z/])/;

export function readTables(md: string): MdTable[] {
  const lines = md.split(/\r?\n/);
  const tables: MdTable[] = [];
  let stack: MdSection[] = [];
  let caption = '';
  let fenced = false;
  const add = (line: number, header: string[], body: { cells: string[]; line: number }[]) => {
    tables.push({
      sections: stack.map((s) => ({ ...s, text: [...s.text] })),
      caption,
      header,
      rows: body.map((r) => ({ ...r, record: toRecord(header, r.cells) })),
      line,
    });
    caption = '';
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (FENCE_RE.test(line)) {
      fenced = !fenced;
      continue;
    }
    if (fenced) continue;
    const h = HEADING_RE.exec(line);
    if (h) {
      const level = h[1]!.length;
      stack = [...stack.filter((s) => s.level < level), { level, title: cleanCell(h[2] ?? ''), text: [] }];
      caption = '';
      continue;
    }
    if (/<table[\s>]/i.test(line)) {
      let end = i;
      while (end < lines.length - 1 && !/<\/table>/i.test(lines[end]!)) end++;
      const grid = htmlGrid(lines.slice(i, end + 1).join('\n'));
      if (grid.length > 0)
        add(
          i + 1,
          grid[0]!,
          grid.slice(1).map((cells) => ({ cells, line: i + 1 })),
        );
      i = end;
      continue;
    }
    const next = lines[i + 1];
    if (line.includes('|') && next !== undefined && next.includes('|') && DELIM_RE.test(next)) {
      const header = splitRow(line).map(cleanCell);
      if (splitRow(next).length === header.length) {
        const body: { cells: string[]; line: number }[] = [];
        let j = i + 2;
        for (; j < lines.length && !ENDS_TABLE_RE.test(lines[j]!); j++)
          body.push({ cells: splitRow(lines[j]!).map(cleanCell), line: j + 1 });
        add(i + 1, header, body);
        i = j - 1;
        continue;
      }
    }
    if (line.trim() === '') continue;
    stack[stack.length - 1]?.text.push(line.trim());
    caption = cleanCell(line);
  }
  return tables;
}

/** Cells of one pipe row; '\|' is a literal pipe, outer pipes are optional. */
export function splitRow(line: string): string[] {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  const cells: string[] = [];
  let cur = ''; // an escaped pipe stays escaped for cleanCell
  for (let k = 0; k < s.length; k++) {
    if (s[k] === '\\' && s[k + 1] === '|') {
      cur += '\\|';
      k++;
    } else if (s[k] === '|') {
      cells.push(cur);
      cur = '';
    } else cur += s[k];
  }
  cells.push(cur);
  return cells;
}

// escaped punctuation is parked in the private use area so emphasis and tag stripping leave it alone
const park = (s: string) =>
  s.replace(/\\([\\`*_{}[\]()#+\-.!<>$^~|])/g, (_, c: string) => String.fromCharCode(0xe000 + c.charCodeAt(0)));
const unpark = (s: string) => s.replace(/[\ue000-\ue0ff]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xe000));
const ENTITIES: Record<string, string> = {
  '&nbsp;': ' ',
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

/** Plain text of an inline-markdown cell: links to their text, emphasis and code marks dropped, <br> to newline. */
export function cleanCell(raw: string): string {
  const s = park(raw.replace(/<(?:br|hr)\s*\/?>/gi, '\n'))
    .replace(/!?\[([^\]]*)\]\((?:<[^>]*>|[^)]*)\)/g, '$1')
    .replace(/<((?:https?|mailto):[^>\s]+)>/g, '$1')
    .replace(/<\/?[a-z][^>]*>/gi, '')
    .replace(/\*\*|__/g, '')
    .replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?!\w)/g, '$1$2')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/&(?:nbsp|amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e);
  return unpark(s)
    .split('\n')
    .map((l) => l.replace(/[\s\u200b]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

function toRecord(header: string[], cells: string[]): Record<string, string> {
  const record: Record<string, string> = {};
  header.forEach((h, k) => {
    record[h in record ? `${h} (${k + 1})` : h] = cells[k] ?? '';
  });
  return record;
}

/** Rows of the first HTML table, colspan and rowspan cells repeated into every slot they cover. */
function htmlGrid(html: string): string[][] {
  const $ = cheerio.load(html);
  const grid: string[][] = [];
  $('table')
    .first()
    .find('tr')
    .each((r, tr) => {
      const row = (grid[r] ??= []);
      let c = 0;
      $(tr)
        .children('th,td')
        .each((_, el) => {
          while (row[c] !== undefined) c++;
          const cell = $(el);
          cell.find('br').replaceWith('\n');
          const text = cleanCell(cell.text());
          const [cs = 1, rs = 1] = ['colspan', 'rowspan'].map((a) => Math.max(1, Number(cell.attr(a)) || 1));
          for (let y = 0; y < rs; y++) for (let x = 0; x < cs; x++) (grid[r + y] ??= [])[c + x] = text;
          c += cs;
        });
    });
  return grid.map((row) => Array.from(row, (v) => v ?? ''));
}

// price text in cells

export interface Amount {
  value: string;
  currency: string;
  before: string;
  after: string;
}
const CURRENCY: Record<string, string> = {
  $: 'USD',
  US$: 'USD',
  '¥': 'CNY',
  '￥': 'CNY',
  '€': 'EUR',
  '£': 'GBP',
  USD: 'USD',
  CNY: 'CNY',
  RMB: 'CNY',
};
const AMOUNT_RE = /(US\$|\$|¥|￥|€|£|\b(?:USD|CNY|RMB) ?)\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d*\.?\d+)/g;

// '¥' is read as CNY: AI API price lists in yen signs (Moonshot's Chinese page) mean renminbi
/** Money amounts in a cell, each with the text after it; digits as written, no symbol, separators or footnote marks. */
export function readAmounts(text: string): Amount[] {
  const found = [...text.matchAll(AMOUNT_RE)];
  return found.map((m, k) => ({
    value: m[2]!.replace(/,/g, ''),
    currency: CURRENCY[m[1]!.trim()] ?? 'USD',
    before: k === 0 ? text.slice(0, m.index) : '',
    after: text.slice(m.index + m[0].length, found[k + 1]?.index ?? text.length),
  }));
}

/** The token unit a text names ('$3 / MTok', 'per 1M tokens', '1M INPUT TOKENS'), or null. */
export function tokenUnitOf(text: string): TokenUnit | null {
  if (/\bMTok\b|\b(?:1\s?M|M|million|1,000,000)\b(?:\s+[\w()]+){0,3}?\s+tokens?\b|per million/i.test(text))
    return 'per_1m_tokens';
  if (/\bKTok\b|\b(?:1\s?K|K|thousand|1,000)\b(?:\s+[\w()]+){0,3}?\s+tokens?\b/i.test(text)) return 'per_1k_tokens';
  if (/\bper token\b/i.test(text)) return 'per_token';
  return null;
}

const STOP = new Set(['per', 'and', 'or', 'plus', 'see', 'then', 'in', 'of', 'for']);
const singular = (w: string) =>
  w.endsWith('ies') ? `${w.slice(0, -3)}y` : w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w;

/** The billed unit after '/' or 'per' ('$2.50 / 1k calls' -> 'call', '$35 / 1,000 grounded prompts' -> 'grounded_prompt'). */
export function unitWord(text: string): string | null {
  const m =
    /(?:\/|\bper\b)\s*(?:[\d.,]+\s*[kKmM]?\b(?:\/[\d.,]+[kKmM]?)?\s*|[kKmM]\s+)?([A-Za-z][A-Za-z-]*(?:\s+[A-Za-z][A-Za-z-]*)?)/.exec(
      text,
    );
  if (!m) return null;
  const words = m[1]!.toLowerCase().split(/\s+/);
  return (words[1] && !STOP.has(words[1]) ? words : words.slice(0, 1)).map(singular).join('_');
}
