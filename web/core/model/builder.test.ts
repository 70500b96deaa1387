import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DatasetBuilder } from './builder.ts';
import type { SpanFields } from './builder.ts';
import { SpanFlag, SpanKind, StatusCode } from './types.ts';
import type { Dataset } from './types.ts';
import { attributes, spanName } from './access.ts';
import { nanosInto, timeParts } from '../lib/time.ts';

function fields(over: Partial<SpanFields> & { spanId: string }): SpanFields {
  return {
    traceId: 't1',
    parentSpanId: '',
    name: over.spanId,
    kind: SpanKind.INTERNAL,
    resource: 0,
    scope: 0,
    startSec: 1_700_000_000,
    startNano: 0,
    endSec: 1_700_000_000,
    endNano: 1000,
    statusCode: StatusCode.UNSET,
    statusMessage: '',
    traceState: '',
    flags: 0,
    ...over,
  };
}

function build(spans: Partial<SpanFields>[] & { spanId: string }[]): Dataset {
  const b = new DatasetBuilder();
  b.beginFile('test.json', 'otlp', 0);
  b.resource('svc', []);
  b.scope('', '', []);
  for (const s of spans) {
    b.beginSpan();
    b.endSpan(fields(s));
  }
  return b.finish();
}

const codes = (ds: Dataset) => ds.warnings.map((w) => w.code);

describe('exact nanosecond times', () => {
  it('keeps 19-digit timestamps exact, where a Number would be off by up to 256 ns', () => {
    const t = timeParts();
    const start = '1700000000123456789';
    expect(Number(start)).not.toBe(1700000000123456789n); // the precision problem this avoids
    nanosInto(start, t);
    const s = { sec: t.sec, nano: t.nano };
    nanosInto('1700000000123456790', t);
    const ds = build([{ spanId: 'a', startSec: s.sec, startNano: s.nano, endSec: t.sec, endNano: t.nano }]);
    expect(ds.traces[0].epochNs).toBe(1700000000123456789n);
    expect(ds.duration[0]).toBe(1);
  });

  it('gives exact offsets from the trace epoch across spans', () => {
    const t = timeParts();
    const parts = ['1700000000000000001', '1700000000999999999', '1700000005000000007'].map((v) => (nanosInto(v, t), { sec: t.sec, nano: t.nano }));
    const ds = build(parts.map((p, k) => ({ spanId: `s${k}`, startSec: p.sec, startNano: p.nano, endSec: p.sec, endNano: p.nano })));
    expect(Array.from(ds.start)).toEqual([0, 999_999_998, 5_000_000_006]);
  });

  it('property: offset = exact bigint difference for any pair of times within 100 days', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1_000_000_000_000_000_000n, max: 2_000_000_000_000_000_000n }), fc.bigInt({ min: 0n, max: 8_640_000_000_000_000n }), (a, d) => {
        const t = timeParts();
        nanosInto(String(a), t);
        const s = { sec: t.sec, nano: t.nano };
        nanosInto(String(a + d), t);
        const ds = build([{ spanId: 'a', startSec: s.sec, startNano: s.nano, endSec: t.sec, endNano: t.nano }]);
        return ds.traces[0].epochNs === a && BigInt(ds.duration[0]) === d;
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});

