import { pricingDoc } from '../pricing-doc.ts';
import { parseOpenaiPricingMd } from './parse.ts';

export const openaiPricing = pricingDoc(
  'openai-pricing',
  'OpenAI',
  'https://platform.openai.com/docs/pricing',
  parseOpenaiPricingMd,
);
