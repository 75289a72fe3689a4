// RFC 4180 CSV, shared by the GPU sheets and the repo's reviewed registries

/** Quoted fields may hold commas, quotes ("") and newlines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  row.push(cell);
  rows.push(row);
  return rows;
}

export interface CsvRecord {
  line: number;
  cells: Record<string, string>;
}

/** Header-keyed records, trimmed; blank lines and lines starting with '#' (reviewers' notes) are left out. */
export function readCsvRecords(text: string): { header: string[]; records: CsvRecord[] } {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  const numbered = rows
    .map((cells, i) => ({ line: i + 1, cells }))
    .filter(({ cells }) => cells.some((c) => c.trim() !== '') && !cells[0]!.trimStart().startsWith('#'));
  const [head, ...body] = numbered;
  const header = (head?.cells ?? []).map((h) => h.trim());
  return {
    header,
    records: body.map(({ line, cells }) => ({
      line,
      cells: Object.fromEntries(header.map((h, i) => [h, (cells[i] ?? '').trim()])),
    })),
  };
}
