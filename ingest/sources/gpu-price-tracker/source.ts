import { DAY, defineSource, joinUrl } from '../../source.ts';
import { bySeries, facts } from '../../../transform/transformer.ts';
import { parseGpuPriceTracker } from './parse.ts';

const GPUS = [
  'H100_80GB_SXM5',
  'H100_80GB_PCIe',
  'H200_141GB',
  'B200_180GB',
  'A100_80GB_SXM4',
  'A100_80GB_PCIe',
  'GH200_96GB',
];

export const gpuPriceTracker = defineSource({
  name: 'gpu-price-tracker',
  description:
    'tugot17/gpu-price-tracker: marketplace $/GPU-hour statistics per GPU model and provider, half-hourly snapshots',
  bases: { 'gpu-price-tracker': 'https://raw.githubusercontent.com/tugot17/gpu-price-tracker/main' },
  documents: (base) => GPUS.map((g) => joinUrl(base(), `data/summary/${g}.jsonl`)),
  schedule: '37 * * * *',
  scheduledByDefault: true,
  expectedRefreshMs: DAY,
  complete: false,
  kind: 'sheet',
  transformer: facts('gpuPriceObservations', bySeries, parseGpuPriceTracker),
  fixtures: 'test/fixtures/gpu-price-tracker',
});
