import { DAY, joinUrl, type SourceSpec } from '../source.ts';

const BECLOUDREADY_FILES = [
  'coreweave_prices',
  'lambda_gpu_prices',
  'nebius_prices',
  'crusoe_gpu_prices',
  'runpod_gpu_prices',
  'denvr_gpu_prices',
  'azure_public_prices',
  'gcp_public_prices',
];
const TRACKER_GPUS = [
  'H100_80GB_SXM5',
  'H100_80GB_PCIe',
  'H200_141GB',
  'B200_180GB',
  'A100_80GB_SXM4',
  'A100_80GB_PCIe',
  'GH200_96GB',
];

export const gpuPriceSheets = (baseUrl: string, schedule: string): SourceSpec => ({
  name: 'gpu-price-sheets',
  description:
    'becloudready/gpu-price: per-provider GPU instance price lists (CoreWeave, Lambda, Nebius, Crusoe, RunPod, Denvr, Azure, GCP), $/hour',
  url: joinUrl(baseUrl, 'data'),
  urls: BECLOUDREADY_FILES.map((f) => joinUrl(baseUrl, `data/${f}.csv`)),
  schedule,
  expectedRefreshMs: 2 * DAY,
  complete: false,
  kind: 'sheet',
  render: false,
});

export const gpuPriceTracker = (baseUrl: string, schedule: string): SourceSpec => ({
  name: 'gpu-price-tracker',
  description:
    'tugot17/gpu-price-tracker: marketplace $/GPU-hour statistics per GPU model and provider, half-hourly snapshots',
  url: joinUrl(baseUrl, 'data/summary'),
  urls: TRACKER_GPUS.map((g) => joinUrl(baseUrl, `data/summary/${g}.jsonl`)),
  schedule,
  expectedRefreshMs: DAY,
  complete: false,
  kind: 'sheet',
  render: false,
});
