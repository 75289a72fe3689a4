import { deterministicId } from '../schemas/ids.ts';
import type { FetchLog } from '../schemas/events/fetch-log.ts';

export function fetchLogEntry(e: Omit<FetchLog, 'event_id'>): FetchLog {
  return { event_id: deterministicId('fetch_log', e.source, e.attempted_at, e.status, e.document_id), ...e };
}
