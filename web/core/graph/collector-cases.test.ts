/**
 * The OpenTelemetry Collector servicegraph connector's own test cases (shared/design/
 * servicegraph-rules.md section 2.1: open-telemetry/opentelemetry-collector-contrib,
 * connector/servicegraphconnector/connector_test.go @0a3338f7 and testdata/*), and the rows of the
 * rules' disagreement table (section 3). Spanmap must give the same edges and counts, except where
 * it differs on purpose; those cases say so and pin Spanmap's choice.
 */
import { describe, expect, it } from 'vitest';
import { buildSpans } from './build-spans.ts';
import type { SpanSpec } from './build-spans.ts';
import { deriveGraph } from './derive.ts';
import { diagnosticCounts } from './diagnostics.ts';
import { edgeLines, nodeLines } from './test-util.ts';

function graph(spans: SpanSpec[]) {
  const ds = buildSpans(spans);
  return deriveGraph(ds);
}

/**
 * C6-C9 inputs are the collector's testdata files (converted to OTLP/JSON in
 * web/test/fixtures/shared/otlp/contrib-sg-*.json; the CLI test runs those files through the
 * importer). Here they are rebuilt span for span: same ids, kinds, services, attributes and times
 * (1 µs spans starting at 1800000000 s; only the offsets matter).
 */
const T0 = 'a0000000000000000000000000000000';
const T1 = 'a0000000000000000000000000000001';
const FILES: Record<string, SpanSpec[]> = {
  'contrib-sg-client-server-dims.json': [
    { trace: T0, id: 'a000000000000000', kind: 'CLIENT', svc: 'foo-server', name: 'server', dur: 0.001, attrs: { 'messaging.system': 'kafka' } },
    { trace: T0, id: 'a000000000000001', parent: 'a000000000000000', kind: 'SERVER', svc: 'bar-requester', name: 'HTTP GET /ready', dur: 0.001, attrs: { 'db.system': 'postgresql' } },
  ],
  'contrib-sg-messaging-system-trace.json': [
    { trace: T0, id: 'a000000000000000', kind: 'CLIENT', svc: 'foo-server', name: 'server', dur: 0.001 },
    { trace: T0, id: 'a000000000000001', parent: 'a000000000000000', kind: 'SERVER', svc: 'bar-requester', name: 'HTTP GET /ready', dur: 0.001 },
  ],
  'contrib-sg-virtual-nodes.json': [
    { trace: T0, id: 'a000000000000000', kind: 'CLIENT', svc: 'foo-server', name: 'server', dur: 0.001 },
    { trace: T1, id: 'a000000000000001', kind: 'SERVER', svc: 'bar-requester', name: 'HTTP GET /ready', dur: 0.001, attrs: { 'peer.service': 'external-platform' } },
  ],
  'contrib-sg-virtual-client-only.json': [
    { trace: T1, id: 'a000000000000001', kind: 'SERVER', svc: 'bar-requester', name: 'HTTP GET /ready', dur: 0.001, attrs: { 'peer.service.name': 'external-platform' } },
  ],
};

function fileGraph(name: string) {
  return graph(FILES[name]);
}

