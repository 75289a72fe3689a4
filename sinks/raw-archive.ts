import { RawDocument } from '../schemas/raw-document.ts';
import type { Warehouse } from './clickhouse.ts';

// ClickHouse prints microseconds with %f; the envelope carries milliseconds
const fixMillis = (t: string): string => t.replace(/(\.\d{3})\d*Z$/, '$1Z');

/** The archived raw documents of a source, oldest first, exactly as they were published. */
export async function archivedDocuments(wh: Warehouse, source: string, since?: Date): Promise<RawDocument[]> {
  const rows = await wh.query<RawDocument & { fetched: string; observed: string }>(
    `SELECT document_id, source, url, formatDateTime(fetched_at, '%Y-%m-%dT%H:%i:%S.%fZ') AS fetched, formatDateTime(observed_at, '%Y-%m-%dT%H:%i:%S.%fZ') AS observed,
       content_hash, content_type, etag, complete, origin, payload
     FROM raw_documents WHERE source = {source:String} AND observed_at >= {since:DateTime64(3, 'UTC')} ORDER BY observed_at`,
    { source, since: (since ?? new Date(0)).toISOString().replace('T', ' ').replace('Z', '') },
  );
  return rows.map(({ fetched, observed, ...rest }) =>
    RawDocument.parse({ ...rest, fetched_at: fixMillis(fetched), observed_at: fixMillis(observed) }),
  );
}
