import { pricingDoc } from '../pricing-doc.ts';
import { parseDeepseekPricingMd } from './parse.ts';

export const deepseekPricing = pricingDoc(
  'deepseek-pricing',
  'DeepSeek',
  'https://api-docs.deepseek.com/quick_start/pricing',
  parseDeepseekPricingMd,
);
