import { pricingDoc } from '../pricing-doc.ts';
import { parseAnthropicPricing } from './parse.ts';

export const anthropicPricing = pricingDoc(
  'anthropic-pricing',
  'Anthropic',
  'https://docs.anthropic.com/en/docs/about-claude/pricing.md',
  parseAnthropicPricing,
);
