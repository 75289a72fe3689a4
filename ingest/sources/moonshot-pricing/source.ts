import { pricingDoc } from '../pricing-doc.ts';
import { parseMoonshotPricing } from './parse.ts';

export const moonshotPricing = pricingDoc(
  'moonshot-pricing',
  'Moonshot (Kimi)',
  'https://platform.moonshot.cn/docs/pricing/chat',
  parseMoonshotPricing,
);
