import { DAY, defineSource, joinUrl } from '../../source.ts';
import { bySeries, facts } from '../../../transform/transformer.ts';
import { parseGpuPriceSheets } from './parse.ts';

const FILES = [
  'coreweave_prices',
  'lambda_gpu_prices',
  'nebius_prices',
  'crusoe_gpu_prices',
  'runpod_gpu_prices',
  'denvr_gpu_prices',
  'azure_public_prices',
  'gcp_public_prices',
];

export const gpuPriceSheets = defineSource({
  name: 'gpu-price-sheets',
  description:
    'becloudready/gpu-price: per-provider GPU instance price lists (CoreWeave, Lambda, Nebius, Crusoe, RunPod, Denvr, Azure, GCP), $/hour',
  bases: { 'gpu-price-sheets': 'https://raw.githubusercontent.com/becloudready/gpu-price/main' },
  documents: (base) => FILES.map((f) => joinUrl(base(), `data/${f}.csv`)),
  schedule: '7 */6 * * *',
  scheduledByDefault: true,
  expectedRefreshMs: 2 * DAY,
  complete: false,
  kind: 'sheet',
  transformer: facts('gpuPriceObservations', bySeries, parseGpuPriceSheets),
  fixtures: 'test/fixtures/gpu-price-sheets',
});
