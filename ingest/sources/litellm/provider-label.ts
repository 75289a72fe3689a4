// the earliest sheets (2023) carry no litellm_provider: the label LiteLLM gave the same ids once it did
const EARLY_LABELS: [RegExp, string][] = [
  [
    /^(gpt-|text-davinci|text-curie|text-babbage|text-ada|davinci|babbage|text-embedding|whisper|dall-e|tts-)/,
    'openai',
  ],
  [/^claude-/, 'anthropic'],
  [/^(command|embed-)/, 'cohere'],
  [/^(text|chat|code)-bison-001$/, 'palm'],
  [/^together-ai-/, 'together_ai'],
];

/**
 * An entry's provider label: its litellm_provider; else its id's path prefix (replicate/...); else the label later
 * sheets give that id. Null when none applies: the entry is rejected rather than given a provider made from its id.
 */
export function providerLabel(id: string, entry: Record<string, unknown>): { label: string; stated: boolean } | null {
  if (typeof entry.litellm_provider === 'string') return { label: entry.litellm_provider, stated: true };
  if (id.includes('/')) return { label: id.split('/')[0]!, stated: false };
  const known = EARLY_LABELS.find(([re]) => re.test(id));
  return known ? { label: known[1], stated: false } : null;
}
