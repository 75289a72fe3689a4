import { quote, str, show, where, type MetricVerb } from '../session.ts';

export const priceChanges: MetricVerb = {
  name: 'price-changes',
  description:
    "per provider and month: a vendor's cuts, increases and their median size (moves; --all for corrections and unknown steps too); the largest cuts; with --model, that model family's price path",
  method:
    "price_changes: every step per series in observed-time order; a cut is a decrease, its size pct_change; class 'move' unless --all (a correction is a source fixing its own entry, unknown a step nothing confirms)",
  version: 2,
  options: [
    { flags: '--provider <name>', description: 'one provider, e.g. openai' },
    {
      flags: '--model <prefix>',
      description: 'a model family: ids starting with it (e.g. gpt-4o), its input and output price path',
    },
    { flags: '--all', description: 'every price step, corrections and unknown ones too (default: moves only)' },
  ],
  inputs: () => ['price_observations', 'complete_documents', 'price_change_events'],
  run(read, opts, json) {
    const classes = opts.all ? 'all' : 'move';
    const w = where({ provider: opts.provider, class: classes });
    const steps = where({ provider: opts.provider, ...(opts.all ? {} : { class: 'move' }) });
    const queries = [
      `SELECT * FROM price_change_summary ${w} ORDER BY month, provider`,
      `SELECT observed_at, provider, model, token_class, service_tier, old_usd_per_mtok, new_usd_per_mtok, pct_change, class, class_evidence, source FROM price_changes ${steps ? `${steps} AND` : 'WHERE'} kind = 'decrease' ORDER BY pct_change, observed_at, series_key LIMIT 20`,
    ];
    const family = str(opts.model);
    if (family)
      queries.push(
        `SELECT observed_at, source, provider, model, model_id, token_class, usd_per_mtok FROM price_observations WHERE (startsWith(model, ${quote(family)}) OR startsWith(model_id, ${quote(family)})) AND token_class IN ('input', 'output') AND service_tier = 'standard' AND context_tier = 'base' ORDER BY model, provider, token_class, observed_at, series_key`,
      );
    return show(read, this.method, queries, json);
  },
};
