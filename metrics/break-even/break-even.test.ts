import { describe, expect, it } from 'vitest';
import { breakEven } from './break-even.ts';

describe('self-host break-even', () => {
  it('an A100 at $2.74 an hour is $2,000 a month: against $0.60 per 1M tokens it wins above 3,334M tokens a month, if it can serve them', () => {
    const r = breakEven({ gpu_usd_per_hour: 2.74, tokens_per_second: 2000, api_usd_per_mtok: 0.6 });
    expect(r.gpu_usd_per_month).toBeCloseTo(2000.2, 1);
    expect(r.capacity_mtok_per_month).toBeCloseTo(5256, 0); // 2,000 tok/s for 730 h
    expect(r.break_even_mtok_per_month).toBeCloseTo(3333.7, 1);
    expect(r.utilization_needed).toBeCloseTo(0.634, 3);
    expect(r.self_hosting_can_win).toBe(true);
    // at 500 tok/s the same GPU cannot serve the break-even volume: the API wins at any volume it can carry
    expect(
      breakEven({ gpu_usd_per_hour: 2.74, tokens_per_second: 500, api_usd_per_mtok: 0.6 }).self_hosting_can_win,
    ).toBe(false);
  });

  it('refuses a zero or negative input by name', () => {
    expect(() => breakEven({ gpu_usd_per_hour: 2, tokens_per_second: 0, api_usd_per_mtok: 1 })).toThrow(
      /tokens_per_second must be a positive number/,
    );
  });
});
