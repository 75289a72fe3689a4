import { DAY, defineSource, type SourceDefinition } from '../source.ts';
import { priceSheet, type PriceTransformer } from '../../transform/transformer.ts';

/** A provider's own pricing docs, read as markdown (several serve it: Anthropic .md, Google .md.txt); the base is the full URL. */
export const pricingDoc = (
  name: string,
  vendor: string,
  url: string,
  parse: PriceTransformer['parse'],
): SourceDefinition =>
  defineSource({
    name,
    description: `${vendor} pricing documentation (markdown tables: tiers, cache, batch, long context, currency as published)`,
    bases: { [name]: url },
    documents: (base) => [base()],
    schedule: '29 5 * * *',
    scheduledByDefault: false,
    expectedRefreshMs: 2 * DAY,
    complete: true,
    kind: 'page',
    transformer: priceSheet(parse),
    fixtures: `test/fixtures/${name}`,
  });
