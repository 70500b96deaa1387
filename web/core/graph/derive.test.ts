import { describe, expect, it } from 'vitest';
import { buildSpans } from './build-spans.ts';
import type { SpanSpec } from './build-spans.ts';
import { deriveGraph, edgePairs } from './derive.ts';
import { diagnosticCounts, diagnosticEntries } from './diagnostics.ts';
import { diagSpans, edgeLines, nodeLines } from './test-util.ts';
import type { GraphOptions } from './types.ts';

function graph(spans: SpanSpec[], options?: GraphOptions) {
  const ds = buildSpans(spans);
  return { ds, g: deriveGraph(ds, options) };
}

describe('sync edges', () => {
  it('pairs a SERVER with its CLIENT parent, names the edge by the two services and adds the entry edge', () => {
    const { g } = graph([
      { id: 'a', kind: 'SERVER', svc: 'web' },
      { id: 'b', parent: 'a', kind: 'CLIENT', svc: 'web' },
      { id: 'c', parent: 'b', kind: 'SERVER', svc: 'app' },
    ]);
    expect(edgeLines(g)).toEqual(['user -> web sync x1', 'web -> app sync x1']);
    expect(nodeLines(g)).toEqual(['app:service', 'user:entry*', 'web:service']);
    expect(g.unpaired).toBe(0);
  });

  it('keeps a service calling itself as an edge', () => {
    const { g } = graph([
      { id: 'b', kind: 'CLIENT', svc: 's' },
      { id: 'c', parent: 'b', kind: 'SERVER', svc: 's' },
    ]);
    expect(edgeLines(g)).toEqual(['s -> s sync x1']);
  });

  it('pairs a Zipkin shared SERVER record (same span id as its CLIENT)', () => {
    const { ds, g } = graph([
      { id: 'a', kind: 'SERVER', svc: 'web' },
      { id: 'b', parent: 'a', kind: 'CLIENT', svc: 'web' },
      { id: 'b', parent: 'a', kind: 'SERVER', svc: 'app', shared: true },
    ]);
    expect(edgeLines(g)).toEqual(['user -> web sync x1', 'web -> app sync x1']);
    const e = g.edges.findIndex((x) => x.to === 'app');
    const { caller, callee } = edgePairs(g, e);
    expect([...caller].map((i) => ds.kind[i])).toEqual([3]);
    expect([...callee].map((i) => ds.kind[i])).toEqual([2]);
  });

  it('counts every SERVER child of one CLIENT (a retry or fan-out) as a call, each server once', () => {
    const { g } = graph([
      { id: 'c', kind: 'CLIENT', svc: 'a' },
      { id: 's1', parent: 'c', kind: 'SERVER', svc: 'b' },
      { id: 's2', parent: 'c', kind: 'SERVER', svc: 'b', error: true },
    ]);
    expect(edgeLines(g)).toEqual(['a -> b sync x2 err1']);
  });

  it('does not bridge through an INTERNAL span, and says why', () => {
    const { ds, g } = graph([
      { id: 'c', kind: 'CLIENT', svc: 'a' },
      { id: 'i', parent: 'c', kind: 'INTERNAL', svc: 'b' },
      { id: 's', parent: 'i', kind: 'SERVER', svc: 'b' },
    ]);
    expect(edgeLines(g)).toEqual([]);
    expect(g.unpaired).toBe(1);
    expect(diagSpans(g, ds.spanId, 'UNMARKED_SERVICE_HOP')).toEqual(['i<c']);
    expect(diagSpans(g, ds.spanId, 'SERVER_WITH_LOCAL_PARENT')).toEqual(['s<i']);
  });
});

