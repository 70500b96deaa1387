import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DatasetBuilder } from '../model/builder.ts';
import type { SpanFields } from '../model/builder.ts';
import { SpanKind, StatusCode } from '../model/types.ts';
import type { Dataset, SpanKind as Kind } from '../model/types.ts';
import { allParents, buildRows, collapseBelowDepth, initialDepth, traceTree } from './rows.ts';
import { criticalPath } from './critical-path.ts';
import { adjustSkew } from './skew.ts';

interface S {
  id: string;
  parent?: string;
  kind?: Kind;
  start: number;
  end: number;
  name?: string;
  svc?: string;
}

function build(spans: S[]): Dataset {
  const b = new DatasetBuilder();
  b.beginFile('t.json', 'otlp', 0);
  for (const s of spans) {
    b.beginSpan();
    const f: SpanFields = {
      traceId: 't',
      spanId: s.id,
      parentSpanId: s.parent ?? '',
      name: s.name ?? s.id,
      kind: s.kind ?? SpanKind.INTERNAL,
      resource: b.resource(s.svc ?? 'svc', []),
      scope: 0,
      startSec: 100,
      startNano: s.start,
      endSec: 100,
      endNano: s.end,
      statusCode: StatusCode.UNSET,
      statusMessage: '',
      traceState: '',
      flags: 0,
    };
    b.endSpan(f);
  }
  return b.finish();
}

const ids = (ds: Dataset, rows: ArrayLike<number>) => Array.from(rows, (i) => ds.spanId[i]);

