import { describe, expect, it } from 'vitest';
import { SYNTH_INSTANCES, synthChunks, synthDocument, synthText, synthTraces } from './generator.ts';
import type { SynthFormat } from './generator.ts';
import { DatasetBuilder } from '../core/model/builder.ts';
import { importText } from '../core/formats/index.ts';
import { summarize } from '../core/model/summary.ts';
import { kindName, serviceName, spanName, statusName, traceIdOf } from '../core/model/access.ts';
import type { Dataset } from '../core/model/types.ts';

function load(format: SynthFormat, spans: number, seed = 7): Dataset {
  const b = new DatasetBuilder();
  importText(b, 'synthetic.json', synthText(format, { spans, seed }));
  return b.finish();
}

/** One sorted line per span with everything all three formats can say. */
function canonical(ds: Dataset): string[] {
  const rows: string[] = [];
  for (let i = 0; i < ds.spanCount; i++) {
    const t = ds.traces[ds.trace[i]];
    const p = ds.parent[i];
    const events = (ds.events.get(i) ?? []).map((e) => `${e.name}@${e.offsetNs}`).join(';');
    rows.push([traceIdOf(ds, i), ds.spanId[i], p >= 0 ? ds.spanId[p] : '-', spanName(ds, i), kindName(ds, i), serviceName(ds, i), String(t.epochNs + BigInt(ds.start[i])), ds.duration[i], statusName(ds, i), events].join(' | '));
  }
  return rows.sort();
}

describe('synthetic trace generator', () => {
  it('is deterministic per seed and produces exactly the requested number of spans', () => {
    expect(synthText('otlp', { spans: 300, seed: 3 })).toBe(synthText('otlp', { spans: 300, seed: 3 }));
    expect(synthText('otlp', { spans: 300, seed: 3 })).not.toBe(synthText('otlp', { spans: 300, seed: 4 }));
    for (const n of [1, 2, 7, 49, 500]) {
      let count = 0;
      for (const t of synthTraces({ spans: n, seed: n })) count += t.spans.length;
      expect(count).toBe(n);
    }
  });

  it('writes chunks that join to the document, and documents of head + groups + tail', () => {
    const text = synthText('jaeger', { spans: 400 });
    expect([...synthChunks('jaeger', { spans: 400 }, 1000)].join('')).toBe(text);
    const doc = synthDocument('zipkin', { spans: 400 });
    expect(doc.head + [...doc.groups].join(doc.separator) + doc.tail).toBe(synthText('zipkin', { spans: 400 }));
    for (const f of ['otlp', 'otlp-jsonl', 'jaeger', 'zipkin'] as const) {
      const t = synthText(f, { spans: 1200, batchSpans: 300 });
      if (f === 'otlp-jsonl') for (const line of t.trimEnd().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
      else expect(() => JSON.parse(t)).not.toThrow();
    }
  });

  it('produces realistic traces: services, kinds, db and messaging spans, links, errors, events', () => {
    const kinds = [0, 0, 0, 0, 0, 0];
    let spans = 0;
    let links = 0;
    let errors = 0;
    let events = 0;
    let attrs = 0;
    let db = 0;
    let crossServicePairs = 0;
    const services = new Set<string>();
    for (const t of synthTraces({ spans: 5000, seed: 11 })) {
      const byId = new Map(t.spans.map((s) => [s.spanId, s]));
      for (const s of t.spans) {
        spans++;
        kinds[s.kind]++;
        links += s.links.length;
        events += s.events.length;
        attrs += s.attributes.length;
        if (s.status === 2) errors++;
        if (s.attributes.some((a) => a.key === 'db.system') && s.attributes.some((a) => a.key === 'db.namespace')) db++;
        services.add(SYNTH_INSTANCES[s.instance].service);
        const p = byId.get(s.parentId);
        if (s.kind === 2 && p && p.kind === 3 && SYNTH_INSTANCES[p.instance].service !== SYNTH_INSTANCES[s.instance].service) crossServicePairs++;
        expect(s.durationUs).toBeGreaterThan(0);
        expect(s.traceId).toMatch(/^[0-9a-f]{32}$/);
        expect(s.spanId).toMatch(/^[0-9a-f]{16}$/);
      }
    }
    expect(services.size).toBe(10);
    for (const k of [1, 2, 3, 4, 5]) expect(kinds[k]).toBeGreaterThan(0);
    expect(kinds[0]).toBe(0);
    expect(links).toBeGreaterThan(0);
    expect(db).toBeGreaterThan(spans / 20);
    expect(crossServicePairs).toBeGreaterThan(spans / 20);
    expect(errors).toBeGreaterThan(0);
    expect(errors).toBeLessThan(spans / 10);
    expect(events).toBeGreaterThan(0);
    expect(attrs / spans).toBeGreaterThanOrEqual(4.5);
    expect(attrs / spans).toBeLessThanOrEqual(6);
  });

  it('the same synthetic traces written in all three formats normalize to the same summary', () => {
    const otlp = load('otlp', 500);
    const jaeger = load('jaeger', 500);
    const zipkin = load('zipkin', 500);
    const strip = (ds: Dataset) => {
      const s = summarize(ds);
      return { traces: s.traces, spans: s.spans, services: s.services, kinds: s.kinds, warnings: s.warnings, errors: s.errors };
    };
    expect(strip(otlp).spans).toBe(500);
    expect(strip(otlp).warnings).toEqual([]);
    expect(strip(otlp).errors).toEqual([]);
    expect(strip(jaeger)).toEqual(strip(otlp));
    expect(strip(zipkin)).toEqual(strip(otlp));
    expect(summarize(otlp).files).toEqual([{ file: 'synthetic.json', format: 'otlp' }]);
    expect(summarize(jaeger).files).toEqual([{ file: 'synthetic.json', format: 'jaeger' }]);
    expect(summarize(zipkin).files).toEqual([{ file: 'synthetic.json', format: 'zipkin' }]);
    // span for span: the same traces, ids, tree, names, kinds, services, exact times, status, events
    const rows = canonical(otlp);
    expect(canonical(jaeger)).toEqual(rows);
    expect(canonical(zipkin)).toEqual(rows);
  });

  it('writes OTLP JSON lines with the same spans as the OTLP document', () => {
    const b = new DatasetBuilder();
    importText(b, 'lines.jsonl', synthText('otlp-jsonl', { spans: 500, seed: 7, batchSpans: 100 }));
    const lines = b.finish();
    expect(summarize(lines).files).toEqual([{ file: 'lines.jsonl', format: 'otlp-jsonl' }]);
    expect(canonical(lines)).toEqual(canonical(load('otlp', 500)));
  });
});