describe('async edges', () => {
  it('pairs a CONSUMER with its PRODUCER parent and measures the queue lag', () => {
    const { g } = graph([
      { id: 'p', kind: 'PRODUCER', svc: 'orders', start: 0, dur: 2 },
      { id: 'c', parent: 'p', kind: 'CONSUMER', svc: 'billing', start: 7, dur: 3 },
    ]);
    expect(edgeLines(g)).toEqual(['orders -> billing async x1']);
    const e = g.edges[0];
    expect(e.lag?.p50).toBe(5e6);
    expect(e.gap).toBeNull();
    expect(e.client?.p50).toBe(2e6);
    expect(e.server?.p50).toBe(3e6);
  });

  it('pairs a span linking to a PRODUCER in another loaded trace (the backends drop this)', () => {
    const { ds, g } = graph([
      { trace: 't1', id: 'p', kind: 'PRODUCER', svc: 'orders', start: 0, dur: 1 },
      { trace: 't2', id: 'c', kind: 'CONSUMER', svc: 'billing', start: 1001, dur: 1, links: [{ trace: 't1', id: 'p' }] },
    ]);
    expect(edgeLines(g)).toEqual(['orders -> billing async x1']);
    // The lag crosses two traces with different epochs: 1001 ms - 1 ms.
    expect(g.edges[0].lag?.p50).toBe(1000e6);
    expect(diagnosticCounts(g)).toEqual({});
    // The graph of either trace shows the message.
    expect(edgeLines(deriveGraph(ds, { trace: 0 }))).toEqual(['orders -> billing async x1']);
    expect(edgeLines(deriveGraph(ds, { trace: 1 }))).toEqual(['orders -> billing async x1']);
  });

  it('resolves a link by trace and span id when two traces reuse a producer span id', () => {
    const { g } = graph([
      { trace: 't1', id: 'p', kind: 'PRODUCER', svc: 'one' },
      { trace: 't2', id: 'p', kind: 'PRODUCER', svc: 'two' },
      { trace: 't3', id: 'p', kind: 'PRODUCER', svc: 'three' },
      { trace: 't4', id: 'c', kind: 'CONSUMER', svc: 'sink', links: [{ trace: 't3', id: 'p' }, { trace: 't2', id: 'p' }, { trace: 't9', id: 'p' }] },
    ]);
    expect(edgeLines(g)).toEqual(['three -> sink async x1', 'two -> sink async x1']);
    expect(g.unpaired).toBe(1);
  });

  it('counts a CONSUMER child that also links to its parent producer once, and a batch consumer once per message', () => {
    const { g } = graph([
      { id: 'p1', kind: 'PRODUCER', svc: 'a' },
      { id: 'p2', kind: 'PRODUCER', svc: 'a' },
      { id: 'c', parent: 'p1', kind: 'CONSUMER', svc: 'b', links: [{ id: 'p1' }, { id: 'p2' }, { id: 'p2' }] },
    ]);
    expect(edgeLines(g)).toEqual(['a -> b async x2']);
  });

  it('ignores links from PRODUCER spans (a batch publish links its messages) and links to non-PRODUCER spans', () => {
    const { g } = graph([
      { id: 'm', kind: 'PRODUCER', svc: 'a', attrs: { 'messaging.destination.name': 'q' } },
      { id: 'pub', kind: 'PRODUCER', svc: 'a', links: [{ id: 'm' }], attrs: { 'messaging.destination.name': 'q' } },
      { id: 'x', kind: 'SERVER', svc: 'b', links: [{ id: 'pub2' }] },
      { id: 'y', kind: 'INTERNAL', svc: 'b', links: [{ id: 'x' }] },
    ]);
    expect(edgeLines(g)).toEqual(['a -> q async x2', 'user -> b sync x1']);
  });

  it('draws the broker as its own node with brokerNodes (messaging.system + messaging.destination.name)', () => {
    const spans: SpanSpec[] = [
      { id: 'p', kind: 'PRODUCER', svc: 'orders', start: 0, dur: 1, attrs: { 'messaging.system': 'kafka', 'messaging.destination.name': 'created' } },
      { id: 'c1', parent: 'p', kind: 'CONSUMER', svc: 'billing', start: 3, dur: 1 },
      { trace: 't2', id: 'c2', kind: 'CONSUMER', svc: 'mail', start: 5, dur: 1, links: [{ trace: 't1', id: 'p' }] },
      { id: 'lost', kind: 'PRODUCER', svc: 'orders', attrs: { 'messaging.system': 'kafka', 'messaging.destination.name': 'created' } },
    ];
    const { g } = graph(spans, { brokerNodes: true });
    expect(edgeLines(g)).toEqual(['kafka/created -> billing async x1', 'kafka/created -> mail async x1', 'orders -> kafka/created async x2']);
    const broker = g.nodes.find((n) => n.id === 'kafka/created');
    expect(broker).toMatchObject({ inferred: true, type: 'messaging', namedBy: 'messaging.destination.name', requests: 2 });
    const toBilling = g.edges.find((e) => e.to === 'billing');
    expect(toBilling?.client).toBeNull();
    expect(toBilling?.lag?.p50).toBe(2e6);
    // Without the option the same spans give direct edges and an inferred destination for the lost message.
    expect(edgeLines(graph(spans).g)).toEqual(['orders -> billing async x1', 'orders -> created async x1', 'orders -> mail async x1']);
  });
});

