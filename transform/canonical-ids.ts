// provisional canonical ids: the full alias registry (issue 5) replaces the model part

const PROVIDER_ALIASES: Record<string, string> = {
  'text-completion-openai': 'openai',
  azure_ai: 'azure',
  azure_text: 'azure',
  gemini: 'google',
  palm: 'google',
  bedrock: 'aws_bedrock',
  bedrock_converse: 'aws_bedrock',
  sagemaker: 'aws_sagemaker',
  codestral: 'mistral',
  'text-completion-codestral': 'mistral',
  together_ai: 'together',
  fireworks_ai: 'fireworks',
  'fireworks_ai-embedding-models': 'fireworks',
  cohere_chat: 'cohere',
  mistralai: 'mistral',
  'meta-llama': 'meta',
  'x-ai': 'xai',
  anthropic: 'anthropic',
};

export function canonicalProvider(label: string): string {
  const l = label.trim().toLowerCase();
  if (l.startsWith('vertex_ai')) return 'google_vertex';
  return PROVIDER_ALIASES[l] ?? l.replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
}

const REGION_RE = /^((us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-\d|us|eu|apac|global|us-gov-[a-z]+-\d)$/;

export function isRegionSegment(segment: string): boolean {
  return REGION_RE.test(segment);
}

/** The model part of a path-like id: 'bedrock/us-east-1/anthropic.claude-v2' -> 'anthropic.claude-v2'. */
export function canonicalModel(sourceModelId: string): string {
  const segments = sourceModelId.trim().split('/').filter(Boolean);
  return (segments[segments.length - 1] ?? sourceModelId).toLowerCase();
}

export function regionOf(sourceModelId: string): string {
  const segments = sourceModelId.split('/').slice(0, -1);
  return segments.find(isRegionSegment) ?? 'global';
}
