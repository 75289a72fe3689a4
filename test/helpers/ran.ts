import { expect } from 'vitest';
import { runCli } from './test-env.ts';

// a CLI step that must succeed, with its stderr in the failure message
export async function ran(args: string[], env: Record<string, string>): Promise<{ stdout: string }> {
  const r = await runCli(args, env);
  expect(r.code, `rebar ${args.join(' ')}\n${r.stderr.slice(-3000)}`).toBe(0);
  return r;
}
