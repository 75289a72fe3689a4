// ClickHouse's HTTP interface in front of rebar's warehouse (embedded or a server), read-only: so @clickhouse/client,
// curl, and JDBC or BI tools that speak ClickHouse over HTTP work unchanged. Every query takes the analyst path
// (sinks/analyst-session.ts): the same admission, readonly = 1 and limits as rebar sql
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { RefusedQueryError } from '../sinks/analyst-guard.ts';
import type { ReadOptions } from '../sinks/analyst-session.ts';
import { TIGHTENING } from '../sinks/analyst-settings.ts';
import { clickhouseErrorOf, type Warehouse } from '../sinks/clickhouse.ts';
import { compressedFramesStream } from './clickhouse-frames.ts';

// URL parameters that are not settings; param_<name> is a placeholder's value; any other one is a setting, which
// readonly = 1 cannot take unless it tightens a limit (TIGHTENING, checked against the session's)
const TRANSPORT = new Set([
  'query',
  'database',
  'default_format',
  'query_id',
  'user',
  'password',
  'session_id',
  'compress', // the response in ClickHouse's own compressed frames (JDBC asks for them)
  'decompress', // the request body in them: only for inserts, which are refused anyway
]);
// settings clients send about the HTTP exchange itself, honoured or harmless here
const HTTP_SETTINGS = new Set([
  'enable_http_compression',
  'wait_end_of_query',
  'send_progress_in_http_headers',
  'http_headers_progress_interval_ms',
  'http_response_buffer_size',
  'http_zlib_compression_level',
]);
// settings the session already holds, taken when they ask for its value (quoted 64-bit integers and decimals)
const SESSION_SETTINGS: Record<string, string> = {
  output_format_json_quote_64bit_integers: '1',
  output_format_json_quote_decimals: '1',
};

/** A ClickHouse error as the server answers it: HTTP status, code, type and text. */
class HttpQueryError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

// ClickHouse's own mapping of the codes analysts meet (src/Server/HTTPHandler.cpp, exceptionCodeToHTTPStatus)
const STATUS: Record<string, number> = {
  '516': 401,
  '194': 401,
  '164': 403,
  '497': 403,
  '62': 400,
  '27': 400,
  '36': 400,
  '43': 400,
  '53': 400,
  '47': 404,
  '60': 404,
  '81': 404,
  '46': 404,
  '73': 404,
  '115': 404,
};

function asHttpError(err: unknown): HttpQueryError {
  if (err instanceof HttpQueryError) return err;
  if (err instanceof RefusedQueryError) {
    const { code, type } = err.clickhouse;
    return new HttpQueryError(STATUS[code] ?? 500, code, type, err.message.replace(/^sql: /, ''));
  }
  const cause = clickhouseErrorOf(err);
  if (cause) {
    const type = /\(([A-Z][A-Z0-9_]+)\)\s*$/.exec(cause.message)?.[1] ?? cause.type ?? 'UNKNOWN_EXCEPTION';
    const text = (err as Error).message.replace(/^sql: (ClickHouse error \d+ \w*\s*: )?/, '');
    return new HttpQueryError(STATUS[cause.code] ?? 500, cause.code, type, text);
  }
  return new HttpQueryError(500, '1002', 'UNKNOWN_EXCEPTION', (err as Error).message);
}

/** The exception text ClickHouse sends, which clients parse for the code and type. */
const exceptionText = (e: HttpQueryError): string =>
  `Code: ${e.code}. DB::Exception: ${e.message.trim().replace(/\s*\([A-Z][A-Z0-9_]+\)\s*$/, '')} (${e.type}) (rebar)\n`;

export const contentType = (format: string): string => {
  if (/^(TabSeparated|TSV)/i.test(format)) return 'text/tab-separated-values; charset=UTF-8';
  if (/^CSV/i.test(format))
    return `text/csv; charset=UTF-8; header=${/WithNames/i.test(format) ? 'present' : 'absent'}`;
  if (/JSON/i.test(format)) return 'application/json; charset=UTF-8';
  if (/^(Parquet|Arrow|ORC|Avro|Native|RowBinary|Protobuf|MsgPack|CapnProto|BSON)/i.test(format))
    return 'application/octet-stream';
  return 'text/plain; charset=UTF-8';
};

const MAX_QUERY_BYTES = 16 * 2 ** 20; // a query, not data: writes are refused anyway

