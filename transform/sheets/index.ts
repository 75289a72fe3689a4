import type { SheetParse } from '../price-point.ts';
import { parseLitellmSheet } from './litellm.ts';
import { parseOpenrouterModels } from './openrouter.ts';

export interface SheetSpec {
  parse: (payload: string) => SheetParse; // pure; throws PermanentError for a document it cannot read
  // history datasets: each price is placed at its effective_from on the time axis, not at the fetch time
  effectiveDated: boolean;
}

/** Price sheet readers by source name. */
export const sheets: Record<string, SheetSpec> = {
  litellm: { parse: parseLitellmSheet, effectiveDated: false },
  openrouter: { parse: parseOpenrouterModels, effectiveDated: false },
};
