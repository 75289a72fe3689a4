import { DAY, defineSource, joinUrl } from '../../source.ts';
import { priceSheet } from '../../../transform/transformer.ts';
import { parseTokenTariff } from './parse.ts';

export const tokenTariff = defineSource({
  name: 'token-tariff',
  description:
    'Prajwalsrinvas/token-tariff timeline.csv: curated model timeline, launch USD per 1M in/out at each release date',
  bases: { 'token-tariff': 'https://raw.githubusercontent.com/Prajwalsrinvas/token-tariff/main' },
  documents: (base) => [joinUrl(base(), 'timeline.csv')],
  schedule: '45 3 * * *',
  scheduledByDefault: true,
  expectedRefreshMs: 7 * DAY,
  complete: false,
  kind: 'sheet',
  transformer: priceSheet(parseTokenTariff, true),
  fixtures: 'test/fixtures/token-tariff',
});
