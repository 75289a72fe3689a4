import type { DocumentOutcome } from '../transform/run-transformer.ts';

export interface RunSummary {
  fetched: number; // documents obtained (published + unchanged)
  published: number;
  unchanged: number;
  failed: { source: string; reason: string }[];
  observations: number;
  changes: number;
  dead_lettered: number;
  historical: number; // observations older than their series' latest (stored, no live change event)
  skipped: Record<string, number>;
}

export const emptySummary = (): RunSummary => ({
  fetched: 0,
  published: 0,
  unchanged: 0,
  failed: [],
  observations: 0,
  changes: 0,
  dead_lettered: 0,
  historical: 0,
  skipped: {},
});

export function addOutcome(s: RunSummary, o: DocumentOutcome): void {
  s.observations += o.observations;
  s.changes += o.changes;
  s.dead_lettered += o.dead_lettered;
  s.historical += o.historical;
  for (const [k, v] of Object.entries(o.skipped)) s.skipped[k] = (s.skipped[k] ?? 0) + v;
}

export function mergeSummary(into: RunSummary, s: RunSummary): void {
  into.fetched += s.fetched;
  into.published += s.published;
  into.unchanged += s.unchanged;
  into.failed.push(...s.failed);
  into.observations += s.observations;
  into.changes += s.changes;
  into.dead_lettered += s.dead_lettered;
  into.historical += s.historical;
  for (const [k, v] of Object.entries(s.skipped)) into.skipped[k] = (into.skipped[k] ?? 0) + v;
}

// the parsers count each price in another unit (dead-lettered as non_token_unit) under one of these
const NON_TOKEN_SKIPS = /^(non_token_unit|not_token_priced):/;

export function formatSummary(s: RunSummary): string {
  const skipped = Object.entries(s.skipped);
  const nonToken = skipped.filter(([k]) => NON_TOKEN_SKIPS.test(k)).reduce((n, [, v]) => n + v, 0);
  const lines = [
    `documents fetched: ${s.fetched} (published ${s.published}, unchanged ${s.unchanged})`,
    `sources failed: ${s.failed.length}`,
    ...s.failed.map((f) => `  ${f.source}: ${f.reason}`),
    `observations: ${s.observations}${s.historical ? ` (${s.historical} older than the series' latest)` : ''}`,
    `changes: ${s.changes}`,
    `dead-lettered: ${s.dead_lettered}${nonToken ? ` (${nonToken} of them prices in another unit, by unit below)` : ''}`,
  ];
  if (skipped.length)
    lines.push(
      `not token-priced: ${skipped.map(([k, v]) => `${k.replace('non_token_unit:', 'per ').replace('not_token_priced:', 'mode ')} ${v}`).join(', ')}`,
    );
  return lines.join('\n');
}
