/**
 * Zipkin DependencyLinker cases (shared/design/servicegraph-rules.md section 2.3: openzipkin/zipkin
 * @878ce2a1, DependencyLinkerTest.java and ITDependencies.java). Spans are written as the Zipkin
 * importer maps them: localEndpoint.serviceName is the service, remoteEndpoint.serviceName becomes
 * peer.service, `shared` sets SpanFlag.SHARED. Where Spanmap differs on purpose the case says so.
 */
import { describe, expect, it } from 'vitest';
import { buildSpans } from './build-spans.ts';
import type { SpanSpec } from './build-spans.ts';
import type { SpanKindName } from '../model/types.ts';
import { deriveGraph } from './derive.ts';
import { diagnosticCounts } from './diagnostics.ts';
import { edgeLines } from './test-util.ts';
import type { GraphOptions } from './types.ts';

/** The rules' notation: (traceId, parentId, id, KIND, local, remote, error?, shared?); '-' for none. */
function z(trace: string, parent: string, id: string, kind: SpanKindName | '-', local: string, remote: string, error = false, shared = false): SpanSpec {
  return {
    trace,
    parent: parent === '-' ? '' : parent,
    id,
    kind: kind === '-' ? 'UNSPECIFIED' : kind,
    svc: local === '-' ? '' : local,
    attrs: remote === '-' ? {} : { 'peer.service': remote },
    error,
    shared,
  };
}

function edges(spans: SpanSpec[], options?: GraphOptions): string[] {
  return edgeLines(deriveGraph(buildSpans(spans), options));
}

const TRACE = [z('a', 'b', 'c', 'CLIENT', 'app', 'db', true), z('a', 'a', 'b', 'SERVER', 'app', 'web', false, true), z('a', 'a', 'b', 'CLIENT', 'web', 'app'), z('a', '-', 'a', 'SERVER', 'web', '-')];

