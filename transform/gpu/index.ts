import { parseBecloudready } from '../../ingest/sources/gpu-price-sheets/parse.ts';
import type { GpuParseContext, GpuSheetParse } from './gpu-price.ts';
import { parseTugot17Tracker } from '../../ingest/sources/gpu-price-tracker/parse.ts';

/** GPU rental price readers by source name; pure, PermanentError for a document they cannot read. */
export const gpuSheets: Record<string, (payload: string, ctx: GpuParseContext) => GpuSheetParse> = {
  'gpu-price-sheets': parseBecloudready,
  'gpu-price-tracker': parseTugot17Tracker,
};
