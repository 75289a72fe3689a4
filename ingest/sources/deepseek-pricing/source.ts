import { pricingDoc } from '../pricing-doc.ts';
import { parseDeepseekPricing } from './parse.ts';

export const deepseekPricing = pricingDoc(
  'deepseek-pricing',
  'DeepSeek',
  'https://api-docs.deepseek.com/quick_start/pricing',
  parseDeepseekPricing,
);