async function bodyText(req: IncomingMessage): Promise<string> {
  const gzip = /gzip/i.test(req.headers['content-encoding'] ?? '');
  const chunks: Buffer[] = [];
  let bytes = 0;
  const source = gzip ? req.pipe(createGunzip()) : req;
  for await (const chunk of source) {
    bytes += (chunk as Buffer).length;
    if (bytes > MAX_QUERY_BYTES)
      throw new HttpQueryError(413, '368', 'QUERY_IS_TOO_LARGE', `the query is over ${MAX_QUERY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

// the query, its default format and the settings it asks for, as ClickHouse reads them from the URL and the body
function request(
  url: URL,
  headers: IncomingMessage['headers'],
  body: string,
  database: string,
): { query: string; format: string; gzip: boolean; frames: boolean; opts: Required<ReadOptions> } {
  const p = url.searchParams;
  const query = [p.get('query') ?? '', body].filter((s) => s.trim()).join('\n');
  if (!query.trim()) throw new HttpQueryError(400, '62', 'SYNTAX_ERROR', 'Empty query');
  // as ClickHouse: the X-ClickHouse-* headers win over the URL (the JDBC driver sends its format and database so)
  const header = (name: string): string | undefined => [headers[`x-clickhouse-${name}`]].flat()[0] || undefined;
  const db = header('database') ?? p.get('database');
  if (db && db !== database && db !== 'default')
    throw new HttpQueryError(
      404,
      '81',
      'UNKNOWN_DATABASE',
      `Database ${db} does not exist: this endpoint serves ${database}`,
    );
  const opts: Required<ReadOptions> = { params: {}, settings: {} };
  for (const [name, value] of p) {
    if (TRANSPORT.has(name) || HTTP_SETTINGS.has(name) || SESSION_SETTINGS[name] === value) continue;
    if (name.startsWith('param_')) opts.params[name.slice('param_'.length)] = value;
    else if (TIGHTENING.has(name)) opts.settings[name] = value;
    else throw new HttpQueryError(403, '164', 'READONLY', `Cannot modify '${name}' setting in readonly mode`);
  }
  const format = header('format') ?? p.get('default_format') ?? 'TabSeparated';
  if (!/^\w+$/.test(format)) throw new HttpQueryError(404, '73', 'UNKNOWN_FORMAT', `Unknown format ${format}`);
  return { query, format, gzip: p.get('enable_http_compression') === '1', frames: p.get('compress') === '1', opts };
}

/** Answers one request of ClickHouse's HTTP interface (the query in ?query= or the body; /ping). */
export async function serveClickHouseHttp(wh: Warehouse, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const started = process.hrtime.bigint();
  const queryId = url.searchParams.get('query_id') ?? randomUUID();
  const fail = (err: unknown): void => {
    const e = asHttpError(err);
    res.writeHead(e.status, {
      'content-type': 'text/plain; charset=UTF-8',
      'x-clickhouse-exception-code': e.code,
      'x-clickhouse-query-id': queryId,
    });
    res.end(exceptionText(e));
  };
  try {
    if (url.pathname === '/ping' || (url.pathname === '/' && req.method === 'GET' && !url.searchParams.has('query'))) {
      res.writeHead(200, { 'content-type': 'text/plain; charset=UTF-8' });
      return void res.end('Ok.\n');
    }
    if (req.method !== 'GET' && req.method !== 'POST')
      throw new HttpQueryError(400, '36', 'BAD_ARGUMENTS', `method ${req.method} is not taken: GET or POST`);
    const body = req.method === 'POST' ? await bodyText(req) : '';
    const { query, format, gzip, frames, opts } = request(url, req.headers, body, wh.database);
    const read = await wh.readOnly(query, format, opts);
    // the first chunk before the headers, so an error of the query itself is an HTTP error, as ClickHouse answers
    const chunks = read.chunks[Symbol.asyncIterator]();
    const first = await chunks.next();
    const zip = gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    res.writeHead(200, {
      'content-type': contentType(read.format),
      'x-clickhouse-format': read.format,
      'x-clickhouse-query-id': queryId,
      'x-clickhouse-timezone': 'UTC',
      'x-clickhouse-summary': JSON.stringify({ elapsed_ns: String(process.hrtime.bigint() - started) }),
      ...(zip ? { 'content-encoding': 'gzip' } : {}),
    });
    let failed: unknown = null;
    async function* rest(): AsyncGenerator<Uint8Array> {
      try {
        if (!first.done) yield first.value;
        for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
      } catch (err) {
        failed = err;
        yield Buffer.from(`\n${exceptionText(asHttpError(err))}`);
      } finally {
        await chunks.return?.(); // a client gone mid-stream: the query ends, the session is free again
      }
    }
    // as ClickHouse layers them: its own checksummed frames (compress=1) inside, HTTP's gzip outside
    const layers = [...(frames ? [compressedFramesStream()] : []), ...(zip ? [createGzip()] : [])];
    await pipeline([Readable.from(rest()), ...layers, res]);
    // past the headers, ClickHouse's text ends the body and the connection breaks, so no client takes it for a result
    if (failed) res.socket?.destroy();
  } catch (err) {
    if (!res.headersSent) fail(err);
    else res.destroy(err as Error);
  }
}
