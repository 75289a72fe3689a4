import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ServiceStartError } from '../../schemas/errors.ts';
import type { Log } from '../../schemas/logger.ts';
import { pingRedis } from '../redis-client.ts';

export interface LocalRedis {
  url: string;
  owned: boolean;
  stop(): Promise<void>;
}

/** REDIS_URL if set; else a Redis already answering on the port; else a redis-server of our own. */
export async function startLocalRedis(opts: {
  url?: string | undefined;
  port: number;
  dataDir: string;
  log: Log;
}): Promise<LocalRedis> {
  const log = opts.log.child({ component: 'redis' });
  if (opts.url) {
    if (!(await pingRedis(opts.url)))
      throw new ServiceStartError(
        `REDIS_URL=${opts.url} does not answer PING: start that Redis, or unset REDIS_URL to let rebar use or start a local one`,
      );
    return { url: opts.url, owned: false, stop: async () => undefined };
  }
  const url = `redis://127.0.0.1:${opts.port}`;
  if (await pingRedis(url)) {
    log.info({ url }, 'using the Redis already running');
    return { url, owned: false, stop: async () => undefined };
  }
  if (spawnSync('redis-server', ['--version']).error) {
    throw new ServiceStartError(
      `no Redis answers at ${url} and redis-server is not installed: apt-get install -y redis-server, or set REDIS_URL`,
    );
  }
  const dir = path.join(opts.dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const child = spawn(
    'redis-server',
    [
      '--bind',
      '127.0.0.1',
      '--port',
      String(opts.port),
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--logfile',
      path.join(dir, 'redis.log'),
    ],
    // its own process group, as the broker's: Ctrl-C reaches rebar, which stops it last
    { stdio: 'ignore', detached: true },
  );
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  const kill = (): void => {
    if (!exited) child.kill('SIGTERM');
  };
  process.on('exit', kill);
  for (let i = 0; i < 100 && !exited; i += 1) {
    if (await pingRedis(url)) {
      log.info({ url, pid: child.pid }, 'redis-server started');
      return {
        url,
        owned: true,
        stop: async () => {
          process.off('exit', kill);
          if (exited) return;
          const done = new Promise((r) => child.once('exit', r));
          child.kill('SIGTERM');
          await done;
        },
      };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  kill();
  throw new ServiceStartError(
    `redis-server did not start on port ${opts.port} (see ${path.join(dir, 'redis.log')}): is the port taken? Set REBAR_REDIS_PORT or REDIS_URL`,
  );
}
