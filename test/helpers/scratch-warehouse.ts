import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../schemas/logger.ts';
import { openWarehouse, type Warehouse } from '../../sinks/clickhouse.ts';

/** An embedded ClickHouse in a fresh temp folder (database rebar), for a test that talks to the warehouse alone. */
export const scratchWarehouse = (label: string): Promise<Warehouse> =>
  openWarehouse(
    {
      user: 'default',
      password: '',
      database: 'rebar',
      embeddedPath: path.join(mkdtempSync(path.join(os.tmpdir(), `rebar-${label}-`)), 'ch'),
    },
    silentLogger,
  );
