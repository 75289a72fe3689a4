import { describe, expect, it } from 'vitest';
import { CANONICAL_GPU_MODELS, canonicalGpuModel, gpuMemoryFromName } from '../../transform/gpu/gpu-models.ts';
import { readFixture } from '../helpers/fixtures.ts';

describe('canonical GPU models', () => {
  it.each([
    ['NVIDIA H100 SXM', 'H100 SXM'],
    ['H100 SXM', 'H100 SXM'],
    ['H100_80GB_SXM5', 'H100 SXM'],
    ['H100_80GB SXM5', 'H100 SXM'],
    ['HGX H100', 'H100 SXM'],
    ['NVIDIA HGX H100', 'H100 SXM'],
    ['nvidia h100 sxm5 80gb', 'H100 SXM'],
    ['H100 PCIe', 'H100 PCIe'],
    ['NVIDIA H100 PCIe', 'H100 PCIe'],
    ['H100_80GB_PCIe', 'H100 PCIe'],
    ['H100 NVL', 'H100 NVL'],
    ['NVIDIA H100', 'H100'],
    ['NVIDIA HGX H200', 'H200'],
    ['H200_141GB', 'H200'],
    ['NVIDIA H200 SXM', 'H200'],
    ['H200 NVL', 'H200 NVL'],
    ['NVIDIA B200', 'B200'],
    ['NVIDIA B200 SXM6', 'B200'],
    ['NVIDIA HGX B200', 'B200'],
    ['B200_180GB', 'B200'],
    ['NVIDIA GB200 NVL72', 'GB200'],
    ['NVIDIA GB200 NVL72*', 'GB200'],
    ['NVIDIA GH200', 'GH200'],
    ['GH200_96GB', 'GH200'],
    ['A100_80GB_SXM4', 'A100 SXM 80GB'],
    ['A100_80GB PCIe', 'A100 PCIe 80GB'],
    ['A100 80GB PCIe', 'A100 PCIe 80GB'],
    ['NVIDIA L40S GPU with AMD', 'L40S'],
    ['NVIDIA L40', 'L40'],
    ['L4', 'L4'],
    ['NVIDIA A40 PCIe', 'A40'],
    ['NVIDIA A10', 'A10'],
    ['NVIDIA Tesla V100', 'V100'],
    ['NVIDIA T4', 'T4'],
    ['NVIDIA RTX PRO 6000 Blackwell Server Edition', 'RTX PRO 6000'],
    ['RTX Pro 6000', 'RTX PRO 6000'],
    ['RTX 6000 Ada', 'RTX 6000 Ada'],
    ['NVIDIA A6000', 'RTX A6000'],
    ['RTX A6000', 'RTX A6000'],
    ['NVIDIA Quadro RTX 6000', 'Quadro RTX 6000'],
    ['RTX 4090', 'RTX 4090'],
    ['AMD Mi300X', 'MI300X'],
    ['AMD MI355X', 'MI355X'],
    ['Intel Gaudi 2', 'Gaudi 2'],
    ['Intel Gaudi 3', 'Gaudi 3'],
  ])('%s -> %s', (name, model) => {
    expect(canonicalGpuModel(name)).toBe(model);
  });

  // A100 memory and form factor are priced apart; a name without them keeps its own bucket rather than a guess
  it.each([
    ['NVIDIA A100 SXM', 80, 'A100 SXM 80GB'],
    ['A100 SXM', 80, 'A100 SXM 80GB'],
    ['NVIDIA A100 PCIe', 80, 'A100 PCIe 80GB'],
    ['NVIDIA A100', 80, 'A100 80GB'],
    ['NVIDIA A100', 40, 'A100 40GB'],
    ['NVIDIA A100 SXM', 40, 'A100 40GB'],
    ['NVIDIA A100 PCIe', 40, 'A100 40GB'],
    ['NVIDIA A100', null, 'A100'],
    ['A100 80GB', 40, 'A100 80GB'],
  ] as const)('%s with %s GB -> %s', (name, memory, model) => {
    expect(canonicalGpuModel(name, memory)).toBe(model);
  });

  it.each([
    'General-purpose',
    'Storage-optimized',
    'DeepSeek',
    'Llama',
    'Kimi-K2',
    'Qwen3',
    'GPT-OSS',
    'Gemma 3',
    'On-Demand',
    'Reserved',
    '',
  ])('%j names no GPU', (name) => {
    expect(canonicalGpuModel(name)).toBeNull();
  });

  it('reads the memory a name states', () => {
    expect(gpuMemoryFromName('H100_80GB')).toBe(80);
    expect(gpuMemoryFromName('B200_180GB')).toBe(180);
    expect(gpuMemoryFromName('A100 40 GB')).toBe(40);
    expect(gpuMemoryFromName('NVIDIA H100 SXM')).toBeNull();
  });

  it('every GPU product in the becloudready sheets maps to a canonical model', () => {
    const merged = JSON.parse(readFixture('gpu-price-sheets/becloudready-gpu-price_2026-02-11/merged_prices.json')) as {
      product: string;
      vram_gb: number | null;
    }[];
    const gpus = merged.filter((r) => r.vram_gb !== null);
    expect(gpus.length).toBe(83); // 102 rows less Lambda's 6 section headers and Crusoe's 13 CPU, disk and token rows
    const unmapped = gpus.filter((r) => !CANONICAL_GPU_MODELS.includes(canonicalGpuModel(r.product, r.vram_gb)!));
    expect(unmapped.map((r) => r.product)).toEqual([]);
  });
});
