import { z } from 'zod';
import { chType } from '../schemas/clickhouse.ts';
import { allTopics } from '../schemas/topics.ts';

/** JSON Schema of every topic's events and an AsyncAPI 3 document: the public contract, generated from the zod schemas. */
export function eventSchemaFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  const channels: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const t of allTopics) {
    const schema = z.toJSONSchema(t.schema, {
      target: 'draft-2020-12',
      // what a consumer may receive: a field added with a default (price-changes' class) is absent from older events
      io: 'input',
      // the column descriptions double as field documentation
      override: (ctx) => {
        const d = chType.get(ctx.zodSchema as unknown as z.ZodType)?.description;
        if (d) ctx.jsonSchema.description = d;
      },
    });
    const file = `schemas/${t.name}.schema.json`;
    // a batched topic's message is an array of its records (sinks/record-batches.ts)
    const { $schema, ...record } = schema;
    const payload = t.batched ? { $schema, type: 'array', items: record } : schema;
    files[file] =
      `${JSON.stringify({ $id: `https://rebar.invalid/${file}`, title: t.name, description: t.description, ...payload }, null, 2)}\n`;
    const id = t.name.replace(/[^\w]/g, '_');
    messages[id] = {
      name: t.name,
      contentType: 'application/json',
      payload: { $ref: `./${file}` },
      description: `Kafka key: ${t.key}`,
    };
    channels[id] = {
      address: t.name,
      description: `${t.description} (${t.partitions} partitions; ${Object.entries(t.config)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')})`,
      messages: { [id]: { $ref: `#/components/messages/${id}` } },
    };
  }
  const asyncapi = {
    asyncapi: '3.0.0',
    info: {
      title: 'rebar events',
      version: '1.1.0',
      description:
        'Topics rebar publishes. JSON values, snake_case fields, exact decimals as strings, times in UTC ISO 8601. ' +
        'Changes are compatible additions only. 1.1.0: rebar.price-changes gains class (move, correction or unknown) and ' +
        'class_evidence; events published before lack both and read as unknown.',
    },
    defaultContentType: 'application/json',
    channels,
    components: { messages },
  };
  files['asyncapi.json'] = `${JSON.stringify(asyncapi, null, 2)}\n`;
  return files;
}
