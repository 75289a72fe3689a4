// One canonical spelling per GPU model, so 'NVIDIA HGX H100', 'H100_80GB SXM5' and 'H100 SXM' meet in one series.
// A name that does not state the form factor keeps its own bucket ('H100', 'A100 80GB'): guessing SXM would mix prices.

export const CANONICAL_GPU_MODELS = [
  'GB300',
  'GB200',
  'B300',
  'B200',
  'GH200',
  'H200',
  'H200 NVL',
  'H100 SXM',
  'H100 PCIe',
  'H100 NVL',
  'H100',
  'A100 SXM 80GB',
  'A100 PCIe 80GB',
  'A100 80GB',
  'A100 40GB',
  'A100',
  'L40S',
  'L40',
  'L4',
  'A40',
  'A10G',
  'A10',
  'V100',
  'T4',
  'RTX PRO 6000',
  'RTX 6000 Ada',
  'RTX A6000',
  'RTX A5000',
  'RTX A4000',
  'Quadro RTX 6000',
  'RTX 5090',
  'RTX 4090',
  'RTX 3090',
  'MI355X',
  'MI325X',
  'MI300X',
  'MI250X',
  'Gaudi 3',
  'Gaudi 2',
] as const;
export type CanonicalGpuModel = (typeof CANONICAL_GPU_MODELS)[number];

// first match wins, so more specific names come first (H100 NVL before H100, L40S before L40)
const RULES: [RegExp, CanonicalGpuModel][] = [
  [/\bGB300\b/, 'GB300'],
  [/\bGB200\b/, 'GB200'],
  [/\bGH200\b/, 'GH200'],
  [/\bB300\b/, 'B300'],
  [/\bB200\b/, 'B200'],
  [/\bH200 NVL\b/, 'H200 NVL'],
  [/\bH200\b/, 'H200'],
  [/\bH100 NVL\b/, 'H100 NVL'],
  [/\bH100\b.*\bPCIE\b/, 'H100 PCIe'],
  [/\bH100\b.*\bSXM\d?\b|\bHGX H100\b|\bDGX H100\b/, 'H100 SXM'],
  [/\bH100\b/, 'H100'],
  [/\bL40S\b/, 'L40S'],
  [/\bL40\b/, 'L40'],
  [/\bL4\b/, 'L4'],
  [/\bA40\b/, 'A40'],
  [/\bA10G\b/, 'A10G'],
  [/\bA10\b/, 'A10'],
  [/\bV100\b/, 'V100'],
  [/\bT4\b/, 'T4'],
  [/\bRTX PRO 6000\b/, 'RTX PRO 6000'],
  [/\bRTX 6000 ADA\b/, 'RTX 6000 Ada'],
  [/\b(RTX )?A6000\b/, 'RTX A6000'],
  [/\b(RTX )?A5000\b/, 'RTX A5000'],
  [/\b(RTX )?A4000\b/, 'RTX A4000'],
  [/\b(QUADRO )?RTX 6000\b/, 'Quadro RTX 6000'],
  [/\bRTX 5090\b/, 'RTX 5090'],
  [/\bRTX 4090\b/, 'RTX 4090'],
  [/\bRTX 3090\b/, 'RTX 3090'],
  [/\bMI355X\b/, 'MI355X'],
  [/\bMI325X\b/, 'MI325X'],
  [/\bMI300X\b/, 'MI300X'],
  [/\bMI250X\b/, 'MI250X'],
  [/\bGAUDI ?3\b/, 'Gaudi 3'],
  [/\bGAUDI ?2\b/, 'Gaudi 2'],
];

const normal = (name: string): string =>
  name
    .toUpperCase()
    .replace(/[_\-/*,()]+/g, ' ')
    .replace(/(\d+) GB\b/g, '$1GB')
    .replace(/\s+/g, ' ')
    .trim();

/** Memory per GPU when the name states it ('H100_80GB', 'A100 80GB PCIe'). */
export function gpuMemoryFromName(name: string): number | null {
  const m = /\b(\d{2,3})GB\b/.exec(normal(name));
  return m ? Number(m[1]) : null;
}

// A100 comes in 40 and 80 GB and two form factors, each priced apart: the memory may come from the sheet's own column
function a100(text: string, memoryGb: number | null): CanonicalGpuModel {
  const mem = gpuMemoryFromName(text) ?? memoryGb;
  if (mem === 40) return 'A100 40GB';
  if (mem !== 80) return 'A100';
  if (/\bPCIE\b/.test(text)) return 'A100 PCIe 80GB';
  return /\bSXM\d?\b|\bHGX\b/.test(text) ? 'A100 SXM 80GB' : 'A100 80GB';
}

/** The canonical model for a source's GPU or product name, or null when it names no known GPU. */
export function canonicalGpuModel(name: string, memoryGb: number | null = null): CanonicalGpuModel | null {
  const text = normal(name);
  if (/\bA100\b/.test(text)) return a100(text, memoryGb);
  for (const [re, model] of RULES) if (re.test(text)) return model;
  return null;
}
