import cron from 'node-cron';
import type { SourceSpec } from '../ingest/source.ts';
import type { SourceStatus } from './source-status.ts';

export interface SourceReport {
  source: string;
  schedule: string;
  last_success_at: string | null;
  last_status: string | null;
  last_failure_at: string | null;
  last_failure_reason: string | null;
  next_run_at: string | null;
  last_documents_published: number | null;
  last_observations: number | null;
  last_changes: number | null;
  stale: boolean;
  staleness: string;
}

export function nextRun(schedule: string): Date | null {
  const task = cron.createTask(schedule, () => undefined, { timezone: 'UTC' });
  const [next] = task.getNextRuns(1);
  void task.destroy();
  return next ?? null;
}

const ago = (ms: number): string =>
  ms < 120_000
    ? `${Math.round(ms / 1000)} s`
    : ms < 7_200_000
      ? `${Math.round(ms / 60_000)} min`
      : `${(ms / 3_600_000).toFixed(1)} h`;

/** A source is stale when its last good fetch is older than its expected refresh interval (or never happened). */
export function report(spec: SourceSpec, s: SourceStatus, now: Date): SourceReport {
  const success = s.last_success_at ? Date.parse(s.last_success_at) : null;
  const age = success === null ? null : now.getTime() - success;
  const stale = age === null || age > spec.expectedRefreshMs;
  return {
    source: spec.name,
    schedule: spec.schedule,
    last_success_at: s.last_success_at ?? null,
    last_status: s.last_status ?? null,
    last_failure_at: s.last_failure_at ?? null,
    last_failure_reason: s.last_failure_reason ?? null,
    next_run_at: nextRun(spec.schedule)?.toISOString() ?? null,
    last_documents_published: s.last_status ? (s.last_document_id ?? '').split(',').filter(Boolean).length : null,
    last_observations: s.last_observations ? Number(s.last_observations) : null,
    last_changes: s.last_changes ? Number(s.last_changes) : null,
    stale,
    staleness:
      age === null
        ? 'never fetched'
        : `${stale ? 'STALE: ' : ''}last good fetch ${ago(age)} ago (expected every ${ago(spec.expectedRefreshMs)})`,
  };
}

export function formatReports(rows: SourceReport[]): string {
  return rows
    .map((r) =>
      [
        `${r.source}  [${r.schedule} UTC]  next run ${r.next_run_at ?? '-'}`,
        `  last success: ${r.last_success_at ?? 'never'}${r.last_status ? ` (${r.last_status})` : ''}; last run: ${r.last_documents_published ?? '-'} new documents, ${r.last_observations ?? '-'} observations, ${r.last_changes ?? '-'} changes`,
        `  last failure: ${r.last_failure_at ? `${r.last_failure_at}: ${r.last_failure_reason}` : 'none'}`,
        `  ${r.staleness}`,
      ].join('\n'),
    )
    .join('\n');
}