describe('Zipkin DependencyLinker cases: same links', () => {
  it('Z1 base trace: web->app 1; app->db 1 (err 1), plus the root SERVER entry edge', () => {
    expect(edges(TRACE)).toEqual(['app -> db sync x1 err1', 'user -> web sync x1', 'web -> app sync x1']);
  });

  it('Z3 shared SERVER that lost its parent id still pairs with the CLIENT of the same id: arn->link 1', () => {
    const spans = [z('a', '-', 'a', 'SERVER', 'arn', '-'), z('a', 'a', 'b', 'CLIENT', 'arn', 'link'), z('a', '-', 'b', 'SERVER', 'link', 'arn', false, true)].reverse();
    expect(edges(spans)).toEqual(['arn -> link sync x1', 'user -> arn sync x1']);
  });

  it('Z8/I8 producer->kafka and kafka->consumer: equal with brokerNodes', () => {
    const spans = [z('t', '-', '10', 'PRODUCER', 'frontend', 'kafka'), z('t', '10', '11', 'CONSUMER', 'backend', 'kafka')];
    expect(edges(spans, { brokerNodes: true })).toEqual(['frontend -> kafka async x1', 'kafka -> backend async x1']);
    // Default: the message itself.
    expect(edges(spans)).toEqual(['frontend -> backend async x1']);
  });

  it('Z12 PRODUCER + shared SERVER with its id: producer->server 1 (flagged as mixed kinds)', () => {
    const ds = buildSpans([z('a', '-', 'a', 'PRODUCER', 'producer', '-'), z('a', '-', 'a', 'SERVER', 'server', '-', false, true)]);
    const g = deriveGraph(ds);
    expect(edgeLines(g)).toEqual(['producer -> server sync x1']);
    expect(diagnosticCounts(g)).toEqual({ ASYNC_AS_SYNC: 1 });
  });

  it('Z11 PRODUCER parent of a SERVER: producer->server 1', () => {
    expect(edges([z('a', '-', 'a', 'PRODUCER', 'producer', '-'), z('a', 'a', 'b', 'SERVER', 'server', '-')])).toEqual(['producer -> server sync x1']);
  });

  it('Z14 single root SERVER with a remote endpoint, or a lone CLIENT with one: client->server 1', () => {
    expect(edges([z('a', '-', 'a', 'SERVER', 'server', 'client')])).toEqual(['client -> server sync x1']);
    expect(edges([z('a', '-', 'a', 'CLIENT', 'client', 'server', false, true)])).toEqual(['client -> server sync x1']);
  });

  it('Z17/Z18/Z19/Z33/Z34 client->server 1; an error on either side, or both, is one failed call', () => {
    expect(edges([z('a', '-', 'a', 'CLIENT', 'client', '-'), z('a', 'a', 'b', 'SERVER', 'server', '-')])).toEqual(['client -> server sync x1']);
    expect(edges([z('a', '-', 'a', 'CLIENT', 'client', '-', true), z('a', 'a', 'b', 'SERVER', 'server', '-', true)])).toEqual(['client -> server sync x1 err1']);
    expect(edges([z('a', '-', 'a', 'CLIENT', 'client', '-', true), z('a', '-', 'a', 'SERVER', 'server', '-', true, true)])).toEqual(['client -> server sync x1 err1']);
    expect(edges([z('a', '-', 'a', 'CLIENT', 'web', '-', true), z('a', 'a', 'b', 'SERVER', 'app', '-')])).toEqual(['web -> app sync x1 err1']);
  });

  it('Z20/ZJ4 a paired CLIENT is named by its SERVER, not by its remote endpoint', () => {
    expect(edges([z('a', '-', 'a', 'CLIENT', 'client', 'elephant'), z('a', 'a', 'b', 'SERVER', 'server', '-')])).toEqual(['client -> server sync x1']);
  });

  it('Z21/Z22 one CLIENT, two SERVER children: client->server 2 (err 1)', () => {
    const spans = [z('a', '-', 'a', 'CLIENT', 'client', '-'), z('a', 'a', 'b', 'SERVER', 'server', 'client', true), z('a', 'a', 'c', 'SERVER', 'server', 'client')];
    expect(edges(spans)).toEqual(['client -> server sync x2 err1']);
  });

  it('Z27/I4 loopback links are kept: service->service 1', () => {
    expect(edges([z('a', '-', 'a', 'SERVER', 'service', 'service')])).toEqual(['service -> service sync x1']);
    expect(edges([z('a', '-', 'a', 'CLIENT', 'service', 'service')])).toEqual(['service -> service sync x1']);
  });

  it('Z31 SERVER spans whose parent is missing: no link (Spanmap: ORPHAN_SPAN)', () => {
    const g = deriveGraph(buildSpans([z('a', 'a', 'b', 'SERVER', 'service1', '-'), z('a', 'a', 'c', 'SERVER', 'service2', '-')]));
    expect(edgeLines(g)).toEqual([]);
    expect(diagnosticCounts(g)).toEqual({ ORPHAN_SPAN: 2 });
  });

  it('I1/I2 frontend->backend 1, backend->db 1 (err 1), with or without the root span', () => {
    const trace = [z('t', '-', '1', 'SERVER', 'frontend', '-'), z('t', '1', '2', 'CLIENT', 'frontend', 'backend'), z('t', '1', '2', 'SERVER', 'backend', '-', false, true), z('t', '2', '3', 'CLIENT', 'backend', 'db', true)];
    expect(edges(trace)).toEqual(['backend -> db sync x1 err1', 'frontend -> backend sync x1', 'user -> frontend sync x1']);
    expect(edges(trace.slice(1))).toEqual(['backend -> db sync x1 err1', 'frontend -> backend sync x1']);
  });

  it('I5 one->two->three through shared SERVER records', () => {
    const spans = [
      z('t', '-', '10', 'SERVER', 'one', '-'),
      z('t', '10', '20', 'CLIENT', 'one', '-'),
      z('t', '10', '20', 'SERVER', 'two', '-', false, true),
      z('t', '20', '30', 'CLIENT', 'two', '-'),
      z('t', '20', '30', 'SERVER', 'three', '-', false, true),
    ];
    expect(edges(spans)).toEqual(['one -> two sync x1', 'two -> three sync x1', 'user -> one sync x1']);
  });

  it('I7 root CLIENT + shared SERVER, then a database call: frontend->backend 1, backend->db 1', () => {
    const spans = [z('t', '-', '10', 'CLIENT', 'frontend', '-'), z('t', '-', '10', 'SERVER', 'backend', '-', false, true), z('t', '10', '11', 'CLIENT', 'backend', 'db')];
    expect(edges(spans)).toEqual(['backend -> db sync x1', 'frontend -> backend sync x1']);
  });

  it('I13 one-way RPC without durations still counts: frontend->backend 1', () => {
    const spans = [
      { ...z('t', '-', '10', 'CLIENT', 'frontend', '-'), dur: null },
      { ...z('t', '-', '10', 'SERVER', 'backend', '-', false, true), dur: null },
    ];
    const g = deriveGraph(buildSpans(spans));
    expect(edgeLines(g)).toEqual(['frontend -> backend sync x1']);
    expect(g.edges[0].client).toBeNull();
  });

  it('I15 root SERVER with remote kafka: kafka->backend 1', () => {
    expect(edges([z('t', '-', '10', 'SERVER', 'backend', 'kafka'), z('t', '10', '11', '-', 'backend', '-')])).toEqual(['kafka -> backend sync x1']);
  });
});

