// Jars from Maven Central, fetched once per pom by `mvn dependency:copy-dependencies` and cached under a name
// (the Kafka broker's, the JDBC driver of the tests)
import { createHash } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ServiceStartError } from '../../schemas/errors.ts';
import type { Log } from '../../schemas/logger.ts';
import { runCommand, tail } from './run-command.ts';

export interface MavenJarsOptions {
  /** a pom whose runtime dependencies are the jars */
  pom: string;
  cacheDir: string;
  /** the folder in the cache, with the version in it: `kafka-4.2.1` */
  name: string;
  /** for the messages: `the Kafka 4.2.1 broker jars` */
  what: string;
  /** what else the user can do when Maven is not there or fails */
  otherwise?: string;
  log: Log;
}

export interface CachedJars {
  root: string;
  libs: string;
  cached: boolean;
  pomHash: string;
}

/** Where the pom's jars live in the cache (<cache>/<name>/libs), and whether they are there. */
export async function cachedJars(pom: string, cacheDir: string, name: string): Promise<CachedJars> {
  const root = path.resolve(cacheDir, name);
  const pomHash = createHash('sha256')
    .update(await readFile(pom))
    .digest('hex');
  // libs.ok records the pom the jars came from
  const marker = (await readFile(path.join(root, 'libs.ok'), 'utf8').catch(() => '')).trim();
  return { root, libs: path.join(root, 'libs'), cached: marker === pomHash, pomHash };
}

/** The libs folder of the pom's jars, fetched by mvn the first time. */
export async function mavenJars(o: MavenJarsOptions): Promise<string> {
  const { root, libs, cached, pomHash } = await cachedJars(o.pom, o.cacheDir, o.name);
  if (cached) return libs;
  const otherwise = o.otherwise ? `, ${o.otherwise}` : '';

  const started = Date.now();
  o.log.info({ jars: o.name, libs }, 'fetching jars with maven');
  // into a private dir, then renamed: a concurrent or interrupted fetch never leaves a half-filled libs
  const tmp = path.join(root, `libs.tmp-${process.pid}`);
  await rm(tmp, { recursive: true, force: true });
  const res = await runCommand('mvn', [
    '-q',
    '-B',
    '-Dstyle.color=never',
    '-f',
    o.pom,
    'dependency:copy-dependencies',
    `-DoutputDirectory=${tmp}`,
    '-DincludeScope=runtime',
  ]);
  if (res.missing) {
    throw new ServiceStartError(
      `Maven (\`mvn\`) is needed once to download ${o.what} but was not found on PATH. ` +
        `Install it (e.g. \`apt-get install -y maven\`)${otherwise}.`,
    );
  }
  if (res.code !== 0) {
    await rm(tmp, { recursive: true, force: true });
    throw new ServiceStartError(
      `mvn could not fetch ${o.what} (is Maven Central reachable?):\n${tail(res.output, 30)}`,
    );
  }
  if ((await cachedJars(o.pom, o.cacheDir, o.name)).cached) {
    await rm(tmp, { recursive: true, force: true }); // another process finished first
    return libs;
  }
  await rm(libs, { recursive: true, force: true });
  await rename(tmp, libs);
  await writeFile(path.join(root, 'libs.ok'), `${pomHash}\n`);
  o.log.info({ jars: o.name, libs, ms: Date.now() - started }, 'fetched jars');
  return libs;
}
