/**
 * Property tests on random span forests (random kinds, services, parents, shared records, links,
 * lost parents, missing times), against a naive object-based oracle of the same rules, plus the
 * size extremes (a 100k-deep chain, 10^5 siblings) that would break anything recursive.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DatasetBuilder } from '../model/builder.ts';
import type { Dataset } from '../model/types.ts';
import { SpanFlag, SpanKind } from '../model/types.ts';
import { attributeText, serviceName } from '../model/access.ts';
import { addSpans, buildSpans } from './build-spans.ts';
import type { SpanSpec } from './build-spans.ts';
import { deriveGraph } from './derive.ts';
import { diagnosticEntries } from './diagnostics.ts';
import { graphToDot, graphToJson, graphToMermaid } from './export.ts';
import type { ServiceGraph } from './types.ts';

const RUNS = { seed: 42, numRuns: Number(process.env.FUZZ_RUNS ?? 300) };
const KINDS = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'] as const;

const spanArb = fc.record({
  trace: fc.integer({ min: 0, max: 2 }),
  parent: fc.integer({ min: -1, max: 60 }),
  lostParent: fc.option(fc.constantFrom('lost', '0000000000000000'), { nil: null, freq: 6 }),
  kind: fc.integer({ min: 0, max: 5 }),
  svc: fc.constantFrom('a', 'b', 'c', ''),
  peer: fc.constantFrom('', '', 'a', 'x', 'db'),
  error: fc.boolean(),
  start: fc.integer({ min: 0, max: 1000 }),
  dur: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null, freq: 8 }),
  links: fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 3 }),
  sharedWith: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null, freq: 4 }),
});
const forestArb = fc.array(spanArb, { minLength: 0, maxLength: 60, size: 'max' });
const optionsArb = fc.record({ brokerNodes: fc.boolean(), drawUnpaired: fc.boolean(), trace: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }) });

type RawSpan = typeof spanArb extends fc.Arbitrary<infer T> ? T : never;

function toSpecs(raw: readonly RawSpan[]): SpanSpec[] {
  const specs: SpanSpec[] = [];
  raw.forEach((r, k) => {
    const spec: SpanSpec = {
      trace: `t${r.trace}`,
      id: `s${k}`,
      kind: KINDS[r.kind],
      svc: r.svc,
      start: r.start,
      dur: r.dur,
      error: r.error,
      attrs: r.peer ? { 'peer.service': r.peer } : {},
    };
    if (r.sharedWith !== null && k > 0) {
      const other = specs[r.sharedWith % k];
      spec.id = other.id;
      spec.trace = other.trace;
      spec.parent = other.parent;
      spec.shared = true;
    } else if (r.lostParent !== null) spec.parent = r.lostParent;
    else if (r.parent >= 0) {
      // Mostly a parent in the same trace (a parent id of another trace would be an orphan).
      const sameTrace = specs.filter((o) => o.trace === spec.trace);
      if (sameTrace.length > 0) spec.parent = sameTrace[r.parent % sameTrace.length].id;
    }
    // Links to any span (by its own trace, or, for odd targets, by this span's trace: often unresolved).
    spec.links = r.links.map((l) => ({ trace: l % 2 === 0 ? `t${raw[l % raw.length].trace}` : spec.trace, id: `s${l % raw.length}` }));
    specs.push(spec);
  });
  return specs;
}

const isCaller = (k: number) => k === SpanKind.CLIENT || k === SpanKind.PRODUCER;
const isCallee = (k: number) => k === SpanKind.SERVER || k === SpanKind.CONSUMER;

/** The default-option graph's edge call counts, computed the slow and obvious way. */
function oracle(ds: Dataset): { edges: Map<string, number>; unpaired: number } {
  const svc = (i: number) => serviceName(ds, i) || '(unknown service)';
  const edges = new Map<string, number>();
  const add = (from: string, to: string, type: string) => edges.set(`${from} -> ${to} ${type}`, (edges.get(`${from} -> ${to} ${type}`) ?? 0) + 1);
  const hasCallee = new Set<number>();
  const hasProducer = new Set<number>();
  const producerById = new Map<string, number>();
  for (let i = 0; i < ds.spanCount; i++) {
    const key = `${ds.traces[ds.trace[i]].id}/${ds.spanId[i]}`;
    if (ds.kind[i] === SpanKind.PRODUCER && !producerById.has(key)) producerById.set(key, i);
  }
  for (const [i, links] of ds.links) {
    if (ds.kind[i] === SpanKind.PRODUCER) continue;
    const seen = new Set<number>();
    for (const l of links) {
      const q = producerById.get(`${l.traceId}/${l.spanId}`);
      if (q === undefined || q === i || seen.has(q)) continue;
      seen.add(q);
      if (q === ds.parent[i] && isCallee(ds.kind[i])) continue;
      hasCallee.add(q);
      hasProducer.add(i);
      add(svc(q), svc(i), 'async');
    }
  }
  const nestedOuter = new Set<number>();
  for (let i = 0; i < ds.spanCount; i++) {
    const p = ds.parent[i];
    if (p >= 0 && isCallee(ds.kind[i]) && isCaller(ds.kind[p])) {
      hasCallee.add(p);
      add(svc(p), svc(i), ds.kind[i] === SpanKind.CONSUMER ? 'async' : 'sync');
    }
    if (p >= 0 && ds.kind[i] === SpanKind.CLIENT && ds.kind[p] === SpanKind.CLIENT && svc(p) === svc(i)) nestedOuter.add(p);
  }
  let unpaired = 0;
  for (let i = 0; i < ds.spanCount; i++) {
    const k = ds.kind[i];
    if (isCaller(k) && !hasCallee.has(i)) {
      const peer = attributeText(ds, i, 'peer.service') ?? '';
      if (peer !== '') add(svc(i), peer, k === SpanKind.PRODUCER ? 'async' : 'sync');
      else if (!(k === SpanKind.CLIENT && nestedOuter.has(i))) unpaired++;
    }
    const root = ds.parent[i] < 0 && ((ds.flags[i] & SpanFlag.ORPHAN) === 0 || /^0+$/.test(ds.missingParentId.get(i) ?? ''));
    if (isCallee(k) && root && !hasProducer.has(i)) add(attributeText(ds, i, 'peer.service') || 'user', svc(i), k === SpanKind.CONSUMER ? 'async' : 'sync');
  }
  return { edges, unpaired };
}

