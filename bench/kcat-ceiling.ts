import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface KcatRead {
  messages: number;
  bytes: number;
  seconds: number;
}

/**
 * The Kafka read ceiling: kcat (librdkafka; Debian's package kcat) consuming a topic from its start to its end, each
 * message's size printed instead of its value. null where kcat is not installed.
 */
export function kcatRead(brokers: string[], topic: string): Promise<KcatRead | null> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('kcat', [
      '-C',
      '-b',
      brokers.join(','),
      '-t',
      topic,
      '-o',
      'beginning',
      '-e',
      '-q',
      '-f',
      '%S\n',
    ]);
    let messages = 0;
    let bytes = 0;
    let rest = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      const lines = (rest + d.toString()).split('\n');
      rest = lines.pop() ?? '';
      for (const l of lines) {
        messages += 1;
        bytes += Number(l);
      }
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? resolve(null) : reject(e)));
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`kcat exited with ${code}: ${err.slice(-500)}`));
      else resolve({ messages, bytes, seconds: (performance.now() - t0) / 1000 });
    });
  });
}
