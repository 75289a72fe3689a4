import { pricingDoc } from '../pricing-doc.ts';
import { parseMinimaxPricing } from './parse.ts';

export const minimaxPricing = pricingDoc(
  'minimax-pricing',
  'MiniMax',
  'https://platform.minimax.io/docs/pricing/pay-as-you-go',
  parseMinimaxPricing,
);
