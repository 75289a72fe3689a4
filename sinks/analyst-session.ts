// the analysts' reads: each query admitted by ClickHouse's own parse of it (analyst-guard.ts), then run on the
// read-only session; the caller learns the output format (the query's FORMAT clause, else its default) before a byte
import { PermanentError } from '../schemas/errors.ts';
import { reachOf, RefusedQueryError, refusal, SYNTAX_ERROR } from './analyst-guard.ts';
import { literal } from './sql-literal.ts';

/** An admitted query: the format its output is in, and the output as it comes. */
export interface AnalystRead {
  format: string;
  chunks: AsyncIterable<Uint8Array>;
}

export interface ReadSession {
  /** The whole output of a query, the format as its default (a FORMAT clause in the query wins). */
  run(sql: string, format: string): AsyncIterable<Uint8Array>;
  /** The same, chunk by chunk as ClickHouse produces it. */
  stream(sql: string, format: string): AsyncIterable<Uint8Array>;
}

export const withoutSemicolon = (sql: string): string => sql.trim().replace(/;\s*$/, '');

async function text(chunks: AsyncIterable<Uint8Array>): Promise<string> {
  let out = '';
  for await (const chunk of chunks) out += Buffer.from(chunk).toString();
  return out;
}

/**
 * The analyst path over one read session. serial: one query at a time from admission to its last byte (a chDB session
 * runs one stream at a time: a second query, or an abandoned stream, would break the one in flight)
 */
export function analystReads(session: ReadSession, database: string, serial: boolean) {
  let queue: Promise<void> = Promise.resolve();
  const turn = async (): Promise<() => void> => {
    if (!serial) return () => undefined;
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const before = queue;
    queue = before.then(() => mine);
    await before;
    return release;
  };
  // one statement (ClickHouse refuses a second one), its FORMAT clause, and what its AST says it reads
  async function admit(sql: string): Promise<string | null> {
    const formatted = await text(session.run(`SELECT formatQuery(${literal(sql)})`, 'TabSeparatedRaw')).catch(
      (err: Error) => {
        if (/Multi-statements are not allowed/.test(err.message))
          throw new RefusedQueryError('sql: refused: one statement per query (a ; ends it)', SYNTAX_ERROR, {
            cause: err,
          });
        throw new PermanentError(err.message.replace(/: In scope SELECT formatQuery\(.*$/s, ''), { cause: err });
      },
    );
    const reach = reachOf(await text(session.run(`EXPLAIN AST ${sql}`, 'TabSeparatedRaw')));
    // one row (a UNION ALL's rows may come in either order)
    const [databases, views] = (
      JSON.parse(
        await text(
          session.run(
            'SELECT (SELECT groupArray(name) FROM system.databases), (SELECT groupArray(name) FROM system.tables WHERE database = currentDatabase())',
            'JSONCompactEachRow',
          ),
        ),
      ) as [string[], string[]]
    ).map((names) => new Set(names));
    const refused = refusal(formatted, reach, { database, databases: databases!, views: views! });
    if (refused) throw new RefusedQueryError(`sql: refused: ${refused.why}`, refused.as);
    return /^FORMAT (\w+)$/m.exec(formatted)?.[1] ?? null;
  }
  // the turn is held until the stream ends, fails or is given up (return() on the iterator: a client gone)
  async function* held(release: () => void, chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    try {
      yield* chunks;
    } finally {
      release();
    }
  }
  async function read(sql: string, format: string): Promise<AnalystRead> {
    const single = withoutSemicolon(sql);
    const release = await turn();
    try {
      const own = await admit(single);
      // the query's own FORMAT clause decides how it may be streamed
      return { format: own ?? format, chunks: held(release, session.stream(single, own ?? format)) };
    } catch (err) {
      release();
      throw err;
    }
  }
  return {
    read,
    async text(sql: string, format: string): Promise<string> {
      const single = withoutSemicolon(sql);
      const release = await turn();
      try {
        await admit(single);
        return await text(session.run(single, format));
      } finally {
        release();
      }
    },
    async *stream(sql: string, format: string): AsyncGenerator<Uint8Array> {
      yield* (await read(sql, format)).chunks;
    },
  };
}
