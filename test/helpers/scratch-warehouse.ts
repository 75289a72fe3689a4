import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../schemas/logger.ts';
import { loadEnv } from '../../schemas/env.ts';
import { openWarehouse, warehouseConfig, type Warehouse } from '../../sinks/clickhouse.ts';

/** An embedded ClickHouse in a fresh temp folder (database rebar), for a test that talks to the warehouse alone. */
export const scratchWarehouse = (label: string): Promise<Warehouse> =>
  openWarehouse(
    {
      ...warehouseConfig(loadEnv({})),
      embeddedPath: path.join(mkdtempSync(path.join(os.tmpdir(), `rebar-${label}-`)), 'ch'),
    },
    silentLogger,
  );