describe('collector servicegraph connector cases', () => {
  it('C1 happy path (buildSampleTrace): some-service -> some-service, a self edge, client 1 s, server 2 s', () => {
    const g = graph([
      { id: 'client', kind: 'CLIENT', svc: 'some-service', start: 0, dur: 1000, attrs: { 'some-attribute': 'val' } },
      { id: 'server', parent: 'client', kind: 'SERVER', svc: 'some-service', start: 0, dur: 2000 },
    ]);
    expect(edgeLines(g)).toEqual(['some-service -> some-service sync x1']);
    expect(g.edges[0].client?.max).toBe(1e9);
    expect(g.edges[0].server?.max).toBe(2e9);
    // Spanmap also says why the server histogram exceeds the client one (the connector just records it).
    expect(diagnosticCounts(g)).toEqual({ CLOCK_SKEW: 1 });
    expect(g.diagnostics.find((d) => d.code === 'CLOCK_SKEW')?.value[0]).toBe(1e9);
  });

  it('C2 failed label: foo calls bar three times, two succeed, one fails', () => {
    const spans: SpanSpec[] = [];
    for (let k = 0; k < 3; k++) {
      spans.push({ trace: `t${k}`, id: `c${k}`, kind: 'CLIENT', svc: 'foo', dur: 1000, error: k === 2 });
      spans.push({ trace: `t${k}`, id: `s${k}`, parent: `c${k}`, kind: 'SERVER', svc: 'bar', dur: 1000 });
    }
    const g = graph(spans);
    // The connector has two series (failed=false total 2, failed=true total 1); Spanmap one edge.
    expect(edgeLines(g)).toEqual(['foo -> bar sync x3 err1']);
    expect(g.edges[0].server?.count).toBe(3);
  });

  it('C3 incomplete client: the CLIENT peer.service names a virtual server', () => {
    const g = graph([{ trace: '0102030405060708090a0b0c0d0e0f10', id: '0102030404030201', kind: 'CLIENT', svc: 'some-client-service', attrs: { 'peer.service': 'AuthTokenCache' } }]);
    expect(edgeLines(g)).toEqual(['some-client-service -> AuthTokenCache sync x1']);
    expect(g.nodes.find((n) => n.id === 'AuthTokenCache')).toMatchObject({ inferred: true, namedBy: 'peer.service' });
  });

  it('C4 incomplete root server: user -> some-server-service', () => {
    expect(edgeLines(graph([{ id: 's', kind: 'SERVER', svc: 'some-server-service' }]))).toEqual(['user -> some-server-service sync x1']);
  });

  it('C5 incomplete server whose parent never arrives: no edge at all (Spanmap adds ORPHAN_SPAN)', () => {
    const g = graph([{ id: 's', parent: '2728293031323334', kind: 'SERVER', svc: 'some-server-service' }]);
    expect(edgeLines(g)).toEqual([]);
    expect(diagnosticCounts(g)).toEqual({ ORPHAN_SPAN: 1 });
  });

  it('C6 extra dimensions (extra-dimensions-queue-db-trace.yaml @1d376147): db.system on the SERVER makes no database edge', () => {
    const g = fileGraph('contrib-sg-client-server-dims.json');
    expect(edgeLines(g)).toEqual(['foo-server -> bar-requester sync x1']);
    expect(g.edges[0].client).toMatchObject({ count: 1, max: 1000 });
    expect(g.edges[0].server).toMatchObject({ count: 1, max: 1000 });
  });

  it('C7 messaging-system trace (messaging-system-trace.yaml @1c567675): a plain CLIENT/SERVER pair', () => {
    const g = fileGraph('contrib-sg-messaging-system-trace.json');
    expect(edgeLines(g)).toEqual(['foo-server -> bar-requester sync x1']);
    expect(g.edges[0].server).toMatchObject({ count: 1, max: 1000 });
  });

  it('C8 virtual nodes (virtual-node-label-trace.yaml @2400a2dc): Spanmap differs on both edges on purpose', () => {
    const g = fileGraph('contrib-sg-virtual-nodes.json');
    // Collector: foo-server -> unknown x1 and user -> bar-requester x1.
    // Spanmap: never an invented "unknown" node: the peer-less CLIENT is counted in `unpaired`; and the
    // root SERVER's own peer.service names its caller (Tempo's rule) instead of "user".
    expect(edgeLines(g)).toEqual(['external-platform -> bar-requester sync x1']);
    expect(g.unpaired).toBe(1);
    expect(nodeLines(g)).not.toContain('unknown:other*');
  });

  it('C9 virtual client label (virtual-node-label-client-trace.yaml @889def48): user -> bar-requester', () => {
    // The SERVER carries peer.service.name, which is not a peer attribute for anyone: "user".
    expect(edgeLines(fileGraph('contrib-sg-virtual-client-only.json'))).toEqual(['user -> bar-requester sync x1']);
  });

  it('C10 virtual server label (virtual-node-label-server-expected-metrics.yaml @9b20423d): no "unknown" node', () => {
    // Collector: foo-server -> unknown [virtual_node] x1 for a CLIENT with no server and no peer attribute.
    const g = graph([{ id: 'c', kind: 'CLIENT', svc: 'foo-server' }]);
    expect(edgeLines(g)).toEqual([]);
    expect(g.unpaired).toBe(1);
  });
});

