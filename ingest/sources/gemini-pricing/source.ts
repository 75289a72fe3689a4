import { pricingDoc } from '../pricing-doc.ts';
import { parseGeminiPricing } from './parse.ts';

export const geminiPricing = pricingDoc(
  'gemini-pricing',
  'Google Gemini API',
  'https://ai.google.dev/gemini-api/docs/pricing.md.txt',
  parseGeminiPricing,
);