describe('inferred nodes', () => {
  const client = (attrs: Record<string, string | number>, id = 'c', svc = 'app'): SpanSpec => ({ id, kind: 'CLIENT', svc, attrs });

  it.each([
    [{ 'peer.service': 'AuthTokenCache', 'server.address': 'x' }, 'AuthTokenCache', 'other', 'peer.service'],
    [{ 'server.service.name': 'payments' }, 'payments', 'other', 'server.service.name'],
    [{ 'service.peer.name': 'mysql', 'db.system': 'mysql' }, 'mysql', 'database', 'service.peer.name'],
    [{ 'server.address': 'db.internal', 'server.port': 5432, 'db.system.name': 'postgresql' }, 'db.internal', 'database', 'server.address'],
    [{ 'net.peer.name': 'legacy.host', 'net.peer.port': 80 }, 'legacy.host', 'other', 'net.peer.name'],
    [{ 'network.peer.address': '10.0.0.7', 'network.peer.port': 6379 }, '10.0.0.7:6379', 'other', 'network.peer.address'],
    [{ 'network.peer.address': '::1', 'network.peer.port': 6379 }, '[::1]:6379', 'other', 'network.peer.address'],
    [{ 'db.namespace': 'orders', 'db.system.name': 'postgresql' }, 'orders', 'database', 'db.namespace'],
    [{ 'db.name': 'customers', 'db.system': 'mysql' }, 'customers', 'database', 'db.name'],
    [{ 'db.system.name': 'redis' }, 'redis', 'database', 'db.system.name'],
    [{ 'db.system': 'mongodb' }, 'mongodb', 'database', 'db.system'],
    [{ 'messaging.destination.name': 'jobs', 'messaging.system': 'rabbitmq' }, 'jobs', 'messaging', 'messaging.destination.name'],
    [{ 'url.full': 'https://user@API.Example.com:8443/v1?q=1', 'http.request.method': 'GET' }, 'api.example.com', 'http', 'url.full'],
    [{ 'http.url': 'http://[2001:db8::1]/x' }, '2001:db8::1', 'http', 'http.url'],
    [{ 'peer.service': '', 'db.system': 'redis' }, 'redis', 'database', 'db.system'],
  ])('names the callee of a CLIENT without SERVER child from %j', (attrs, id, type, namedBy) => {
    const { g } = graph([client(attrs)]);
    expect(g.nodes.find((n) => n.inferred)).toMatchObject({ id, type, namedBy, requests: 1 });
    expect(edgeLines(g)).toEqual([`app -> ${id} sync x1`]);
    expect(g.unpaired).toBe(0);
  });

  it('adds server.port only where it tells instances of one address apart', () => {
    const { g } = graph([
      client({ 'server.address': '0.0.0.0', 'server.port': 8081 }, 'c1'),
      client({ 'server.address': '0.0.0.0', 'server.port': 8083 }, 'c2'),
      client({ 'server.address': 'cache', 'server.port': 6379 }, 'c3'),
      client({ 'server.address': 'cache', 'server.port': 6379 }, 'c4'),
      client({ 'server.address': 'cache' }, 'c5'),
    ]);
    expect(edgeLines(g)).toEqual(['app -> 0.0.0.0:8081 sync x1', 'app -> 0.0.0.0:8083 sync x1', 'app -> cache sync x3']);
  });

  it('merges a peer name equal to a loaded service into that service (peer.service is the callee service.name)', () => {
    const { g } = graph([
      { id: 's', kind: 'SERVER', svc: 'billing' },
      client({ 'peer.service': 'billing' }, 'c', 'web'),
    ]);
    expect(edgeLines(g)).toEqual(['user -> billing sync x1', 'web -> billing sync x1']);
    expect(g.nodes.find((n) => n.id === 'billing')).toMatchObject({ inferred: false, type: 'service', namedBy: 'service.name', requests: 2 });
  });

  it('infers a PRODUCER destination with an async edge', () => {
    const { ds, g } = graph([{ id: 'p', kind: 'PRODUCER', svc: 'a', attrs: { 'messaging.destination.name': 'q' } }]);
    expect(edgeLines(g)).toEqual(['a -> q async x1']);
    expect(diagSpans(g, ds.spanId, 'PRODUCER_WITHOUT_CONSUMER')).toEqual(['p']);
  });

  it('never invents an "unknown" node: a CLIENT without peer attributes is counted as unpaired', () => {
    const { ds, g } = graph([
      { id: 'c', kind: 'CLIENT', svc: 'a', attrs: { 'param.id': '1' } },
      { id: 'p', kind: 'PRODUCER', svc: 'a' },
    ]);
    expect(edgeLines(g)).toEqual([]);
    expect(g.unpaired).toBe(2);
    expect([...g.unpairedSpans].map((i) => ds.spanId[i])).toEqual(['c', 'p']);
    const entries = diagnosticEntries(ds, g);
    expect(entries.map((e) => e.code)).toEqual(['CLIENT_WITHOUT_REMOTE_CHILD', 'PRODUCER_WITHOUT_CONSUMER']);
    expect(entries[0].message).toContain('counted as unpaired');
    // drawUnpaired draws them to one "(unpaired)" node; the count stays.
    const drawn = deriveGraph(ds, { drawUnpaired: true });
    expect(edgeLines(drawn)).toEqual(['a -> (unpaired) sync x1', 'a -> (unpaired) async x1']);
    expect(drawn.unpaired).toBe(2);
  });

  it('leaves the outer CLIENT of a nested pair to its inner CLIENT unless the outer names its peer', () => {
    const { ds, g } = graph([
      { id: 'chat', kind: 'CLIENT', svc: 'agent', attrs: { 'gen_ai.provider.name': 'x' } },
      { id: 'http', parent: 'chat', kind: 'CLIENT', svc: 'agent', attrs: { 'url.full': 'https://api.example.test/v1' } },
      { id: 'sql', kind: 'CLIENT', svc: 'agent', attrs: { 'db.system': 'postgresql' } },
      { id: 'tcp', parent: 'sql', kind: 'CLIENT', svc: 'agent' },
    ]);
    expect(edgeLines(g)).toEqual(['agent -> api.example.test sync x1', 'agent -> postgresql sync x1']);
    expect(g.unpaired).toBe(1);
    expect(diagSpans(g, ds.spanId, 'NESTED_CLIENT')).toEqual(['chat<http', 'sql<tcp']);
    expect(diagSpans(g, ds.spanId, 'CLIENT_WITHOUT_REMOTE_CHILD')).toEqual(['http', 'sql', 'tcp']);
  });
});

