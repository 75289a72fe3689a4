import { pricingDoc } from '../pricing-doc.ts';
import { parseMoonshotPricingMd } from './parse.ts';

export const moonshotPricing = pricingDoc(
  'moonshot-pricing',
  'Moonshot (Kimi)',
  'https://platform.moonshot.cn/docs/pricing/chat',
  parseMoonshotPricingMd,
);
