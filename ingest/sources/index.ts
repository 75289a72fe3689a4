import type { Env } from '../../schemas/env.ts';
import { ConfigError } from '../../schemas/errors.ts';
import type { SourceSpec } from '../source.ts';
import { litellm } from './litellm.ts';
import { openrouter } from './openrouter.ts';

export function sourceRegistry(env: Env): Record<string, SourceSpec> {
  return {
    litellm: litellm(env.REBAR_LITELLM_BASE_URL, env.REBAR_SCHEDULE_LITELLM),
    openrouter: openrouter(env.REBAR_OPENROUTER_BASE_URL, env.REBAR_SCHEDULE_OPENROUTER),
  };
}

export function pickSources(all: Record<string, SourceSpec>, names: readonly string[]): SourceSpec[] {
  return names.map((n) => {
    const s = all[n];
    if (!s) throw new ConfigError(`unknown source ${n}: known sources are ${Object.keys(all).join(', ')}`);
    return s;
  });
}
