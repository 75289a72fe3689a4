import { parseBecloudready } from './becloudready.ts';
import type { GpuParseContext, GpuSheetParse } from './gpu-price.ts';
import { parseTugot17Tracker } from './tugot17-tracker.ts';

/** GPU rental price readers by source name; pure, PermanentError for a document they cannot read. */
export const gpuSheets: Record<string, (payload: string, ctx: GpuParseContext) => GpuSheetParse> = {
  'gpu-price-sheets': parseBecloudready,
  'gpu-price-tracker': parseTugot17Tracker,
};
