import { pricingDoc } from '../pricing-doc.ts';
import { parseXaiPricingMd } from './parse.ts';

export const xaiModels = pricingDoc('xai-models', 'xAI', 'https://docs.x.ai/docs/models', parseXaiPricingMd);