describe('entry nodes', () => {
  it('gives a root SERVER "user", or its own peer attribute (Tempo), and a root CONSUMER its destination', () => {
    const { g } = graph([
      { trace: 't1', id: 'a', kind: 'SERVER', svc: 'web' },
      { trace: 't2', id: 'b', kind: 'SERVER', svc: 'api', attrs: { 'peer.service': 'external-platform' } },
      { trace: 't3', id: 'c', kind: 'CONSUMER', svc: 'worker', attrs: { 'messaging.destination.name': 'jobs' } },
    ]);
    expect(edgeLines(g)).toEqual(['external-platform -> api sync x1', 'jobs -> worker async x1', 'user -> web sync x1']);
    expect(nodeLines(g)).toEqual(['api:service', 'external-platform:entry*', 'jobs:messaging*', 'user:entry*', 'web:service', 'worker:service']);
  });

  it('treats an all-zero parent id as root (collector rule) and a lost parent as orphan with no edge', () => {
    const { ds, g } = graph([
      { trace: 't1', id: 'a', parent: '0000000000000000', kind: 'SERVER', svc: 'web' },
      { trace: 't2', id: 'b', parent: '2728293031323334', kind: 'SERVER', svc: 'web' },
    ]);
    expect(edgeLines(g)).toEqual(['user -> web sync x1']);
    expect(diagSpans(g, ds.spanId, 'ORPHAN_SPAN')).toEqual(['b']);
    expect(g.nodes.find((n) => n.id === 'web')?.requests).toBe(2);
  });

  it('draws spans of a resource without service.name as "(unknown service)"', () => {
    const { g } = graph([{ id: 'a', kind: 'SERVER', svc: '' }]);
    expect(edgeLines(g)).toEqual(['user -> (unknown service) sync x1']);
  });
});