function checkInvariants(ds: Dataset, g: ServiceGraph): void {
  const pairs = g.pairCaller.length;
  expect(g.pairCallee.length).toBe(pairs);
  expect(g.edges.reduce((a, e) => a + e.calls, 0)).toBe(pairs);
  let at = 0;
  for (const e of g.edges) {
    expect(e.pairStart).toBe(at);
    at += e.pairCount;
    expect(e.errors).toBeLessThanOrEqual(e.calls);
    expect(g.nodes[e.source].id).toBe(e.from);
    expect(g.nodes[e.target].id).toBe(e.to);
  }
  // No span counted twice in one role: each (caller, callee) pair once; a caller with no callee span
  // (inferred/broker edge) once; a callee with no caller span (entry edge) once; and an unpaired
  // span is in no pair as caller.
  const seen = new Set<string>();
  const callerOnly = new Set<number>();
  const calleeOnly = new Set<number>();
  const callerSomewhere = new Set<number>();
  for (let k = 0; k < pairs; k++) {
    const a = g.pairCaller[k];
    const b = g.pairCallee[k];
    expect(a >= 0 || b >= 0).toBe(true);
    if (a >= 0) callerSomewhere.add(a);
    if (a >= 0 && b >= 0) {
      const key = `${a}/${b}/${g.brokerNodes ? k : ''}`;
      if (!g.brokerNodes) {
        expect(seen.has(key)).toBe(false);
        seen.add(key);
      }
    } else if (b < 0) {
      expect(callerOnly.has(a)).toBe(false);
      callerOnly.add(a);
    } else {
      expect(calleeOnly.has(b)).toBe(false);
      calleeOnly.add(b);
    }
  }
  const unpaired = new Set(g.unpairedSpans);
  expect(unpaired.size).toBe(g.unpaired);
  for (const u of unpaired) {
    expect(isCaller(ds.kind[u])).toBe(true);
    if (!g.nodes.some((n) => n.id === '(unpaired)')) expect(callerSomewhere.has(u)).toBe(false);
  }
  const ids = new Set(g.nodes.map((n) => n.id));
  expect(ids.size).toBe(g.nodes.length);
  expect(g.nodes.map((n) => n.id)).toEqual([...g.nodes.map((n) => n.id)].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
  for (const d of g.diagnostics) {
    expect(d.spans.length).toBe(d.count);
    for (let k = 0; k < d.count; k++) {
      expect(d.spans[k]).toBeGreaterThanOrEqual(0);
      expect(d.spans[k]).toBeLessThan(ds.spanCount);
      expect(d.related[k]).toBeLessThan(ds.spanCount);
    }
  }
}

describe('property: random span forests', () => {
  it('edge call counts equal the matched pairs of a naive oracle, and unpaired matches', () => {
    fc.assert(
      fc.property(forestArb, (raw) => {
        const ds = buildSpans(toSpecs(raw));
        const g = deriveGraph(ds);
        const want = oracle(ds);
        const got = new Map(g.edges.map((e) => [`${e.from} -> ${e.to} ${e.type}`, e.calls]));
        expect(got).toEqual(want.edges);
        expect(g.unpaired).toBe(want.unpaired);
        checkInvariants(ds, g);
      }),
      RUNS,
    );
  });

  it('never throws and keeps its invariants with any options, and every renderer accepts the result', () => {
    fc.assert(
      fc.property(forestArb, optionsArb, (raw, options) => {
        const ds = buildSpans(toSpecs(raw));
        const g = deriveGraph(ds, options);
        checkInvariants(ds, g);
        const json = graphToJson(ds, g);
        expect(JSON.parse(JSON.stringify(json))).toEqual(json);
        expect(diagnosticEntries(ds, g).length).toBe(g.diagnostics.reduce((a, d) => a + d.count, 0));
        expect(graphToDot(g)).toContain('digraph');
        expect(graphToMermaid(g)).toContain('flowchart');
      }),
      RUNS,
    );
  });

  it('the graph of each trace is the all-traces graph restricted to it when no link crosses traces', () => {
    fc.assert(
      fc.property(forestArb, (raw) => {
        const specs = toSpecs(raw).map((s) => ({ ...s, links: [] }));
        const ds = buildSpans(specs);
        const all = deriveGraph(ds);
        const sum = new Map<string, number>();
        let unpaired = 0;
        for (let t = 0; t < ds.traces.length; t++) {
          const g = deriveGraph(ds, { trace: t });
          unpaired += g.unpaired;
          for (const e of g.edges) sum.set(`${e.from} -> ${e.to} ${e.type}`, (sum.get(`${e.from} -> ${e.to} ${e.type}`) ?? 0) + e.calls);
        }
        expect(sum).toEqual(new Map(all.edges.map((e) => [`${e.from} -> ${e.to} ${e.type}`, e.calls])));
        expect(unpaired).toBe(all.unpaired);
      }),
      RUNS,
    );
  });
});

describe('size extremes (no recursion)', () => {
  it('a 100k-deep parent chain of alternating CLIENT/SERVER spans', () => {
    const n = 100_000;
    const b = new DatasetBuilder();
    const specs: SpanSpec[] = [];
    for (let k = 0; k < n; k++) specs.push({ id: `s${k}`, parent: k === 0 ? '' : `s${k - 1}`, kind: k % 2 === 0 ? 'SERVER' : 'CLIENT', svc: `svc${k % 4}`, start: k * 0.001, dur: 1 });
    addSpans(b, specs);
    const ds = b.finish();
    expect(ds.depth[n - 1]).toBe(n - 1);
    const g = deriveGraph(ds);
    // Root SERVER: one entry call; every later SERVER pairs with its CLIENT parent; the last CLIENT is unpaired.
    expect(g.edges.reduce((a, e) => a + e.calls, 0)).toBe(1 + (n / 2 - 1));
    expect(g.unpaired).toBe(1);
    expect(g.diagnostics.find((d) => d.code === 'UNMARKED_SERVICE_HOP')?.count).toBe(n / 2);
  });

  it('10^5 siblings under one CLIENT', () => {
    const n = 100_000;
    const specs: SpanSpec[] = [{ id: 'c', kind: 'CLIENT', svc: 'caller' }];
    for (let k = 0; k < n; k++) specs.push({ id: `s${k}`, parent: 'c', kind: 'SERVER', svc: 'callee', start: k * 0.001, dur: 1, error: k % 10 === 0 });
    const g = deriveGraph(buildSpans(specs));
    expect(g.edges.map((e) => `${e.from} -> ${e.to} ${e.calls} ${e.errors}`)).toEqual([`caller -> callee ${n} ${n / 10}`]);
    expect(g.edges[0].server?.count).toBe(n);
  });
});