describe('where the peers disagree (servicegraph-rules.md section 3)', () => {
  it('a CLIENT with db.name is a database edge named by it (collector 1.1.6); db.system alone names it too (Tempo 1.2.3)', () => {
    const g = graph([
      { id: 'a', kind: 'CLIENT', svc: 'api', attrs: { 'db.name': 'orders', 'db.system': 'postgresql' } },
      { id: 'b', kind: 'CLIENT', svc: 'api', attrs: { 'db.system': 'redis' } },
    ]);
    expect(edgeLines(g)).toEqual(['api -> orders sync x1', 'api -> redis sync x1']);
    expect(nodeLines(g)).toEqual(['api:service', 'orders:database*', 'redis:database*']);
  });

  it('an unanswered CLIENT with peer.service calls that peer (all peers agree)', () => {
    expect(edgeLines(graph([{ id: 'a', kind: 'CLIENT', svc: 'api', attrs: { 'peer.service': 'ext' } }]))).toEqual(['api -> ext sync x1']);
  });

  it('an INTERNAL span between CLIENT and SERVER breaks the pair (collector, Tempo); Spanmap says where', () => {
    const g = graph([
      { id: 'c', kind: 'CLIENT', svc: 'a' },
      { id: 'i', parent: 'c', kind: 'INTERNAL', svc: 'a' },
      { id: 's', parent: 'i', kind: 'SERVER', svc: 'b' },
    ]);
    expect(edgeLines(g)).toEqual([]);
    expect(diagnosticCounts(g)).toMatchObject({ UNMARKED_SERVICE_HOP: 1, CLIENT_WITHOUT_REMOTE_CHILD: 1 });
  });

  it('mixed kinds pair like the collector (CLIENT then CONSUMER: messaging) and are flagged', () => {
    const g = graph([
      { id: 'c', kind: 'CLIENT', svc: 'a' },
      { id: 'k', parent: 'c', kind: 'CONSUMER', svc: 'b' },
    ]);
    expect(edgeLines(g)).toEqual(['a -> b async x1']);
    expect(diagnosticCounts(g)).toEqual({ ASYNC_AS_SYNC: 1 });
  });

  it('a CONSUMER that only links to its PRODUCER is paired (collector and Tempo never use links)', () => {
    const g = graph([
      { trace: 'a', id: 'p', kind: 'PRODUCER', svc: 'shop', attrs: { 'messaging.destination.name': 'orders' } },
      { trace: 'b', id: 'c', kind: 'CONSUMER', svc: 'billing', links: [{ trace: 'a', id: 'p' }] },
    ]);
    // Collector: shop -> orders [virtual_node] for the expired PRODUCER and user -> billing for the root
    // CONSUMER. Spanmap: the message itself.
    expect(edgeLines(g)).toEqual(['shop -> billing async x1']);
  });

  it('a resource without service.name still takes part (the collector skips the whole ResourceSpans)', () => {
    const g = graph([
      { id: 'c', kind: 'CLIENT', svc: '' },
      { id: 's', parent: 'c', kind: 'SERVER', svc: 'b' },
    ]);
    expect(edgeLines(g)).toEqual(['(unknown service) -> b sync x1']);
  });
});
