import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Log } from '../schemas/logger.ts';
import { healthRoute, type Readiness } from './readiness.ts';

/** /healthz and /readyz for a process without the control server (one of roles that do not open the warehouse). */
export async function startHealthServer(
  probe: () => Promise<Readiness>,
  opts: { port: number; log: Log },
): Promise<{ url: string; stop(): Promise<void> }> {
  const server = createServer((req, res) => {
    healthRoute(req.method, req.url, probe)
      .then((r) => {
        res.writeHead(r?.status ?? 404, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(r?.body ?? 'not found\n');
      })
      .catch((err: Error) => {
        res.writeHead(500);
        res.end(`${err.message}\n`);
      });
  });
  await new Promise<void>((resolve) => server.listen(opts.port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  opts.log.info({ url, endpoints: ['/healthz', '/readyz'] }, 'health server listening');
  return { url, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
