import { describe, expect, it } from 'vitest';
import { buildSpans } from './build-spans.ts';
import type { SpanSpec } from './build-spans.ts';
import { deriveGraph } from './derive.ts';
import { graphToDot, graphToJson, graphToMermaid } from './export.ts';

const SPANS: SpanSpec[] = [
  { id: 'a', kind: 'SERVER', svc: 'web', start: 0, dur: 100 },
  { id: 'b', parent: 'a', kind: 'CLIENT', svc: 'web', start: 10, dur: 20, error: true },
  { id: 'c', parent: 'b', kind: 'SERVER', svc: 'app "v2"', start: 12, dur: 15 },
  { id: 'd', parent: 'c', kind: 'PRODUCER', svc: 'app "v2"', start: 14, dur: 1 },
  { id: 'e', parent: 'd', kind: 'CONSUMER', svc: 'worker', start: 40, dur: 5 },
  { id: 'f', parent: 'c', kind: 'CLIENT', svc: 'app "v2"', start: 16, dur: 2, attrs: { 'db.system': 'postgres<ql>' } },
];

describe('JSON', () => {
  it('has the documented, stable shape', () => {
    const ds = buildSpans(SPANS);
    const json = graphToJson(ds, deriveGraph(ds));
    expect(Object.keys(json)).toEqual(['nodes', 'edges', 'diagnostics', 'unpaired']);
    expect(json.nodes).toEqual([
      { id: 'app "v2"', inferred: false, type: 'service', namedBy: 'service.name' },
      { id: 'postgres<ql>', inferred: true, type: 'database', namedBy: 'db.system' },
      { id: 'user', inferred: true, type: 'entry', namedBy: null },
      { id: 'web', inferred: false, type: 'service', namedBy: 'service.name' },
      { id: 'worker', inferred: false, type: 'service', namedBy: 'service.name' },
    ]);
    expect(json.edges).toEqual([
      { from: 'app "v2"', to: 'postgres<ql>', type: 'sync', calls: 1, errors: 0, p50Ms: 2, p95Ms: 2, p99Ms: 2, gapP50Ms: null, lagP50Ms: null },
      { from: 'app "v2"', to: 'worker', type: 'async', calls: 1, errors: 0, p50Ms: 1, p95Ms: 1, p99Ms: 1, gapP50Ms: null, lagP50Ms: 25 },
      // Entry edges have no client span: their durations are the server side's.
      { from: 'user', to: 'web', type: 'sync', calls: 1, errors: 0, p50Ms: 100, p95Ms: 100, p99Ms: 100, gapP50Ms: null, lagP50Ms: null },
      { from: 'web', to: 'app "v2"', type: 'sync', calls: 1, errors: 1, p50Ms: 20, p95Ms: 20, p99Ms: 20, gapP50Ms: 5, lagP50Ms: null },
    ]);
    expect(json.diagnostics).toEqual([
      {
        code: 'CLIENT_WITHOUT_REMOTE_CHILD',
        traceId: 't1',
        spanIds: ['f'],
        message: 'CLIENT "f" (app "v2") has no SERVER child (callee not instrumented or its span lost): drawn to inferred node "postgres<ql>" (named by db.system)',
      },
    ]);
    expect(json.unpaired).toBe(0);
  });

  it('keeps nanosecond precision in milliseconds', () => {
    const ds = buildSpans([
      { id: 'c', kind: 'CLIENT', svc: 'a', start: 0, dur: 1.000001 },
      { id: 's', parent: 'c', kind: 'SERVER', svc: 'b', start: 0, dur: 0.000999 },
    ]);
    const [edge] = graphToJson(ds, deriveGraph(ds)).edges;
    expect(edge.p50Ms).toBe(1.000001);
    expect(edge.gapP50Ms).toBe(0.999002);
  });
});

describe('DOT and Mermaid', () => {
  const g = deriveGraph(buildSpans(SPANS));

  it('DOT escapes names, dashes async edges and inferred nodes, colours failing edges', () => {
    expect(graphToDot(g)).toBe(
      [
        'digraph spanmap {',
        '  rankdir=LR;',
        '  node [fontname="sans-serif"];',
        '  edge [fontname="sans-serif"];',
        '  "app \\"v2\\"" [shape=box];',
        '  "postgres<ql>" [shape=cylinder, style=dashed];',
        '  "user" [shape=ellipse, style=dashed];',
        '  "web" [shape=box];',
        '  "worker" [shape=box];',
        '  "app \\"v2\\"" -> "postgres<ql>" [label="1 call"];',
        '  "app \\"v2\\"" -> "worker" [label="1 message", style=dashed];',
        '  "user" -> "web" [label="1 call"];',
        '  "web" -> "app \\"v2\\"" [label="1 call, 1 error", color=red];',
        '}',
      ].join('\n'),
    );
  });

  it('Mermaid uses generated ids, escapes labels and draws async edges dotted', () => {
    expect(graphToMermaid(g)).toBe(
      [
        'flowchart LR',
        '  n0["app #quot;v2#quot;"]',
        '  n1[("postgres#lt;ql#gt;")]',
        '  n2(["user"])',
        '  n3["web"]',
        '  n4["worker"]',
        '  n0 -->|"1 call"| n1',
        '  n0 -.->|"1 message"| n4',
        '  n2 -->|"1 call"| n3',
        '  n3 -->|"1 call, 1 error"| n0',
        '  classDef inferred stroke-dasharray: 5 5;',
        '  class n1,n2 inferred;',
      ].join('\n'),
    );
  });

  it('renders an empty graph', () => {
    const empty = deriveGraph(buildSpans([]));
    expect(graphToDot(empty)).toContain('digraph spanmap {');
    expect(graphToMermaid(empty)).toBe('flowchart LR');
  });
});
