import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO } from '../helpers/test-env.ts';

/** A `rebar run --role ...` child process, its log (stderr) kept for the assertions and for a failure's message. */
export interface RoleProcess {
  child: ChildProcess;
  logs(): string;
  /** resolves once the log shows the line, rejects (with the log's end) if the process exits or 120 s pass */
  started(line: string): Promise<void>;
  kill(): void;
  exited: Promise<void>;
}

export function startRole(roles: string, env: Record<string, string>): RoleProcess {
  const child = spawn(process.execPath, [path.join(REPO, 'bin/rebar.js'), 'run', '--role', roles], { env, cwd: REPO });
  let logs = '';
  child.stderr.on('data', (d: Buffer) => {
    logs += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const gone = (): boolean => child.exitCode !== null || child.signalCode !== null;
  return {
    child,
    logs: () => logs,
    exited,
    kill: () => void child.kill('SIGKILL'),
    async started(line) {
      const deadline = Date.now() + 120_000;
      while (!logs.includes(line)) {
        if (gone() || Date.now() > deadline)
          throw new Error(
            `rebar run --role ${roles} ${gone() ? 'exited' : 'did not start'}; its log ends:\n${logs.slice(-3000)}`,
          );
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

/** SIGTERM (a clean stop) to each process still running, and wait for them. */
export async function stopRoles(running: RoleProcess[]): Promise<void> {
  const live = running.filter((r) => r.child.exitCode === null && r.child.signalCode === null);
  for (const r of live) r.child.kill('SIGTERM');
  await Promise.all(live.map((r) => r.exited));
}