describe('statistics', () => {
  it('gives client/server distributions, the network gap, errors and node stats', () => {
    const spans: SpanSpec[] = [];
    for (let k = 1; k <= 100; k++) {
      spans.push({ trace: `t${k}`, id: `c${k}`, kind: 'CLIENT', svc: 'a', start: 0, dur: k + 1, error: k === 1 });
      spans.push({ trace: `t${k}`, id: `s${k}`, parent: `c${k}`, kind: 'SERVER', svc: 'b', start: 0.5, dur: k, error: k === 2 });
    }
    const { g } = graph(spans);
    expect(edgeLines(g)).toEqual(['a -> b sync x100 err2']);
    const e = g.edges[0];
    expect(e.client).toEqual({ count: 100, p50: 51e6, p95: 96e6, p99: 100e6, max: 101e6 });
    expect(e.server).toEqual({ count: 100, p50: 50e6, p95: 95e6, p99: 99e6, max: 100e6 });
    expect(e.gap).toEqual({ count: 100, p50: 1e6, p95: 1e6, p99: 1e6, max: 1e6 });
    expect(e.lag).toBeNull();
    expect(g.nodes.find((n) => n.id === 'b')).toMatchObject({ requests: 100, errors: 1, p95Ns: 95e6, inferred: false });
    expect(g.nodes.find((n) => n.id === 'a')).toMatchObject({ requests: 0, errors: 0, p95Ns: null });
  });

  it('leaves spans without timestamps out of the distributions but counts their calls', () => {
    const { g } = graph([
      { id: 'c', kind: 'CLIENT', svc: 'a', start: 0, dur: null },
      { id: 's', parent: 'c', kind: 'SERVER', svc: 'b', start: 0, dur: 1 },
    ]);
    expect(g.edges[0]).toMatchObject({ calls: 1, client: null, gap: null });
    expect(g.edges[0].server?.count).toBe(1);
  });
});

