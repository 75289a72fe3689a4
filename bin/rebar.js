#!/usr/bin/env node
// runs the TypeScript CLI with no build step: compiled once per version of the sources into .cache/cli/ (a read-only verb
// then starts in half the time), or through tsx's loader when compiling is not possible
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_DIRS = ['jobs', 'sinks', 'schemas', 'ingest', 'transform', 'metrics', 'views'];
const WEEK_MS = 7 * 86_400_000;

// every source file's path and content, this launcher's (it holds the build options), tsconfig and the installed packages
function sourceVersion() {
  const hash = createHash('sha1');
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) hash.update(`${p}\0`).update(readFileSync(p));
    }
  };
  for (const d of SOURCE_DIRS) walk(path.join(ROOT, d));
  for (const f of [fileURLToPath(import.meta.url), path.join(ROOT, 'tsconfig.json')]) hash.update(readFileSync(f));
  const installed = path.join(ROOT, 'node_modules', '.package-lock.json');
  if (existsSync(installed)) hash.update(String(statSync(installed).mtimeMs));
  return hash.digest('hex').slice(0, 16);
}

async function compile(dir) {
  const { build } = await import('esbuild');
  const tmp = `${dir}.tmp-${process.pid}`;
  await build({
    entryPoints: [path.join(ROOT, 'jobs', 'cli.ts')],
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'silent',
  });
  // another process may have compiled the same version meanwhile: either copy is the same
  try {
    renameSync(tmp, dir);
  } catch {
    rmSync(tmp, { recursive: true, force: true });
  }
  // versions not started for a week go (each start touches its own; another process may be removing one meanwhile)
  for (const old of readdirSync(path.dirname(dir))) {
    const p = path.join(path.dirname(dir), old);
    try {
      if (p !== dir && Date.now() - statSync(p).mtimeMs > WEEK_MS) rmSync(p, { recursive: true, force: true });
    } catch {
      /* gone already */
    }
  }
}

let entry = null;
if (process.env.REBAR_COMPILE !== '0') {
  try {
    const dir = path.join(ROOT, '.cache', 'cli', sourceVersion());
    if (!existsSync(path.join(dir, 'cli.js'))) {
      mkdirSync(path.dirname(dir), { recursive: true });
      await compile(dir);
    }
    entry = path.join(dir, 'cli.js');
    const now = new Date();
    utimesSync(dir, now, now); // last use, for the clean-up above
  } catch {
    entry = null; // no esbuild, a read-only checkout: tsx compiles on the fly instead
  }
}
if (entry && existsSync(entry)) {
  await import(pathToFileURL(entry).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../jobs/cli.ts');
}
