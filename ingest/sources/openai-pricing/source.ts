import { pricingDoc } from '../pricing-doc.ts';
import { parseOpenaiPricing } from './parse.ts';

export const openaiPricing = pricingDoc(
  'openai-pricing',
  'OpenAI',
  'https://platform.openai.com/docs/pricing',
  parseOpenaiPricing,
);