describe('tree building', () => {
  it('orders each trace depth-first with siblings by start time', () => {
    const ds = build([
      { spanId: 'c2', parentSpanId: 'r', startNano: 500 },
      { spanId: 'r', startNano: 0, endNano: 2000 },
      { spanId: 'c1', parentSpanId: 'r', startNano: 100 },
      { spanId: 'g', parentSpanId: 'c1', startNano: 200 },
    ]);
    const names = Array.from(ds.traces[0].order, (i) => spanName(ds, i));
    expect(names).toEqual(['r', 'c1', 'g', 'c2']);
    expect(Array.from(ds.traces[0].order, (i) => ds.depth[i])).toEqual([0, 1, 2, 1]);
    expect(ds.warnings).toEqual([]);
  });

  it('merges spans of one trace that arrive in several files', () => {
    const b = new DatasetBuilder();
    b.resource('svc', []);
    b.beginFile('a.json', 'otlp', 0);
    b.beginSpan();
    b.endSpan(fields({ spanId: 'child', parentSpanId: 'root' }));
    b.beginFile('b.json', 'otlp', 0);
    b.beginSpan();
    b.endSpan(fields({ spanId: 'root' }));
    const ds = b.finish();
    expect(ds.traces).toHaveLength(1);
    expect(ds.parent[0]).toBe(1);
    expect(Array.from(ds.file)).toEqual([0, 1]);
    expect(ds.warnings).toEqual([]);
  });

  it('keeps duplicate span ids apart and reports them', () => {
    const ds = build([{ spanId: 'a' }, { spanId: 'a' }, { spanId: 'b', parentSpanId: 'a' }]);
    expect(ds.spanCount).toBe(3);
    expect(codes(ds)).toEqual(['DUPLICATE_SPAN_ID']);
    expect(ds.flags[0] & SpanFlag.DUPLICATE_ID).toBeTruthy();
    expect(ds.flags[1] & SpanFlag.DUPLICATE_ID).toBeTruthy();
    expect(ds.parent[2]).toBe(0); // children attach to the first record
    expect(ds.traces[0].order).toHaveLength(3);
  });

  it('reports missing parents and shows the span as a root', () => {
    const ds = build([{ spanId: 'a', parentSpanId: 'gone' }]);
    expect(codes(ds)).toEqual(['MISSING_PARENT']);
    expect(ds.parent[0]).toBe(-1);
    expect(ds.missingParentId.get(0)).toBe('gone');
    expect(ds.warnings[0].where).toBe('test.json: span a');
  });

  it('breaks parent cycles and self-parents without losing spans', () => {
    const ds = build([
      { spanId: 'a', parentSpanId: 'c' },
      { spanId: 'b', parentSpanId: 'a' },
      { spanId: 'c', parentSpanId: 'b' },
      { spanId: 's', parentSpanId: 's' },
    ]);
    expect(codes(ds).sort()).toEqual(['PARENT_CYCLE', 'SELF_PARENT']);
    expect(ds.traces[0].order).toHaveLength(4);
    expect(Array.from(ds.parent).filter((p) => p === -1)).toHaveLength(2);
  });

  it('pairs a shared (Zipkin server-half) span under the client with the same id', () => {
    const ds = build([
      { spanId: 'x', kind: SpanKind.CLIENT, name: 'client' },
      { spanId: 'x', parentSpanId: '', kind: SpanKind.SERVER, flags: SpanFlag.SHARED, name: 'server' },
      { spanId: 'y', parentSpanId: 'x', name: 'work' },
    ]);
    expect(ds.parent[1]).toBe(0);
    expect(ds.parent[2]).toBe(1); // runs in the server
    expect(codes(ds)).toEqual([]);
  });

  it('repairs a missing start from the parent and warns', () => {
    const ds = build([{ spanId: 'r', startNano: 50 }, { spanId: 'c', parentSpanId: 'r', startSec: Number.NaN, endSec: Number.NaN }]);
    expect(ds.start[1]).toBe(ds.start[0]);
    expect(ds.flags[1] & SpanFlag.NO_TIMESTAMP).toBeTruthy();
    expect(codes(ds)).toEqual(['MISSING_TIMESTAMP']);
  });

  it('clamps a span that ends before it starts and warns', () => {
    const ds = build([{ spanId: 'a', startNano: 500, endNano: 100 }]);
    expect(ds.duration[0]).toBe(0);
    expect(codes(ds)).toEqual(['END_BEFORE_START']);
  });

  it('handles a 100k-deep chain and 100k siblings without recursion', () => {
    const chain = Array.from({ length: 100_000 }, (_, k) => ({ spanId: `s${k}`, parentSpanId: k === 0 ? '' : `s${k - 1}` }));
    const ds = build(chain);
    expect(ds.depth[99_999]).toBe(99_999);
    const fan = Array.from({ length: 100_000 }, (_, k) => ({ spanId: `f${k}`, parentSpanId: k === 0 ? '' : 'f0', startNano: (k * 7919) % 1000 }));
    const ds2 = build(fan);
    expect(ds2.traces[0].order).toHaveLength(100_000);
    let prev = -1;
    for (let c = ds2.firstChild[0]; c !== -1; c = ds2.nextSibling[c]) {
      expect(ds2.start[c]).toBeGreaterThanOrEqual(prev);
      prev = ds2.start[c];
    }
  });

  it('resolves every form of id alike: lowercase hex, upper case, other lengths, non-hex, per trace', () => {
    // finish() indexes 16-digit lowercase hex ids in a typed table and all others in Maps: an id
    // only ever matches itself, within its own trace
    const hex = '00000000000000aa';
    const ds = build([
      { spanId: hex, traceId: 't1' },
      { spanId: hex.toUpperCase(), traceId: 't1' },
      { spanId: 'abcdef0123456789abcdef0123456789', traceId: 't1' },
      { spanId: 'not-hex', traceId: 't1' },
      { spanId: hex, traceId: 't2' },
      { spanId: 'c1', parentSpanId: hex, traceId: 't1' },
      { spanId: 'c2', parentSpanId: hex.toUpperCase(), traceId: 't1' },
      { spanId: 'c3', parentSpanId: 'abcdef0123456789abcdef0123456789', traceId: 't1' },
      { spanId: 'c4', parentSpanId: 'not-hex', traceId: 't1' },
      { spanId: 'c5', parentSpanId: hex, traceId: 't2' },
      { spanId: 'c6', parentSpanId: '00000000000000ab', traceId: 't2' },
      { spanId: '00000000000000bb', parentSpanId: '00000000000000bb', traceId: 't2' },
    ]);
    expect(Array.from(ds.parent)).toEqual([-1, -1, -1, -1, -1, 0, 1, 2, 3, 4, -1, -1]);
    expect(codes(ds)).toEqual(['MISSING_PARENT', 'SELF_PARENT']);
    expect(ds.flags[0] & SpanFlag.DUPLICATE_ID).toBe(0);
  });

  it('pairs shared spans by hex id too, and prefers the CLIENT record of a duplicated id', () => {
    const id = '1111111111111111';
    const ds = build([
      { spanId: id, kind: SpanKind.UNSPECIFIED, name: 'fragment' },
      { spanId: id, kind: SpanKind.CLIENT, name: 'client' },
      { spanId: id, kind: SpanKind.SERVER, flags: SpanFlag.SHARED, name: 'server' },
      { spanId: '2222222222222222', parentSpanId: id, name: 'work' },
    ]);
    expect(ds.parent[2]).toBe(1);
    expect(ds.parent[3]).toBe(2);
    expect(codes(ds)).toEqual(['DUPLICATE_SPAN_ID']);
  });

  it('orders siblings by start, equal starts by input order, whether or not they arrive sorted', () => {
    // start offsets: k0 5, k1 1, k2 1, k3 3
    const cases: [number[], string[]][] = [
      [[0, 1, 2, 3], ['k1', 'k2', 'k3', 'k0']],
      [[1, 2, 3, 0], ['k1', 'k2', 'k3', 'k0']], // already in order
      [[2, 1, 0, 3], ['k2', 'k1', 'k3', 'k0']], // the tie keeps input order
    ];
    for (const [order, expected] of cases) {
      const ds = build([{ spanId: 'r' }, ...order.map((k) => ({ spanId: `k${k}`, parentSpanId: 'r', startNano: [5, 1, 1, 3][k] }))]);
      const seen: string[] = [];
      for (let c = ds.firstChild[0]; c !== -1; c = ds.nextSibling[c]) seen.push(ds.spanId[c]);
      expect(seen).toEqual(expected);
    }
  });

  it('caps repeated warnings and summarizes the rest', () => {
    const spans = Array.from({ length: 250 }, (_, k) => ({ spanId: `s${k}`, parentSpanId: `missing${k}` }));
    const ds = build(spans);
    expect(ds.warnings.filter((w) => w.code === 'MISSING_PARENT')).toHaveLength(101);
    expect(ds.warnings.at(-1)?.message).toContain('150 more MISSING_PARENT');
  });

  it('property: every span appears exactly once in its trace order, whatever the parent links', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: -1, max: 30 }), fc.integer({ min: 0, max: 2 })), { maxLength: 60 }), (rows) => {
        const ds = build(rows.map(([id, p, t]) => ({ spanId: `s${id}`, parentSpanId: p < 0 ? '' : `s${p}`, traceId: `t${t}` })));
        const seen = new Uint8Array(ds.spanCount);
        for (const tr of ds.traces) for (const i of tr.order) seen[i]++;
        return seen.every((v) => v === 1) && ds.traces.reduce((n, t) => n + t.order.length, 0) === rows.length;
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});

