import { describe, expect, it } from 'vitest';
import { migrate } from '../../sinks/migrate.ts';
import { scratchWarehouse } from '../helpers/scratch-warehouse.ts';

// a data folder written by an older rebar keeps working: new columns are added in place, drift is refused
describe('migrations on a real (embedded) ClickHouse', () => {
  it('adds a column a newer schema introduced, and refuses a changed type', async () => {
    const wh = await scratchWarehouse('mig');
    try {
      await migrate(wh);
      await wh.command('ALTER TABLE price_observations_store DROP COLUMN fx_rate_date');
      await migrate(wh);
      const cols = await wh.query<{ name: string }>(
        "SELECT name FROM system.columns WHERE database = currentDatabase() AND table = 'price_observations_store' ORDER BY position",
      );
      expect(cols.map((c) => c.name)).toContain('fx_rate_date');
      await wh.command('ALTER TABLE dead_letters_store MODIFY COLUMN reason String');
      await expect(migrate(wh)).rejects.toThrow(
        /dead_letters_store does not match its schema \(reason LowCardinality\(String\)\)/,
      );
    } finally {
      await wh.close();
    }
  });
});
