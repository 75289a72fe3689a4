// one-shot commands of the local services (java -version, mvn, the Kafka storage tool), output captured
import { spawn } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';

export interface RunResult {
  code: number | null;
  output: string;
  missing: boolean;
}

/** runs a command to completion, stdout and stderr together; missing: the binary was not found */
export function runCommand(cmd: string, args: string[]): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.once('error', (err: NodeJS.ErrnoException) =>
      resolve({ code: null, output: err.message, missing: err.code === 'ENOENT' }),
    );
    // mvn prints colour codes even with -q -B
    child.once('close', (code) => resolve({ code, output: stripVTControlCharacters(output), missing: false }));
  });
}

export function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