describe('row model', () => {
  const ds = build([
    { id: 'r', start: 0, end: 100 },
    { id: 'a', parent: 'r', start: 1, end: 50 },
    { id: 'a1', parent: 'a', start: 2, end: 10 },
    { id: 'b', parent: 'r', start: 60, end: 90 },
  ]);
  const tree = traceTree(ds, ds.traces[0].order);

  it('shows everything expanded, and skips collapsed subtrees', () => {
    expect(ids(ds, buildRows(ds, tree, { collapsed: new Set() }).spans)).toEqual(['r', 'a', 'a1', 'b']);
    expect(ids(ds, buildRows(ds, tree, { collapsed: new Set([1]) }).spans)).toEqual(['r', 'a', 'b']);
    expect(ids(ds, buildRows(ds, tree, { collapsed: allParents(ds, tree.order) }).spans)).toEqual(['r']);
    expect(ids(ds, buildRows(ds, tree, { collapsed: collapseBelowDepth(ds, tree.order, 2) }).spans)).toEqual(['r', 'a', 'b']);
  });

  it('shows matches only', () => {
    expect(ids(ds, buildRows(ds, tree, { collapsed: new Set(), only: new Set([2, 3]) }).spans)).toEqual(['a1', 'b']);
  });

  it('folds runs of identical leaf siblings into a group row, and unfolds on request', () => {
    const fan = build([{ id: 'r', start: 0, end: 1000 }, ...Array.from({ length: 240 }, (_, k) => ({ id: `q${k}`, parent: 'r', start: k + 1, end: k + 2, name: 'SELECT' })), { id: 'z', parent: 'r', start: 900, end: 901 }]);
    const t = traceTree(fan, fan.traces[0].order);
    const rows = buildRows(fan, t, { collapsed: new Set(), foldRunsOf: 5 });
    expect(rows.count).toBe(3);
    expect(Array.from(rows.group)).toEqual([0, 240, 0]);
    const unfolded = buildRows(fan, t, { collapsed: new Set(), foldRunsOf: 5, expandedGroups: new Set([rows.spans[1]]) });
    expect(unfolded.count).toBe(242);
  });

  it('opens large traces at a readable depth', () => {
    expect(initialDepth(ds, tree.order)).toBe(Number.POSITIVE_INFINITY);
    const wide = build([{ id: 'r', start: 0, end: 10 }, ...Array.from({ length: 50 }, (_, k) => ({ id: `c${k}`, parent: 'r', start: 1, end: 2 })), ...Array.from({ length: 500 }, (_, k) => ({ id: `g${k}`, parent: `c${k % 50}`, start: 1, end: 2 }))]);
    expect(initialDepth(wide, wide.traces[0].order, 100)).toBe(2);
  });

  it('property: rows with random collapses equal a naive tree walk', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(40), { minLength: 1, maxLength: 40 }), fc.array(fc.nat(40)), (parents, collapsedIdx) => {
        const spans: S[] = parents.map((p, k) => ({ id: `s${k}`, parent: k === 0 || p >= k ? undefined : `s${p}`, start: k, end: k + 1 }));
        const d = build(spans);
        const collapsed = new Set(collapsedIdx.filter((c) => c < d.spanCount));
        const got: number[] = [];
        for (const tr of d.traces) got.push(...buildRows(d, traceTree(d, tr.order), { collapsed }).spans);
        const naive: number[] = [];
        for (const tr of d.traces) {
          for (const r of tr.roots) {
            const st = [r];
            while (st.length) {
              const v = st.pop() as number;
              naive.push(v);
              if (collapsed.has(v)) continue;
              const kids: number[] = [];
              for (let c = d.firstChild[v]; c !== -1; c = d.nextSibling[c]) kids.push(c);
              st.push(...kids.reverse());
            }
          }
        }
        expect(got).toEqual(naive);
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});

describe('critical path', () => {
  it('follows the last-finishing child, with self time in the gaps', () => {
    const ds = build([
      { id: 'r', start: 0, end: 100, kind: SpanKind.SERVER },
      { id: 'c1', parent: 'r', start: 10, end: 40, kind: SpanKind.CLIENT },
      { id: 'c2', parent: 'r', start: 20, end: 80, kind: SpanKind.CLIENT },
      { id: 's2', parent: 'c2', start: 25, end: 75, kind: SpanKind.SERVER },
    ]);
    const segs = criticalPath(ds, 0).map((s) => [ds.spanId[s.span], s.start, s.end]);
    expect(segs).toEqual([
      ['r', 0, 20],
      ['c2', 20, 25],
      ['s2', 25, 75],
      ['c2', 75, 80],
      ['r', 80, 100],
    ]);
  });

  it('does not let a consumer block its producer', () => {
    const ds = build([
      { id: 'r', start: 0, end: 100 },
      { id: 'p', parent: 'r', start: 10, end: 20, kind: SpanKind.PRODUCER },
      { id: 'c', parent: 'p', start: 30, end: 95, kind: SpanKind.CONSUMER },
    ]);
    const onPath = new Set(criticalPath(ds, 0).map((s) => ds.spanId[s.span]));
    expect(onPath.has('c')).toBe(false);
    expect(onPath.has('p')).toBe(true);
  });

  it('covers the root exactly, on a 100k-deep chain too', () => {
    const chain = Array.from({ length: 100_000 }, (_, k) => ({ id: `s${k}`, parent: k ? `s${k - 1}` : undefined, start: k, end: 300_000 - k }));
    const ds = build(chain);
    const segs = criticalPath(ds, 0);
    const total = segs.reduce((a, s) => a + s.end - s.start, 0);
    expect(total).toBe(300_000);
  });
});

describe('clock skew correction', () => {
  it('centres a SERVER that sticks out of its CLIENT, moving its subtree, and marks the shift', () => {
    const ds = build([
      { id: 'c', start: 100, end: 200, kind: SpanKind.CLIENT },
      { id: 's', parent: 'c', start: 50, end: 130, kind: SpanKind.SERVER },
      { id: 'w', parent: 's', start: 60, end: 70 },
    ]);
    const adj = adjustSkew(ds, ds.traces[0].order);
    expect(adj.start[1] - adj.start[0]).toBe(10); // (100 - 80) / 2
    expect(adj.delta.get(1)).toBe(60);
    expect(adj.delta.get(2)).toBe(60);
    expect(adj.start[2]).toBe(ds.start[2] + 60);
  });

  it('never moves a CONSUMER into its PRODUCER, and leaves well-placed servers alone', () => {
    const ds = build([
      { id: 'p', start: 100, end: 110, kind: SpanKind.PRODUCER },
      { id: 'k', parent: 'p', start: 0, end: 5, kind: SpanKind.CONSUMER },
      { id: 'c', start: 0, end: 100, kind: SpanKind.CLIENT },
      { id: 's', parent: 'c', start: 10, end: 90, kind: SpanKind.SERVER },
    ]);
    expect(adjustSkew(ds, ds.traces[0].order).delta.size).toBe(0);
  });
});
