// the dashboard at /dashboard: a static page (dashboard/) and its charting library, bundled (no CDN); its charts read
// ClickHouse's HTTP interface at / with the SQL they show, and the price index its verb's JSON (/dashboard/metric/...)
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { Command } from 'commander';
import { metricVerb } from '../metrics/registry.ts';
import type { MetricOptions } from '../metrics/session.ts';
import { REPO_ROOT } from '../schemas/repo-root.ts';
import type { Warehouse } from '../sinks/clickhouse.ts';

const PAGE = path.join(REPO_ROOT, 'dashboard');
const UPLOT = path.join(REPO_ROOT, 'node_modules', 'uplot', 'dist');
// every file the page may load, by its path under /dashboard/: nothing else is served
const FILES: Record<string, [string, string]> = {
  '': [path.join(PAGE, 'index.html'), 'text/html; charset=UTF-8'],
  'dashboard.js': [path.join(PAGE, 'dashboard.js'), 'text/javascript; charset=UTF-8'],
  'panels.js': [path.join(PAGE, 'panels.js'), 'text/javascript; charset=UTF-8'],
  'dashboard.css': [path.join(PAGE, 'dashboard.css'), 'text/css; charset=UTF-8'],
  'vendor/uPlot.iife.min.js': [path.join(UPLOT, 'uPlot.iife.min.js'), 'text/javascript; charset=UTF-8'],
  'vendor/uPlot.min.css': [path.join(UPLOT, 'uPlot.min.css'), 'text/css; charset=UTF-8'],
};
// the page reaches nothing but this port: no CDN, no font, no beacon
const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'";
const METRICS = new Set(['price-index']);

/** The verb's options from URL parameters, parsed as the CLI parses its flags (`threshold-model=X` is `--threshold-model X`). */
function verbOptions(name: string, params: URLSearchParams): MetricOptions {
  const verb = metricVerb(name)!;
  const cmd = new Command(name).exitOverride().configureOutput({ writeErr: () => undefined });
  for (const o of verb.options) cmd.option(o.flags, o.description, o.default);
  const argv: string[] = [];
  for (const [k, v] of params) argv.push(`--${k}`, ...(v === '' ? [] : [v]));
  cmd.parse(argv, { from: 'user' });
  return cmd.opts<MetricOptions>();
}

/** Answers /dashboard and below; false when the path is not the dashboard's. */
export async function serveDashboard(wh: Warehouse, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname !== '/dashboard' && !url.pathname.startsWith('/dashboard/')) return false;
  const rest = url.pathname.replace(/^\/dashboard\/?/, '');
  const metric = /^metric\/([\w-]+)$/.exec(rest)?.[1];
  try {
    if (metric && METRICS.has(metric)) {
      const verb = metricVerb(metric)!;
      const body = await verb.run((q, f) => wh.readOnlyText(q, f), verbOptions(metric, url.searchParams), true);
      res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=UTF-8', 'cache-control': 'no-store' });
      return (void res.end(body.endsWith('\n') || body === '' ? body : `${body}\n`), true);
    }
    const file = FILES[rest];
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=UTF-8' });
      return (void res.end(`/dashboard/${rest}: no such page\n`), true);
    }
    res.writeHead(200, { 'content-type': file[1], 'content-security-policy': CSP, 'cache-control': 'no-cache' });
    res.end(await readFile(file[0]));
  } catch (err) {
    res.writeHead(400, { 'content-type': 'text/plain; charset=UTF-8' });
    res.end(`${(err as Error).message}\n`);
  }
  return true;
}
