import { pricingDoc } from '../pricing-doc.ts';
import { parseXaiModels } from './parse.ts';

export const xaiModels = pricingDoc('xai-models', 'xAI', 'https://docs.x.ai/docs/models', parseXaiModels);