describe('string table', () => {
  it('interns each string once, in first-seen order, whatever its intern cache slot', () => {
    const b = new DatasetBuilder();
    // many strings that share length and first and last characters (likely the same cache slot)
    const words = Array.from({ length: 5000 }, (_, k) => `a${String(k).padStart(6, '0')}z`);
    const first = words.map((w) => b.intern(w));
    const again = [...words].reverse().map((w) => b.intern(w)).reverse();
    expect(again).toEqual(first);
    expect(first).toEqual(words.map((_, k) => k));
    expect(b.intern('')).toBe(5000);
    expect(b.intern('')).toBe(5000);
    expect(b.intern(`a${'000001'}z`)).toBe(1);
  });
});

describe('attributes', () => {
  it('stores typed values and reads them back', () => {
    const b = new DatasetBuilder();
    b.beginFile('f', 'otlp', 0);
    b.resource('svc', []);
    b.beginSpan();
    b.attrString('s', 'text');
    b.attrBool('b', true);
    b.attrInt('i', 42);
    b.attrInt('big', 9007199254740993n);
    b.attrDouble('d', 1.5);
    b.attr('arr', { type: 'array', value: [{ type: 'int', value: 1 }] });
    b.attr('kv', { type: 'kvlist', value: [{ key: 'k', value: { type: 'string', value: 'v' } }] });
    b.attr('bytes', { type: 'bytes', value: 'AQI=' });
    b.attr('e', { type: 'empty', value: null });
    b.endSpan(fields({ spanId: 'a' }));
    const ds = b.finish();
    expect(attributes(ds, 0)).toEqual([
      { key: 's', value: { type: 'string', value: 'text' } },
      { key: 'b', value: { type: 'bool', value: true } },
      { key: 'i', value: { type: 'int', value: 42 } },
      { key: 'big', value: { type: 'int', value: 9007199254740993n } },
      { key: 'd', value: { type: 'double', value: 1.5 } },
      { key: 'arr', value: { type: 'array', value: [{ type: 'int', value: 1 }] } },
      { key: 'kv', value: { type: 'kvlist', value: [{ key: 'k', value: { type: 'string', value: 'v' } }] } },
      { key: 'bytes', value: { type: 'bytes', value: 'AQI=' } },
      { key: 'e', value: { type: 'empty', value: null } },
    ]);
  });

  it('abortSpan drops a broken record with its attributes', () => {
    const b = new DatasetBuilder();
    b.resource('svc', []);
    b.beginSpan();
    b.attrString('k', 'dropped');
    b.abortSpan();
    b.beginSpan();
    b.attrString('k', 'kept');
    b.endSpan(fields({ spanId: 'a' }));
    const ds = b.finish();
    expect(ds.spanCount).toBe(1);
    expect(attributes(ds, 0)).toEqual([{ key: 'k', value: { type: 'string', value: 'kept' } }]);
  });
});

