import { z } from 'zod';
import type { Log } from '../schemas/logger.ts';
import { RawDocument } from '../schemas/raw-document.ts';
import type { KafkaNames } from '../schemas/topics.ts';
import type { DeadLetter } from '../schemas/events/dead-letter.ts';
import {
  consumeBatches,
  type BatchConsumer,
  type InMessage,
  type KafkaContext,
  type Publisher,
} from '../sinks/kafka.ts';
import { batchMessages } from '../sinks/record-batches.ts';
import { detectDocumentChanges } from './detect-document-changes.ts';
import { deadLetter } from './dead-letters.ts';
import type { SeriesStateStore } from './series-state-store.ts';
import type { Transformer } from './transformer.ts';
import { transformFactDocument } from './transform-fact-document.ts';
import { transformDocument } from './transform-document.ts';
import type { FxRates } from './normalize-price.ts';

export interface DocumentOutcome {
  document_id: string;
  source: string;
  observations: number;
  changes: number;
  dead_lettered: number;
  historical: number;
  skipped: Record<string, number>;
}

export async function publishDeadLetters(pub: Publisher, names: KafkaNames, dls: DeadLetter[]): Promise<void> {
  await pub.publish(
    names.topic.deadLetter,
    dls.map((d) => ({ key: d.source, value: d, headers: { reason: d.reason, stage: d.stage } })),
  );
}

/** Pure transform plus stateful change detection, run for one raw document; publishes before returning. */
/** The reader of a document: its source's transformer, picked by the document's URL where the source has several. */
export type TransformerLookup = (source: string, url: string) => Transformer | undefined;

export interface TransformDeps {
  pub: Publisher;
  names: KafkaNames;
  store: SeriesStateStore;
  now: () => Date;
  fx?: FxRates;
  transformerFor: TransformerLookup;
}

export async function processRawMessage(m: InMessage, deps: TransformDeps): Promise<DocumentOutcome | null> {
  const { pub, store, names } = deps;
  let doc: RawDocument;
  try {
    doc = RawDocument.parse(JSON.parse(m.value));
  } catch (err) {
    const detail = err instanceof z.ZodError ? z.prettifyError(err) : (err as Error).message;
    const stub = { source: m.key ?? 'unknown', url: '', content_hash: '', observed_at: deps.now().toISOString() };
    await publishDeadLetters(pub, names, [
      deadLetter(
        stub,
        'transform',
        `${m.topic}:${m.partition}:${m.offset}`,
        'raw_document_invalid',
        detail,
        m.value,
        deps.now(),
      ),
    ]);
    return null;
  }
  const transformer = deps.transformerFor(doc.source, doc.url);
  if (transformer?.output === 'facts') {
    const domain = transformer;
    const r = transformFactDocument(doc, domain, deps.now());
    await pub.publish(
      names.topic[domain.topic],
      r.rows.map((row) => ({ key: domain.key(row), value: row })),
    );
    await publishDeadLetters(pub, names, r.deadLetters);
    return {
      document_id: doc.document_id,
      source: doc.source,
      observations: r.rows.length,
      changes: 0,
      dead_lettered: r.deadLetters.length,
      historical: 0,
      skipped: r.skipped,
    };
  }
  const result = transformer
    ? transformDocument(doc, transformer, deps.now(), deps.fx)
    : {
        observations: [],
        deadLetters: [
          deadLetter(doc, 'transform', '*', 'no_parser', `no parser for source ${doc.source}`, doc.payload, deps.now()),
        ],
        skipped: {},
        rejectedSeries: new Set<string>(),
        rejectedModels: new Set<string>(),
        entryKinds: new Map<string, string>(),
        wholeDocumentRejected: true,
      };
  const detection = result.wholeDocumentRejected
    ? { changes: [], next: null, historical: 0, observations: [], deadLetters: [] }
    : detectDocumentChanges(doc, result, store, deps.now());
  const deadLetters = [...result.deadLetters, ...detection.deadLetters];
  // changes first: subscribers react to them; the facts follow before the offset is committed either way
  await pub.publish(
    names.topic.priceChanges,
    detection.changes.map((c) => ({ key: c.series_key, value: c, headers: { kind: c.kind } })),
  );
  await pub.publish(names.topic.priceObservations, batchMessages(doc.document_id, detection.observations));
  await publishDeadLetters(pub, names, deadLetters);
  // state moves only after everything is published: a crash before this re-runs the document, same ids
  if (detection.next) store.save(doc.source, detection.next);
  return {
    document_id: doc.document_id,
    source: doc.source,
    observations: detection.observations.length,
    changes: detection.changes.length,
    dead_lettered: deadLetters.length,
    historical: detection.historical,
    skipped: result.skipped,
  };
}

export async function startTransformer(
  ctx: KafkaContext,
  deps: {
    pub: Publisher;
    names: KafkaNames;
    store: SeriesStateStore;
    log: Log;
    fx?: FxRates;
    transformerFor: TransformerLookup;
    onDocument: (o: DocumentOutcome) => void;
    now?: () => Date;
  },
): Promise<BatchConsumer & { busy: () => boolean }> {
  const log = deps.log.child({ component: 'transformer' });
  const now = deps.now ?? (() => new Date());
  let inHand = 0; // documents being transformed: their observations are yet to reach the sink
  const consumer = await consumeBatches(ctx, {
    groupId: deps.names.group.transform,
    topics: [deps.names.topic.rawDocuments],
    maxBytesPerPartition: 32 * 1024 * 1024,
    handle: async (messages) => {
      inHand += 1;
      try {
        await transformAll(messages);
      } finally {
        inHand -= 1;
      }
    },
  });
  return { ...consumer, busy: () => inHand > 0 };

  async function transformAll(messages: InMessage[]): Promise<void> {
    for (const m of messages) {
      const outcome = await processRawMessage(m, {
        pub: deps.pub,
        names: deps.names,
        store: deps.store,
        now,
        fx: deps.fx,
        transformerFor: deps.transformerFor,
      });
      if (!outcome) continue;
      log.info(
        {
          source: outcome.source,
          document: outcome.document_id,
          observations: outcome.observations,
          changes: outcome.changes,
          dead_lettered: outcome.dead_lettered,
          historical: outcome.historical,
        },
        'document transformed',
      );
      deps.onDocument(outcome);
    }
  }
}
