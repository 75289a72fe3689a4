import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { isRetriable } from '../schemas/errors.ts';
import type { Log } from '../schemas/logger.ts';
import type { Pipeline } from './pipeline.ts';
import { healthRoute, type Readiness } from './readiness.ts';
import type { Warehouse } from '../sinks/clickhouse.ts';
import { prometheusText } from './metrics.ts';
import { reclassify } from './reclassify.ts';

// embedded chDB binds its data folder to one process: while `rebar run` owns it, other verbs come through here
export interface RunInfo {
  pid: number;
  port: number;
  started_at: string;
}

const runFile = (dataDir: string): string => path.join(dataDir, 'run.json');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function findRunningRun(dataDir: string): RunInfo | null {
  const f = runFile(dataDir);
  if (!existsSync(f)) return null;
  const info = JSON.parse(readFileSync(f, 'utf8')) as RunInfo;
  return info.pid !== process.pid && alive(info.pid) ? info : null;
}

async function body(req: IncomingMessage): Promise<Record<string, string> & { params?: Record<string, string> }> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text ? (JSON.parse(text) as Record<string, string>) : {};
}

export async function startControlServer(
  pipeline: Pipeline,
  warehouse: Warehouse,
  opts: { dataDir: string; port: number; log: Log; probe: () => Promise<Readiness> },
): Promise<{ stop(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const reply = (status: number, text: string, type = 'text/plain; charset=utf-8'): void => {
      res.writeHead(status, { 'content-type': type });
      res.end(text);
    };
    (async () => {
      if (req.method === 'GET' && req.url === '/health') return reply(200, 'ok\n');
      const health = await healthRoute(req.method, req.url, opts.probe);
      if (health) return reply(health.status, health.body);
      if (req.method === 'GET' && req.url === '/metrics')
        return reply(200, prometheusText(pipeline), 'text/plain; version=0.0.4');
      if (req.method === 'POST' && req.url === '/sql') {
        const b = await body(req);
        const text = await warehouse.readOnlyText(b.query ?? '', b.format ?? 'PrettyCompactMonoBlock', {
          params: b.params ?? {},
        });
        return reply(200, text);
      }
      if (req.method === 'POST' && req.url === '/import') {
        const b = await body(req);
        const summary = await pipeline.importDocument(
          b.source ?? '',
          b.path ?? '',
          b.observed_at ? new Date(b.observed_at) : undefined,
        );
        return reply(200, JSON.stringify(summary), 'application/json');
      }
      if (req.method === 'POST' && req.url === '/import-payload') {
        const b = await body(req);
        const summary = await pipeline.importPayload(b.source ?? '', {
          payload: b.payload ?? '',
          url: b.url ?? '',
          observedAt: b.observed_at ? new Date(b.observed_at) : undefined,
        });
        return reply(200, JSON.stringify(summary), 'application/json');
      }
      if (req.method === 'POST' && req.url === '/replay') {
        const b = await body(req);
        const summary = await pipeline.replay(b.source ?? '', b.since ? new Date(b.since) : undefined);
        return reply(200, JSON.stringify(summary), 'application/json');
      }
      if (req.method === 'POST' && req.url === '/reclassify')
        return reply(200, JSON.stringify(await reclassify(warehouse, new Date())), 'application/json');
      return reply(404, 'not found\n');
    })().catch((err: Error) => reply(isRetriable(err) ? 503 : 400, `${err.message}\n`));
  });
  await new Promise<void>((resolve) => server.listen(opts.port, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  writeFileSync(
    runFile(opts.dataDir),
    JSON.stringify({ pid: process.pid, port, started_at: new Date().toISOString() } satisfies RunInfo),
  );
  opts.log.info(
    {
      url: `http://127.0.0.1:${port}`,
      endpoints: [
        '/health',
        '/healthz',
        '/readyz',
        '/metrics',
        'POST /sql',
        'POST /import',
        'POST /import-payload',
        'POST /replay',
        'POST /reclassify',
      ],
    },
    'control server listening',
  );
  return {
    async stop() {
      rmSync(runFile(opts.dataDir), { force: true });
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export async function callRun(info: RunInfo, route: string, payload: object): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${info.port}${route}`, {
    method: 'POST',
    body: JSON.stringify(payload),
    headers: { 'content-type': 'application/json' },
  });
  const text = await res.text();
  if (!res.ok) throw new Error(text.trim() || `HTTP ${res.status}`);
  return text;
}
