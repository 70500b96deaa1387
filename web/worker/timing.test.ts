import { describe, expect, it } from 'vitest';
import { DatasetBuilder } from '../core/model/builder.ts';
import { importText } from '../core/formats/index.ts';
import type { Dataset } from '../core/model/types.ts';
import { spanName } from '../core/model/access.ts';
import { traceTiming } from './timing.ts';

const US = 1_700_000_000_000_000;
const id = (n: number) => n.toString(16).padStart(16, '0');
function zipkin(spans: { id: number; parent?: number; name: string; kind?: string; ts: number; dur: number }[]): Dataset {
  const b = new DatasetBuilder();
  importText(b, 't.json', JSON.stringify(spans.map((s) => ({ traceId: id(7), id: id(s.id), parentId: s.parent ? id(s.parent) : undefined, name: s.name, kind: s.kind, timestamp: US + s.ts, duration: s.dur, localEndpoint: { serviceName: 'svc' } }))));
  return b.finish();
}
const byName = (ds: Dataset, name: string) => Array.from({ length: ds.spanCount }, (_, i) => i).find((i) => spanName(ds, i) === name) as number;

describe('traceTiming (worker)', () => {
  const ds = zipkin([
    { id: 1, name: 'root', kind: 'SERVER', ts: 0, dur: 120_000 },
    { id: 2, parent: 1, name: 'call', kind: 'CLIENT', ts: 10_000, dur: 100_000 },
    { id: 3, parent: 2, name: 'serve', kind: 'SERVER', ts: -40_000, dur: 80_000 },
    { id: 4, parent: 3, name: 'query', kind: 'CLIENT', ts: -30_000, dur: 20_000 },
    { id: 5, parent: 1, name: 'publish', kind: 'PRODUCER', ts: 111_000, dur: 2_000 },
    { id: 6, parent: 5, name: 'consume', kind: 'CONSUMER', ts: 500_000, dur: 5_000 },
  ]);

  it('without correction: nothing moves; the extent is the trace', () => {
    const t = traceTiming(ds, 0, false);
    expect(t.moved.length).toBe(0);
    expect(t.t0).toBe(0);
    expect(t.t1).toBe(ds.traces[0].durationNs);
  });

  it('with correction: the SERVER is centred in its CLIENT and its subtree moves along; a CONSUMER never moves', () => {
    const t = traceTiming(ds, 0, true);
    const moved = new Map([...t.moved].map((s, k) => [s, t.delta[k]]));
    expect(moved.get(byName(ds, 'serve'))).toBe(60e6);
    expect(moved.get(byName(ds, 'query'))).toBe(60e6);
    expect(moved.has(byName(ds, 'consume'))).toBe(false);
    expect(moved.size).toBe(2);
    expect(t.t0).toBe(40e6); // the root, 40 ms after the uncorrected earliest span
  });

  it('gives the critical path, kind-aware: a producer does not wait for its consumer', () => {
    const t = traceTiming(ds, 0, false);
    const on = new Set([...t.critSpan].map((s) => spanName(ds, s)));
    expect(on.has('root')).toBe(true);
    expect(on.has('publish')).toBe(true);
    expect(on.has('consume')).toBe(false);
    expect([...t.critSpan]).toEqual([...t.critSpan].sort((a, b) => a - b));
    expect(t.critOffset.length).toBe(t.critSpan.length + 1);
    expect(t.critOffset[t.critSpan.length]).toBe(t.critStart.length);
    for (let k = 0; k < t.critStart.length; k++) expect(t.critEnd[k]).toBeGreaterThan(t.critStart[k]);
    // the root waits for its children: several segments of its own, in time order
    const root = [...t.critSpan].indexOf(byName(ds, 'root'));
    const segs = [...t.critStart.subarray(t.critOffset[root], t.critOffset[root + 1])];
    expect(segs.length).toBeGreaterThan(1);
    expect(segs).toEqual([...segs].sort((a, b) => a - b));
    expect(() => traceTiming(ds, 3, false)).toThrow(RangeError);
  });
});
