import type { Command } from 'commander';
import { ConfigError } from '../schemas/errors.ts';
import { metricVerb, metricVerbs } from '../metrics/registry.ts';
import { readSnapshot, takeSnapshot, verifySnapshot, writeSnapshot } from '../metrics/snapshot.ts';
import type { MetricOptions, WithReader } from '../metrics/session.ts';

/** `rebar metrics NAME`: each prints its method, then its rows (a table, or one JSON object per line with --json); --snapshot FILE keeps a reproducible record. */
export function registerMetrics(program: Command, withReader: WithReader, out: (text: string) => void): void {
  const metrics = program
    .command('metrics')
    .description(
      'metrics with their inputs and method (REFERENCE.md); --json prints one object per line, --snapshot FILE records inputs, method, parameters and output',
    );
  for (const verb of metricVerbs) {
    const cmd = metrics.command(verb.name).description(verb.description);
    for (const o of verb.options) cmd.option(o.flags, o.description, o.default);
    cmd
      .option('--json', 'one JSON object per line')
      .option(
        '--snapshot <file>',
        "also write a snapshot: the inputs' content hashes, method and version, parameters, and the output as JSON lines",
      )
      .action((opts: MetricOptions) =>
        withReader(async (read) => {
          out(await verb.run(read, opts, opts.json === true));
          if (typeof opts.snapshot === 'string') {
            writeSnapshot(opts.snapshot, await takeSnapshot(read, verb, opts));
            process.stderr.write(`snapshot written to ${opts.snapshot}\n`);
          }
        }),
      );
  }
  metrics
    .command('verify')
    .description(
      "recompute a snapshot's metric on the data held now: says whether its inputs, method version and output are the same; exit 1 when the output differs",
    )
    .argument('<file>', 'a snapshot written by --snapshot')
    .option('--json', 'the verdict as one JSON object: metric, params, same_output, same_method, changed_inputs')
    .action((file: string, opts: { json?: boolean }) =>
      withReader(async (read) => {
        const snap = readSnapshot(file);
        const verb = metricVerb(snap.metric);
        if (!verb) throw new ConfigError(`snapshot ${file}: unknown metric ${snap.metric}`);
        const v = await verifySnapshot(read, verb, snap);
        const { report, ...verdict } = v;
        out(opts.json ? JSON.stringify({ file, metric: snap.metric, params: snap.params, ...verdict }) : report);
        process.exitCode = v.same_output ? 0 : 1;
      }),
    );
}
