import { describe, expect, it } from 'vitest';
import { migrate } from '../../sinks/migrate.ts';
import { scratchWarehouse } from '../helpers/scratch-warehouse.ts';

// a data folder written by an older rebar keeps working: new columns are added in place, drift is refused, and what
// a newer schema keeps at insert is filled in
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

  it('keeps the documents that yielded observations at insert, and fills them in on a store made before the view', async () => {
    const wh = await scratchWarehouse('mig-docs');
    const observe = (source: string, at: string): Promise<void> =>
      wh.command(
        `INSERT INTO price_observations_store (source, series_key, observed_at) VALUES ('${source}', '${source}|m|input|standard|global|base', '${at}')`,
      );
    const documents = async (): Promise<string[]> =>
      (
        await wh.query<{ d: string }>(
          "SELECT DISTINCT concat(source, ' ', toString(observed_at)) AS d FROM price_documents_store ORDER BY d",
        )
      ).map((r) => r.d);
    try {
      await migrate(wh);
      await observe('a', '2024-07-29 00:00:00');
      await observe('a', '2024-07-29 00:00:00'); // the same document again (a replay): one row once merged
      expect(await documents()).toEqual(['a 2024-07-29 00:00:00.000']);
      // a store from before the view: observations, no view, nothing kept
      await wh.command('DROP VIEW price_documents_mv');
      await wh.command('TRUNCATE TABLE price_documents_store');
      await observe('b', '2024-08-01 00:00:00');
      await migrate(wh);
      expect(await documents()).toEqual(['a 2024-07-29 00:00:00.000', 'b 2024-08-01 00:00:00.000']);
      await observe('b', '2024-08-05 00:00:00');
      expect(await documents()).toHaveLength(3);
    } finally {
      await wh.close();
    }
  });
});
