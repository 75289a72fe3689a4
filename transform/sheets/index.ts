import type { SheetParse } from '../price-point.ts';
import { parseLitellmSheet } from './litellm.ts';
import { parseOpenrouterModels } from './openrouter.ts';

/** Sheet parsers by source name; each is pure and throws PermanentError for a document it cannot read. */
export const sheetParsers: Record<string, (payload: string) => SheetParse> = {
  litellm: parseLitellmSheet,
  openrouter: parseOpenrouterModels,
};
