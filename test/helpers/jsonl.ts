// one JSON object per line, as rebar prints with --json or --format JSONEachRow
export const jsonl = (text: string): Record<string, unknown>[] =>
  text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
