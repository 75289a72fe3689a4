import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DAY, defineSource } from '../../source.ts';
import { REGISTRY_DIR } from '../../company-registry.ts';
import { facts } from '../../../transform/transformer.ts';
import { parseAnalystDatapoints } from './parse.ts';

const FILE = path.join(REGISTRY_DIR, 'analyst-datapoints.csv');

export const analystDatapoints = defineSource({
  name: 'analyst-datapoints',
  description:
    'reviewed analyst-entered figures not in XBRL (capex guidance, AI revenue claims, survey shares), each with its citation',
  // reviewed in the repo; a full URL (file:// or http) overrides it
  bases: { 'analyst-datapoints': pathToFileURL(FILE).href },
  documents: (base) => [base()],
  schedule: '3 * * * *',
  scheduledByDefault: true,
  expectedRefreshMs: 30 * DAY,
  complete: false,
  kind: 'sheet',
  transformer: facts('analystDatapoints', (row) => row.datapoint_id, parseAnalystDatapoints),
  fixtures: 'registry/analyst-datapoints.csv',
});