describe('Zipkin DependencyLinker cases: where Spanmap differs on purpose', () => {
  it('Z6/Z7/Z9 one broker per message: named by the producer, else by the consumer (Zipkin: each side its own)', () => {
    // Z6: Zipkin only kafka->consumer (the producer names no broker).
    expect(edges([z('a', '-', 'a', 'PRODUCER', 'producer', '-'), z('a', 'a', 'b', 'CONSUMER', 'consumer', 'kafka')], { brokerNodes: true })).toEqual([
      'kafka -> consumer async x1',
      'producer -> kafka async x1',
    ]);
    // Z7: Zipkin only producer->kafka.
    expect(edges([z('a', '-', 'a', 'PRODUCER', 'producer', 'kafka'), z('a', 'a', 'b', 'CONSUMER', 'consumer', '-')], { brokerNodes: true })).toEqual([
      'kafka -> consumer async x1',
      'producer -> kafka async x1',
    ]);
    // Z9: Zipkin producer->kafka1 and kafka2->consumer.
    expect(edges([z('a', '-', 'a', 'PRODUCER', 'producer', 'kafka1'), z('a', 'a', 'b', 'CONSUMER', 'consumer', 'kafka2')], { brokerNodes: true })).toEqual([
      'kafka1 -> consumer async x1',
      'producer -> kafka1 async x1',
    ]);
  });

  it('Z10 PRODUCER and CONSUMER without broker names: Zipkin draws nothing, Spanmap the message', () => {
    const spans = [z('a', '-', 'a', 'PRODUCER', 'producer', '-'), z('a', 'a', 'b', 'CONSUMER', 'consumer', '-')];
    expect(edges(spans)).toEqual(['producer -> consumer async x1']);
    expect(edges(spans, { brokerNodes: true })).toEqual(['producer -> consumer async x1']);
  });

  it('Z13 CLIENT parent of a CONSUMER: Zipkin none; Spanmap pairs it like the collector and flags it', () => {
    const g = deriveGraph(buildSpans([z('a', '-', 'a', 'CLIENT', 'client', '-'), z('a', 'a', 'b', 'CONSUMER', 'consumer', '-')]));
    expect(edgeLines(g)).toEqual(['client -> consumer async x1']);
    expect(diagnosticCounts(g)).toEqual({ ASYNC_AS_SYNC: 1 });
  });

  it('Z15 CLIENTs without a local service name: Zipkin borrows the parent service; Spanmap shows "(unknown service)"', () => {
    const spans = [z('a', '-', 'a', 'SERVER', 'client', '-'), z('a', 'a', 'b', 'CLIENT', '-', 'server'), z('a', 'a', 'c', 'CLIENT', '-', 'server')];
    expect(edges(spans)).toEqual(['(unknown service) -> server sync x2', 'user -> client sync x1']);
  });

  it('Z28 spans without kinds: Zipkin guesses CLIENT from both endpoints; Spanmap does not guess, it flags them', () => {
    const g = deriveGraph(buildSpans([z('a', '-', 'a', '-', 'some-client', 'web'), z('a', 'a', 'b', '-', 'web', 'app'), z('a', 'b', 'c', '-', 'app', 'db')]));
    expect(edgeLines(g)).toEqual([]);
    expect(diagnosticCounts(g)).toEqual({ KIND_UNSPECIFIED: 3, UNMARKED_SERVICE_HOP: 2 });
  });

  it('Z30 root spans lacking a service name: Zipkin none; Spanmap keeps them as "(unknown service)"', () => {
    expect(edges([z('a', '-', 'a', 'SERVER', '-', '-')])).toEqual(['user -> (unknown service) sync x1']);
    expect(edges([z('a', '-', 'a', 'CLIENT', '-', 'server')])).toEqual(['(unknown service) -> server sync x1']);
    expect(edges([z('a', '-', 'a', 'CLIENT', 'client', '-')])).toEqual([]);
  });

  it('Z32/Z35/I9 no link through a missing CLIENT span: Zipkin infers one from the nearest remote ancestor, Spanmap flags the hop', () => {
    const z35 = deriveGraph(buildSpans([z('a', '-', 'a', 'SERVER', 'web', '-'), z('a', 'a', 'b', 'CLIENT', 'app', '-')]));
    expect(edgeLines(z35)).toEqual(['user -> web sync x1']);
    expect(diagnosticCounts(z35)).toEqual({ UNMARKED_SERVICE_HOP: 1, CLIENT_WITHOUT_REMOTE_CHILD: 1 });
    const z32 = deriveGraph(buildSpans([z('a', 'a', 'b', 'SERVER', 'service1', '-'), z('a', 'b', 'c', 'SERVER', 'service2', '-')]));
    expect(edgeLines(z32)).toEqual([]);
    expect(diagnosticCounts(z32)).toEqual({ ORPHAN_SPAN: 1, UNMARKED_SERVICE_HOP: 1 });
  });
});
