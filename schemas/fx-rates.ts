/** One operator-supplied rate: USD per unit of a currency, in force from its date. */
export interface FxRate {
  usd_per_unit: string;
  date: string; // YYYY-MM-DD
}

/** Currency -> its dated rates, oldest first. */
export type FxRates = Record<string, FxRate[]>;

/** The rate in force on a day: the latest dated on or before it; undefined when none is. */
export function fxRateOn(rates: FxRates | undefined, currency: string, day: string): FxRate | undefined {
  let found: FxRate | undefined;
  for (const r of rates?.[currency] ?? []) if (r.date <= day) found = r;
  return found;
}
