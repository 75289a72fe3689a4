import { ConfigError } from '../../schemas/errors.ts';
import { breakEven } from './break-even.ts';
import { quote, type MetricVerb } from '../session.ts';

const num = (flag: string, v: string | boolean | undefined): number => {
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isFinite(n)) throw new ConfigError(`${flag} ${String(v)}: a number`);
  return n;
};

export const breakEvenVerb: MetricVerb = {
  name: 'break-even',
  description: 'self-hosting break-even: the monthly token volume at which one rented GPU beats an API price',
  method: 'GPU $/hour x 730 h a month / API $ per 1M tokens, against tokens/s x 3600 x 730 the GPUs can serve',
  version: 1,
  options: [
    { flags: '--gpu-usd-per-hour <usd>', description: 'the GPU rental price' },
    {
      flags: '--gpu <model>',
      description: "instead: the median on-demand list price rebar holds for this GPU model (e.g. 'H100 SXM')",
    },
    { flags: '--tokens-per-second <n>', description: 'the throughput the GPU sustains for this model (required)' },
    {
      flags: '--api-usd-per-mtok <usd>',
      description: 'the API price per 1M tokens, blended as you bill it (required)',
    },
    { flags: '--gpus <n>', description: 'GPUs the model needs', default: '1' },
  ],
  inputs: (opts) => (opts.gpu ? ['gpu_price_latest'] : []),
  async run(read, opts, json) {
    let hourly = opts.gpuUsdPerHour === undefined ? undefined : num('--gpu-usd-per-hour', opts.gpuUsdPerHour);
    if (hourly === undefined) {
      if (typeof opts.gpu !== 'string')
        throw new ConfigError('give --gpu-usd-per-hour, or --gpu MODEL to use the prices rebar holds');
      const row = (
        await read(
          `SELECT median(toFloat64(usd_per_gpu_hour)) AS usd, count() AS offers FROM gpu_price_latest WHERE gpu_model = ${quote(opts.gpu)} AND commitment = 'on_demand' AND statistic = 'list'`,
          'JSONEachRow',
        )
      ).trim();
      const found = JSON.parse(row || '{}') as { usd?: number; offers?: string };
      if (!found.offers || found.offers === '0')
        throw new ConfigError(
          `no on-demand list price for GPU ${opts.gpu}: see SELECT DISTINCT gpu_model FROM gpu_price_latest`,
        );
      hourly = Number(found.usd);
    }
    const r = breakEven({
      gpu_usd_per_hour: hourly,
      tokens_per_second: num('--tokens-per-second', opts.tokensPerSecond),
      api_usd_per_mtok: num('--api-usd-per-mtok', opts.apiUsdPerMtok),
      gpus: num('--gpus', opts.gpus ?? '1'),
    });
    const result = { ...r, gpu: typeof opts.gpu === 'string' ? opts.gpu : null, method: this.method };
    return json
      ? JSON.stringify(result)
      : Object.entries(result)
          .map(([k, v]) => `${k}: ${typeof v === 'number' ? Number(v.toFixed(4)) : String(v)}`)
          .join('\n');
  },
};
