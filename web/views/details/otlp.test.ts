import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DatasetBuilder } from '../../core/model/builder.ts';
import { importText } from '../../core/formats/index.ts';
import type { Dataset } from '../../core/model/types.ts';
import { attributes, events, kindName, links, spanName, statusName } from '../../core/model/access.ts';
import { absoluteNsString } from '../../core/lib/time.ts';
import { otlpAnyValue, otlpSpan, otlpSpanJson } from './otlp.ts';
import type { RawSpanInput } from './otlp.ts';

const FIX = new URL('../../test/fixtures/shared/', import.meta.url);

function load(name: string, text: string): Dataset {
  const b = new DatasetBuilder();
  importText(b, name, text);
  return b.finish();
}

/** What the worker's spanDetails hands the panel, read straight from the dataset. */
function input(ds: Dataset, i: number): RawSpanInput {
  const t = ds.traces[ds.trace[i]];
  const p = ds.parent[i];
  return {
    traceId: t.id,
    spanId: ds.spanId[i],
    parentSpanId: p >= 0 ? ds.spanId[p] : (ds.missingParentId.get(i) ?? ''),
    traceState: ds.traceState.get(i) ?? '',
    name: spanName(ds, i),
    kind: kindName(ds, i),
    status: statusName(ds, i),
    statusMessage: ds.statusMessage.get(i) ?? '',
    startUnixNs: absoluteNsString(t.epochNs, ds.start[i]),
    durationNs: ds.duration[i],
    attributes: attributes(ds, i),
    events: events(ds, i),
    links: links(ds, i),
  };
}

/** The reconstructed span wrapped in an OTLP/JSON document, as a file of its own. */
function asDocument(span: object): string {
  return JSON.stringify({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: 's' }, spans: [span] }] }] });
}

describe('raw record (OTLP/JSON span)', () => {
  it('rebuilds the links fixture exactly: ids, times, kinds, typed attributes, events, links, status', () => {
    const text = readFileSync(new URL('otlp/jaeger-otel-traces-links.json', FIX), 'utf8');
    const source = JSON.parse(text) as { resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[] };
    const ds = load('links.json', text);
    const originals = source.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
    expect(originals.length).toBe(ds.spanCount);
    for (let i = 0; i < ds.spanCount; i++) {
      const span = otlpSpan(input(ds, i));
      const orig = originals.find((o) => o.spanId === span.spanId && o.traceId === span.traceId) as Record<string, unknown>;
      expect(orig).toBeDefined();
      for (const k of ['traceId', 'spanId', 'parentSpanId', 'traceState', 'name', 'kind', 'startTimeUnixNano', 'endTimeUnixNano', 'attributes', 'links']) {
        expect.soft(span[k as keyof typeof span], `${k} of span ${i}`).toEqual(orig[k]);
      }
      // events: same times and attributes; a missing name becomes ''
      const origEvents = (orig.events ?? []) as { timeUnixNano: string; name?: string; attributes?: unknown[] }[];
      expect(span.events).toEqual(origEvents.map((e) => ({ timeUnixNano: e.timeUnixNano, name: e.name ?? '', attributes: e.attributes ?? [] })));
      expect(span.status).toEqual(orig.status ?? {});
    }
  });

  it('round-trips through the OTLP importer', () => {
    const text = readFileSync(new URL('otlp/jaeger-hotrod-apiv3.json', FIX), 'utf8');
    const ds = load('hotrod.json', text);
    for (const i of [0, 11, 26, ds.spanCount - 1]) {
      const json = otlpSpanJson(input(ds, i));
      const again = load('again.json', asDocument(JSON.parse(json)));
      expect(again.spanCount).toBe(1);
      const a = input(again, 0);
      const b = input(ds, i);
      // the copy has no parent loaded: its parent id is kept as the missing parent
      expect(a).toEqual({ ...b });
    }
  });

  it('keeps 64-bit ints, non-finite doubles, bytes, arrays, kvlists and empty values', () => {
    expect(otlpAnyValue({ type: 'int', value: 9007199254740993n })).toEqual({ intValue: '9007199254740993' });
    expect(otlpAnyValue({ type: 'int', value: -5 })).toEqual({ intValue: '-5' });
    expect(otlpAnyValue({ type: 'double', value: 1.5 })).toEqual({ doubleValue: 1.5 });
    expect(otlpAnyValue({ type: 'double', value: Number.NaN })).toEqual({ doubleValue: 'NaN' });
    expect(otlpAnyValue({ type: 'double', value: Number.NEGATIVE_INFINITY })).toEqual({ doubleValue: '-Infinity' });
    expect(otlpAnyValue({ type: 'bytes', value: 'AAAwOQ==' })).toEqual({ bytesValue: 'AAAwOQ==' });
    expect(otlpAnyValue({ type: 'bool', value: false })).toEqual({ boolValue: false });
    expect(otlpAnyValue({ type: 'empty', value: null })).toEqual({});
    expect(
      otlpAnyValue({
        type: 'array',
        value: [
          { type: 'string', value: 'a' },
          { type: 'kvlist', value: [{ key: 'k', value: { type: 'int', value: 1 } }] },
        ],
      }),
    ).toEqual({ arrayValue: { values: [{ stringValue: 'a' }, { kvlistValue: { values: [{ key: 'k', value: { intValue: '1' } }] } }] } });
  });

  it('writes exact nanosecond times beyond 2^53, negative event offsets and the status', () => {
    const span = otlpSpan({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      parentSpanId: '',
      traceState: '',
      name: 'x',
      kind: 'PRODUCER',
      status: 'ERROR',
      statusMessage: 'boom',
      startUnixNs: '1700000000123456789',
      durationNs: 1001,
      attributes: [],
      events: [{ offsetNs: -7, name: 'early', attributes: [] }],
      links: [{ traceId: 't', spanId: 's', traceState: 'k=v', attributes: [] }],
    });
    expect(span.kind).toBe(4);
    expect(span.startTimeUnixNano).toBe('1700000000123456789');
    expect(span.endTimeUnixNano).toBe('1700000000123457790');
    expect(span.events[0].timeUnixNano).toBe('1700000000123456782');
    expect(span.status).toEqual({ code: 2, message: 'boom' });
    expect(span.links[0]).toEqual({ traceId: 't', spanId: 's', traceState: 'k=v', attributes: [] });
    expect('parentSpanId' in span).toBe(false);
    const unset = JSON.parse(otlpSpanJson({ traceId: 't', spanId: 's', name: '', kind: 'UNSPECIFIED', status: 'UNSET', statusMessage: '', startUnixNs: '1', durationNs: 0, parentSpanId: '', traceState: '', events: [], links: [], attributes: [] }));
    expect(unset).toMatchObject({ kind: 0, status: {}, startTimeUnixNano: '1', endTimeUnixNano: '1' });
  });
});
