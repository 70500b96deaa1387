import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DatasetBuilder } from '../core/model/builder.ts';
import { importText } from '../core/formats/index.ts';
import type { Dataset } from '../core/model/types.ts';
import { spanName } from '../core/model/access.ts';
import { traceLinks } from './span-links.ts';
import { createEngineClient } from './client.ts';
import { inProcessWorker } from './in-process.ts';

const FIX = new URL('../test/fixtures/shared/', import.meta.url);
const LINKS = 'otlp/jaeger-otel-traces-links.json';
const KAFKA = 'zipkin/lens-messaging-kafka.json';

function load(rel: string): Dataset {
  const b = new DatasetBuilder();
  importText(b, rel, readFileSync(new URL(rel, FIX), 'utf8'));
  return b.finish();
}
const byName = (ds: Dataset, name: string) => Array.from({ length: ds.spanCount }, (_, i) => i).find((i) => spanName(ds, i) === name) as number;

describe('trace links (waterfall)', () => {
  const ds = load(LINKS);
  const s2 = byName(ds, 'test-general-conversion-2');
  const s3 = byName(ds, 'test-general-conversion-3');
  const s4 = byName(ds, 'test-general-conversion-4');
  const s5 = byName(ds, 'test-general-conversion-5');

  it('returns the pairs with an end in the trace, -1 for targets not loaded', () => {
    const t1 = ds.trace[s2];
    const { from, to } = traceLinks(ds, t1);
    const pairs = [...from].map((f, k) => [f, to[k]]);
    // trace 1 holds spans 2 and 4; spans 3 and 5 (trace 2) link into it (to span 4)
    expect(pairs).toEqual(
      expect.arrayContaining([
        [s2, s4],
        [s2, -1],
        [s4, s4],
        [s4, -1],
        [s3, s4],
        [s5, s4],
      ]),
    );
    expect(pairs).toHaveLength(6);
    const t2 = ds.trace[s3];
    const other = traceLinks(ds, t2);
    expect([...other.from].sort()).toEqual([s3, s3, s5, s5].sort());
  });

  it('rejects a trace that does not exist', () => {
    expect(() => traceLinks(ds, 99)).toThrow(RangeError);
  });
});

describe('search, traceLinks and traceTiming through the client', () => {
  it('answers search with matches (in one trace or all), traceLinks with pairs, traceTiming with the critical path', async () => {
    const client = createEngineClient({ createWorker: () => inProcessWorker() });
    const { view } = await client.load([new File([readFileSync(new URL(KAFKA, FIX))], 'kafka.json'), new File([readFileSync(new URL(LINKS, FIX))], 'links.json')]);
    const producers = await client.search('kind:producer', null);
    expect(producers).toBeInstanceOf(Int32Array);
    expect(producers.length).toBe(view.summary.kinds.PRODUCER);
    for (const i of producers) expect(view.columns.kind[i]).toBe(4);
    const kafkaTrace = view.traces.findIndex((t) => t.spanCount === 28);
    const inTrace = await client.search('serviceb', kafkaTrace);
    expect(inTrace.length).toBeGreaterThan(0);
    for (const i of inTrace) expect(view.columns.trace[i]).toBe(kafkaTrace);
    expect((await client.search('   ', null)).length).toBe(0);
    const errors = await client.search('error', kafkaTrace);
    expect(errors.length).toBe(3);
    const linksTrace = view.traces.findIndex((t) => t.id === '00000000000000010000000000000000');
    const pairs = await client.traceLinks(linksTrace);
    expect(pairs.from.length).toBe(6);
    expect((await client.traceLinks(kafkaTrace)).from.length).toBe(0);
    await expect(client.search('x', 999)).rejects.toThrow(/no trace/);
    // the waterfall's timing call: critical path grouped by span, skew off and on
    const timing = await client.traceTiming(kafkaTrace, false);
    expect(timing.critSpan.length).toBeGreaterThan(0);
    expect(timing.critOffset[timing.critSpan.length]).toBe(timing.critStart.length);
    expect(timing.moved.length).toBe(0);
    const skewed = await client.traceTiming(kafkaTrace, true);
    expect(skewed.t1).toBeGreaterThan(skewed.t0);
    await expect(client.traceTiming(-1, false)).rejects.toThrow(/no trace/);
    client.dispose();
  });
});
