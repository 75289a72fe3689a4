import { openWarehouse } from '../sinks/clickhouse.ts';
import { createLogger } from '../schemas/logger.ts';
const wh = await openWarehouse({ user: 'default', password: '', database: process.env.DB ?? 'rebar', embeddedPath: process.env.DIR! }, createLogger('silent' as never));
const t = async (label: string, q: string, fmt = 'TSV') => { const t0 = performance.now(); const r = await wh.readOnlyText(q, fmt); console.log(label, ((performance.now() - t0) / 1000).toFixed(2), 's', r.length, 'bytes'); };
console.log(await wh.query("SELECT table, count() parts, sum(rows) rows FROM system.parts WHERE active AND database = currentDatabase() AND table LIKE '%store' GROUP BY table"));
for (const q of (process.env.QS ?? '').split(';;')) if (q.trim()) await t(q.slice(0, 90), q, process.env.FMT ?? 'TSV');
process.exit(0);
