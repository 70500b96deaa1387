import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DatasetBuilder } from '../core/model/builder.ts';
import { importText } from '../core/formats/index.ts';
import type { Dataset } from '../core/model/types.ts';
import { spanName } from '../core/model/access.ts';
import { inboundLinks, resolveSpan, resolveSpans, spanKey, traceKey } from './span-links.ts';
import { spanDiagnostics } from './span-diagnostics.ts';
import { createEngineClient } from './client.ts';
import { inProcessWorker } from './in-process.ts';

const FIX = new URL('../test/fixtures/shared/', import.meta.url);
const text = (rel: string) => readFileSync(new URL(rel, FIX), 'utf8');

function load(...rels: string[]): Dataset {
  const b = new DatasetBuilder();
  for (const rel of rels) importText(b, rel.split('/').pop() as string, text(rel));
  return b.finish();
}
const byName = (ds: Dataset, name: string) => Array.from({ length: ds.spanCount }, (_, i) => i).find((i) => spanName(ds, i) === name) as number;

describe('span links', () => {
  const ds = load('otlp/jaeger-otel-traces-links.json');
  const s2 = byName(ds, 'test-general-conversion-2');
  const s3 = byName(ds, 'test-general-conversion-3');
  const s4 = byName(ds, 'test-general-conversion-4');
  const s5 = byName(ds, 'test-general-conversion-5');

  it('resolves (trace id, span id) to the loaded span, and -1 when it is not loaded', () => {
    expect(resolveSpan(ds, '00000000000000010000000000000000', '0000000000000004')).toBe(s4);
    expect(resolveSpan(ds, '00000000000000010000000000000000'.toUpperCase(), '0000000000000004')).toBe(s4);
    expect(resolveSpan(ds, '00000000000000ff0000000000000000', '00000000000000ff')).toBe(-1);
    expect(resolveSpan(ds, '00000000000000010000000000000000', '00000000000000ff')).toBe(-1);
    expect(resolveSpans(ds, [{ traceId: '00000000000000020000000000000000', spanId: '0000000000000003' }, { traceId: 'x', spanId: 'y' }])).toEqual([s3, -1]);
  });

  it('compares ids as the importers normalize them', () => {
    expect(traceKey('00000000000000AB')).toBe('ab');
    expect(traceKey('000000000000000000000000000000ab')).toBe('ab');
    expect(traceKey('0000')).toBe('0');
    expect(traceKey('not-hex')).toBe('not-hex');
    expect(spanKey('00AB')).toBe('00ab');
  });

  it('finds inbound links: every span that links to span 4, itself included', () => {
    const inbound = inboundLinks(ds, s4);
    expect(inbound.total).toBe(4);
    expect(inbound.links.map((l) => l.span).sort()).toEqual([s2, s3, s4, s5].sort());
    const from3 = inbound.links.find((l) => l.span === s3);
    expect(from3).toMatchObject({ traceId: '00000000000000020000000000000000', spanId: '0000000000000003', link: { spanId: '0000000000000004' } });
    expect(inboundLinks(ds, s2)).toEqual({ total: 0, links: [] });
    expect(inboundLinks(ds, s4, 1).links).toHaveLength(1);
    expect(() => inboundLinks(ds, ds.spanCount)).toThrow(RangeError);
  });
});

describe('span diagnostics', () => {
  it('lists the findings about a span and the ones it is involved in', () => {
    const ds = load('otlp/jaeger-hotrod-apiv3.json');
    let total = 0;
    for (let i = 0; i < ds.spanCount; i++) {
      const list = spanDiagnostics(ds, i);
      for (const d of list) {
        expect(d.title).not.toBe('');
        expect(d.message).not.toBe('');
        if (d.role === 'related') expect(d.other).toBeGreaterThanOrEqual(0);
      }
      total += list.filter((d) => d.role === 'subject').length;
    }
    expect(total).toBeGreaterThan(0);
    expect(() => spanDiagnostics(ds, -1)).toThrow(RangeError);
  });
});

describe('through the engine', () => {
  it('answers resolveSpans, inboundLinks and spanDiagnostics', async () => {
    const client = createEngineClient({ createWorker: () => inProcessWorker() });
    await expect(client.inboundLinks(0)).rejects.toThrow('nothing is loaded');
    const file = new File([text('otlp/jaeger-otel-traces-links.json')], 'links.json');
    await client.load([file]);
    const [s4] = await client.resolveSpans([{ traceId: '00000000000000010000000000000000', spanId: '0000000000000004' }]);
    expect(s4).toBeGreaterThanOrEqual(0);
    expect((await client.inboundLinks(s4)).total).toBe(4);
    expect(Array.isArray(await client.spanDiagnostics(s4))).toBe(true);
    client.dispose();
  });
});