describe('early snapshots (onSpanCount)', () => {
  it('calls back once at the span count, and a snapshot taken then leaves the import to go on', () => {
    const b = new DatasetBuilder();
    b.beginFile('f', 'otlp', 0);
    const seen: number[] = [];
    let early: Dataset | null = null;
    b.onSpanCount(2, () => {
      seen.push(b.spanCount);
      early = b.finish();
      b.onSpanCount(4, () => seen.push(b.spanCount));
    });
    b.endSpan(fields({ spanId: 'c1', parentSpanId: 'root' }));
    b.endSpan(fields({ spanId: 'c2', parentSpanId: 'root' }));
    b.endSpan(fields({ spanId: 'root' }));
    b.endSpan(fields({ spanId: 'c3', parentSpanId: 'root' }));
    b.endSpan(fields({ spanId: 'c4', parentSpanId: 'root' }));
    expect(seen).toEqual([2, 4]);
    const e = early as unknown as Dataset;
    expect(e.spanCount).toBe(2);
    expect(e.warnings.some((w) => w.code === 'MISSING_PARENT')).toBe(true);
    const ds = b.finish();
    expect(ds.spanCount).toBe(5);
    // the same indices name the same spans in the early and the final snapshot
    expect(ds.spanId.slice(0, 2)).toEqual(e.spanId);
    expect(ds.traces[0].roots.length).toBe(1);
    expect(ds.parent[0]).toBe(2);
    expect(ds.warnings.some((w) => w.code === 'MISSING_PARENT')).toBe(false);
  });

  it('calls at once when the count is reached already, and not at all after null', () => {
    const b = new DatasetBuilder();
    b.endSpan(fields({ spanId: 'a' }));
    let calls = 0;
    b.onSpanCount(1, () => calls++);
    expect(calls).toBe(1);
    b.onSpanCount(2, () => calls++);
    b.onSpanCount(2, null);
    b.endSpan(fields({ spanId: 'b' }));
    expect(calls).toBe(1);
  });
});

