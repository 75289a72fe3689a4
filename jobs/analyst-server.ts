// the analysts' one HTTP port: ClickHouse's HTTP interface at / (and /ping), the dashboard at /dashboard; loopback by
// default, a token anywhere else
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '../schemas/errors.ts';
import type { Log } from '../schemas/logger.ts';
import type { Warehouse } from '../sinks/clickhouse.ts';
import { serveClickHouseHttp } from './clickhouse-http.ts';
import { serveDashboard } from './dashboard-server.ts';

export interface AnalystServerOptions {
  host: string;
  port: number;
  token?: string | undefined;
  log: Log;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

// the token as ClickHouse clients send a password (basic auth, X-ClickHouse-Key, ?password=), or a bearer token
function presented(req: IncomingMessage, url: URL): string | null {
  const auth = req.headers.authorization ?? '';
  if (/^Bearer /i.test(auth)) return auth.slice(7).trim();
  if (/^Basic /i.test(auth)) {
    const pair = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
    return pair.slice(pair.indexOf(':') + 1);
  }
  const key = req.headers['x-clickhouse-key'];
  return (Array.isArray(key) ? key[0] : key) ?? url.searchParams.get('password');
}

// digests: equal lengths whatever the strings' bytes (timingSafeEqual throws on unequal ones)
const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
const same = (a: string, b: string): boolean => timingSafeEqual(digest(a), digest(b));
// on loopback with no token, a page in the browser must not reach the port through a name it resolves there
const LOCAL_HOST = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/i;

/** Starts the port; resolves once it listens, with its URL (printed) and a stop. */
export async function startAnalystServer(
  wh: Warehouse,
  o: AnalystServerOptions,
): Promise<{ url: string; stop(): Promise<void> }> {
  if (!LOOPBACK.test(o.host) && !o.token)
    throw new ConfigError(
      `REBAR_HTTP_HOST=${o.host} is reachable from other machines: set REBAR_HTTP_TOKEN (16+ characters), which every request must present`,
    );
  const log = o.log.child({ component: 'http' });
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/ping') return void serveClickHouseHttp(wh, req, res); // health checks, as ClickHouse's
    if (!o.token && !LOCAL_HOST.test(req.headers.host ?? '')) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=UTF-8' });
      return void res.end(
        `Host ${req.headers.host ?? '(none)'} is not this loopback port: set REBAR_HTTP_TOKEN to serve other names\n`,
      );
    }
    const given = o.token ? presented(req, url) : null;
    if (o.token && (given === null || !same(given, o.token))) {
      res.writeHead(401, {
        'content-type': 'text/plain; charset=UTF-8',
        'x-clickhouse-exception-code': '516',
        'www-authenticate': 'Basic realm="rebar"', // a browser asks for the token (as the password) once
      });
      return void res.end(
        'Code: 516. DB::Exception: the token (REBAR_HTTP_TOKEN) is missing or wrong: send it as the password. (AUTHENTICATION_FAILED) (rebar)\n',
      );
    }
    if (url.pathname === '/' || url.pathname === '/ping') return void serveClickHouseHttp(wh, req, res);
    void serveDashboard(wh, req, res).then((served) => {
      if (served) return;
      res.writeHead(404, { 'content-type': 'text/plain; charset=UTF-8' });
      res.end(`${url.pathname}: not here. ClickHouse's HTTP interface is at /, the dashboard at /dashboard\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new ConfigError(`port ${o.port} on ${o.host} is taken (a ClickHouse server?): set REBAR_HTTP_PORT`)
          : err,
      ),
    );
    server.listen(o.port, o.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}/`;
  log.info({ url, token: o.token ? 'required' : 'none (loopback)' }, `analysts' SQL over HTTP at ${url}`);
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
