import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../../schemas/repo-root.ts';

/** `rebar serve` in a child process, resolved with its URL once it prints it (tests and the dashboard bench). */
export function serve(env: NodeJS.ProcessEnv, args: string[] = []): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/rebar.js'), 'serve', '--port', '0', ...args], {
    env,
    cwd: REPO_ROOT,
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /at (http:\/\/\S+\/)/.exec(out);
      if (m) resolve({ url: m[1]!, child });
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`rebar serve exited ${code}: ${err.slice(-2000)}`)));
  });
}