describe('reserve', () => {
  /** `spans` spans with a varying number of attributes each, after reserve(hint) (none when null). */
  function build(spans: number, hint: number | null, reserveEvery = 0): Dataset {
    const b = new DatasetBuilder();
    b.beginFile('r', 'otlp', 0);
    const res = b.resource('svc', []);
    const scope = b.scope('', '', []);
    if (hint !== null) b.reserve(hint);
    for (let i = 0; i < spans; i++) {
      if (reserveEvery > 0 && i % reserveEvery === 0) b.reserve(reserveEvery);
      b.beginSpan();
      // few attributes at first, many later: the estimate from the first spans falls short
      const attrs = i < spans / 2 ? 2 : 12;
      for (let k = 0; k < attrs; k++) b.attrString(`k${k}`, `v${i % 7}`);
      b.endSpan({ traceId: 't', spanId: i.toString(16).padStart(16, '0'), parentSpanId: '', name: 'n', kind: 1, resource: res, scope, startSec: 1_700_000_000, startNano: i, endSec: 1_700_000_000, endNano: i + 1, statusCode: 0, statusMessage: '', traceState: '', flags: 0 });
    }
    return b.finish();
  }

  it('is only a hint: too small, too large, repeated or absent, the dataset is the same', () => {
    const plain = build(5000, null);
    for (const ds of [build(5000, 5000), build(5000, 100), build(5000, 50_000), build(5000, null, 300), build(5000, 0)]) {
      expect(ds.spanCount).toBe(plain.spanCount);
      expect(ds.attrKey).toEqual(plain.attrKey);
      expect(ds.attrVal).toEqual(plain.attrVal);
      expect(ds.strings).toEqual(plain.strings);
      expect(ds.start).toEqual(plain.start);
      expect(attributes(ds, 4999)).toEqual(attributes(plain, 4999));
    }
  });
});
