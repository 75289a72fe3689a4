import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { mavenJars } from '../../jobs/services/maven-jars.ts';
import { createLogger } from '../../schemas/logger.ts';
import { REPO, type CliResult } from './test-env.ts';

const POM = path.join(REPO, 'test/jdbc/pom.xml');
const PROBE = path.join(REPO, 'test/jdbc/JdbcProbe.java');
export const JDBC_VERSION = /<clickhouse-jdbc\.version>([^<]+)</.exec(readFileSync(POM, 'utf8'))![1]!;

/** ClickHouse's JDBC driver and its dependencies, fetched by Maven into the cache once (as the Kafka jars). */
export const jdbcJars = (cacheDir: string): Promise<string> =>
  mavenJars({
    pom: POM,
    cacheDir,
    name: `clickhouse-jdbc-${JDBC_VERSION}`,
    what: `the ClickHouse JDBC driver ${JDBC_VERSION}`,
    log: createLogger(process.env.TEST_LOG_LEVEL ?? 'warn'),
  });

/** Runs test/jdbc/JdbcProbe.java (Java's source launcher) against a JDBC URL: each arg a query or --metadata. */
export function jdbcProbe(libs: string, url: string, args: string[], timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('java', ['-cp', path.join(libs, '*'), PROBE, url, ...args], { cwd: REPO });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`JdbcProbe ${args.join(' ')} timed out\n${stderr.slice(-3000)}`));
    }, timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