describe('diagnostics', () => {
  it('finds each misuse of span kinds with the spans involved', () => {
    const { ds, g } = graph([
      { id: 'root', kind: 'SERVER', svc: 'web', start: 0, dur: 100 },
      { id: 'nokind', parent: 'root', kind: 'UNSPECIFIED', svc: 'web', start: 1, dur: 1 },
      { id: 'local', parent: 'root', kind: 'SERVER', svc: 'web', start: 2, dur: 1 },
      { id: 'cl', parent: 'root', kind: 'CLIENT', svc: 'web', start: 10, dur: 10 },
      { id: 'skewed', parent: 'cl', kind: 'SERVER', svc: 'app', start: 8, dur: 5 },
      { id: 'inner', parent: 'cl', kind: 'CLIENT', svc: 'web', start: 11, dur: 1 },
      { id: 'cl2', parent: 'root', kind: 'CLIENT', svc: 'web', start: 30, dur: 1 },
      { id: 'cons', parent: 'cl2', kind: 'CONSUMER', svc: 'q', start: 31, dur: 1 },
      { id: 'prod', parent: 'root', kind: 'PRODUCER', svc: 'web', start: 40, dur: 1 },
      { id: 'srv', parent: 'prod', kind: 'SERVER', svc: 'app', start: 41, dur: 1 },
      { id: 'lonely', kind: 'CONSUMER', svc: 'q', trace: 't2' },
      { id: 'orphan', parent: 'gone', kind: 'INTERNAL', svc: 'web', trace: 't3' },
      { id: 'hop', parent: 'root', kind: 'INTERNAL', svc: 'other', start: 50, dur: 1 },
    ]);
    expect(diagnosticCounts(g)).toEqual({
      KIND_UNSPECIFIED: 1,
      ORPHAN_SPAN: 1,
      SERVER_WITH_LOCAL_PARENT: 1,
      UNMARKED_SERVICE_HOP: 1,
      ASYNC_AS_SYNC: 2,
      NESTED_CLIENT: 1,
      CLIENT_WITHOUT_REMOTE_CHILD: 1,
      CONSUMER_WITHOUT_PRODUCER: 1,
      CLOCK_SKEW: 1,
    });
    expect(diagSpans(g, ds.spanId, 'SERVER_WITH_LOCAL_PARENT')).toEqual(['local<root']);
    expect(diagSpans(g, ds.spanId, 'ASYNC_AS_SYNC')).toEqual(['cons<cl2', 'srv<prod']);
    expect(diagSpans(g, ds.spanId, 'NESTED_CLIENT')).toEqual(['cl<inner']);
    expect(diagSpans(g, ds.spanId, 'CLIENT_WITHOUT_REMOTE_CHILD')).toEqual(['inner']);
    expect(diagSpans(g, ds.spanId, 'CONSUMER_WITHOUT_PRODUCER')).toEqual(['lonely']);
    expect(diagSpans(g, ds.spanId, 'UNMARKED_SERVICE_HOP')).toEqual(['hop<root']);
    const skew = g.diagnostics.find((d) => d.code === 'CLOCK_SKEW');
    expect(skew?.value[0]).toBe(2e6);
    const message = diagnosticEntries(ds, g).find((d) => d.code === 'CLOCK_SKEW')?.message;
    expect(message).toContain('starts 2.00 ms before');
    // Mixed kinds still give the edges the collector draws.
    expect(edgeLines(g)).toEqual(['user -> q async x1', 'user -> web sync x1', 'web -> app sync x2', 'web -> q async x1']);
  });

  it('reports a SERVER ending after its CLIENT by how much', () => {
    const { ds, g } = graph([
      { id: 'c', kind: 'CLIENT', svc: 'a', start: 0, dur: 10 },
      { id: 's', parent: 'c', kind: 'SERVER', svc: 'b', start: 1, dur: 12 },
    ]);
    expect(diagnosticEntries(ds, g)[0].message).toContain('ends 3.00 ms after');
  });

  it('restricts findings and edges to one trace with options.trace', () => {
    const { ds } = graph([
      { trace: 't1', id: 'a', kind: 'SERVER', svc: 'web' },
      { trace: 't2', id: 'b', kind: 'CLIENT', svc: 'web' },
    ]);
    const g1 = deriveGraph(ds, { trace: 0 });
    expect(edgeLines(g1)).toEqual(['user -> web sync x1']);
    expect(g1.unpaired).toBe(0);
    const g2 = deriveGraph(ds, { trace: 1 });
    expect(edgeLines(g2)).toEqual([]);
    expect(g2.unpaired).toBe(1);
    expect(g2.trace).toBe(1);
  });

  it('is plain data that survives structured cloning (worker to page)', () => {
    const { g } = graph([
      { id: 'c', kind: 'CLIENT', svc: 'a', dur: 3 },
      { id: 's', parent: 'c', kind: 'SERVER', svc: 'b', dur: 2 },
      { id: 'p', kind: 'PRODUCER', svc: 'b' },
    ]);
    const copy = structuredClone(g);
    expect(copy).toEqual(g);
    expect(copy.pairCaller).toBeInstanceOf(Int32Array);
    expect(copy.diagnostics[0].value).toBeInstanceOf(Float64Array);
  });

  it('derives an empty graph from an empty dataset', () => {
    const { g } = graph([]);
    expect(g.nodes).toEqual([]);
    expect(g.edges).toEqual([]);
    expect(g.unpaired).toBe(0);
  });
});
