import { ConfigError } from '../../schemas/errors.ts';

// self-hosting break-even: one rented GPU against an API's price per 1M tokens, at a stated throughput

const HOURS_PER_MONTH = 730; // 8,760 / 12

export interface BreakEvenInput {
  gpu_usd_per_hour: number;
  tokens_per_second: number;
  api_usd_per_mtok: number;
  gpus?: number;
}
export interface BreakEven extends Required<BreakEvenInput> {
  gpu_usd_per_month: number;
  capacity_mtok_per_month: number;
  break_even_mtok_per_month: number;
  utilization_needed: number;
  self_host_usd_per_mtok_at_full_use: number;
  self_hosting_can_win: boolean;
}

/** The monthly volume above which renting beats the API: GPU cost per month / API price, if the GPUs can serve it at all. */
export function breakEven(input: BreakEvenInput): BreakEven {
  const gpus = input.gpus ?? 1;
  for (const [k, v] of Object.entries({ ...input, gpus }))
    if (!(Number.isFinite(v) && v > 0)) throw new ConfigError(`${k} must be a positive number, got ${v}`);
  const gpu_usd_per_month = input.gpu_usd_per_hour * gpus * HOURS_PER_MONTH;
  const capacity_mtok_per_month = (input.tokens_per_second * 3600 * HOURS_PER_MONTH) / 1e6;
  const break_even_mtok_per_month = gpu_usd_per_month / input.api_usd_per_mtok;
  return {
    ...input,
    gpus,
    gpu_usd_per_month,
    capacity_mtok_per_month,
    break_even_mtok_per_month,
    utilization_needed: break_even_mtok_per_month / capacity_mtok_per_month,
    self_host_usd_per_mtok_at_full_use: gpu_usd_per_month / capacity_mtok_per_month,
    self_hosting_can_win: break_even_mtok_per_month <= capacity_mtok_per_month,
  };
}
