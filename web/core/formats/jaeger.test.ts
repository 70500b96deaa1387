import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DatasetBuilder } from '../model/builder.ts';
import { importText } from './index.ts';
import { jaegerImporter } from './jaeger.ts';
import { summarize } from '../model/summary.ts';
import { attribute, attributes, events, kindName, links, serviceName, spanName, statusName } from '../model/access.ts';
import type { Dataset } from '../model/types.ts';
import { SpanFlag } from '../model/types.ts';
import { readShared } from '../../test/fixtures.ts';
import { synthText } from '../../test/generator.ts';

// ---------------------------------------------------------------------------------------------
// Helpers

const T = '83a9efd15c1c98a977e0711cc93ee28b';
/** Property runs: 200 by default (the fixed-seed unit run); `npm run fuzz` raises it. */
const FUZZ_RUNS = Number(process.env.FUZZ_RUNS) || 200;
const START = 1_706_678_909_209_712; // µs

function load(json: unknown, name = 'test.json'): { ds: Dataset; format: string | null } {
  const b = new DatasetBuilder();
  const outcome = importText(b, name, typeof json === 'string' ? json : JSON.stringify(json));
  return { ds: b.finish(), format: outcome.format };
}

function span(spanID: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { traceID: T, spanID, operationName: `op-${spanID}`, references: [], startTime: START, duration: 100, tags: [], logs: [], processID: 'p1', warnings: null, ...over };
}

function doc(spans: unknown[], processes: Record<string, unknown> = { p1: { serviceName: 'svc', tags: [] } }): Record<string, unknown> {
  return { data: [{ traceID: T, spans, processes, warnings: null }], total: 0, limit: 0, offset: 0, errors: null };
}

const tag = (key: string, type: string, value: unknown) => ({ key, type, value });
const childOf = (spanID: string, traceID = T) => ({ refType: 'CHILD_OF', traceID, spanID });
const followsFrom = (spanID: string, traceID = T) => ({ refType: 'FOLLOWS_FROM', traceID, spanID });

function at(ds: Dataset, spanId: string): number {
  const i = ds.spanId.indexOf(spanId);
  expect(i, `span ${spanId}`).toBeGreaterThanOrEqual(0);
  return i;
}

function parentId(ds: Dataset, i: number): string {
  return ds.parent[i] >= 0 ? ds.spanId[ds.parent[i]] : '';
}

/** `where` of every BAD_RECORD warning, without the file name. */
function problemPaths(ds: Dataset, file = 'test.json'): string[] {
  return ds.warnings.filter((w) => w.code === 'BAD_RECORD').map((w) => w.where.slice(file.length + 2));
}

function problem(ds: Dataset, path: string, file = 'test.json'): string {
  const w = ds.warnings.find((x) => x.code === 'BAD_RECORD' && x.where === `${file}: ${path}`);
  expect(w, `problem at ${path}; got ${problemPaths(ds, file).join(', ')}`).toBeDefined();
  return w?.message ?? '';
}

const pad = (id: string) => id.padStart(16, '0');

// ---------------------------------------------------------------------------------------------

describe('Jaeger shared fixtures load with the counts of their SOURCES.md entries', () => {
  // Hardcoded from web/test/fixtures/shared/SOURCES.md. roots = spans with no parent at all (not orphans).
  const expected = [
    { file: 'jaeger/jaeger-ui-genai-trace.json', spans: 57, traces: 1, services: ['api-edge', 'auth-service', 'coding-agent', 'graphql-gateway', 'k8s-api', 'mcp-gateway', 'metrics-backend', 'summarizer-agent', 'trace-store', 'vector-store'], kinds: { CLIENT: 19, INTERNAL: 8, SERVER: 30 }, errors: 1, roots: 1, orphans: 0 },
    { file: 'jaeger/jaeger-ui-tracegraph-test.json', spans: 11, traces: 1, services: ['service1', 'service2'], kinds: { CLIENT: 3, CONSUMER: 1, PRODUCER: 1, SERVER: 2, UNSPECIFIED: 4 }, errors: 1, roots: 1, orphans: 0 },
    { file: 'jaeger/jaeger-ui-otlp2jaeger-out.json', spans: 2, traces: 1, services: ['telemetrygen'], kinds: { SERVER: 2 }, errors: 0, roots: 0, orphans: 2 },
    { file: 'jaeger/jaeger-ui-multi-out.json', spans: 4, traces: 1, services: ['example-trace'], kinds: { INTERNAL: 4 }, errors: 0, roots: 1, orphans: 0 },
    { file: 'jaeger/jaeger-ui-stats-grouped-and-spans.json', spans: 17, traces: 1, services: ['api-gateway', 'customers-service'], kinds: { CLIENT: 1, SERVER: 2, UNSPECIFIED: 14 }, errors: 0, roots: 1, orphans: 0 },
    { file: 'jaeger/jaeger-ui-stats-span-longer-as-parent.json', spans: 8, traces: 1, services: ['api-gateway', 'customers-service'], kinds: { CLIENT: 1, SERVER: 5, UNSPECIFIED: 2 }, errors: 0, roots: 1, orphans: 0 },
  ];
  for (const e of expected) {
    it(e.file, () => {
      const { ds, format } = load(readShared(e.file), e.file);
      const s = summarize(ds);
      expect(format).toBe('jaeger');
      expect(s.errors).toEqual([]);
      expect(s.warnings.filter((w) => w.code === 'BAD_RECORD')).toEqual([]);
      expect(s.spans).toBe(e.spans);
      expect(s.traces).toBe(e.traces);
      expect(s.services).toEqual(e.services);
      expect(Object.fromEntries(Object.entries(s.kinds).filter(([, n]) => n > 0))).toEqual(e.kinds);
      expect(ds.status.filter((c) => c === 2).length).toBe(e.errors);
      let roots = 0;
      for (let i = 0; i < ds.spanCount; i++) if (ds.parent[i] < 0 && !ds.missingParentId.has(i)) roots++;
      expect(roots).toBe(e.roots);
      expect(ds.missingParentId.size).toBe(e.orphans);
      expect(ds.links.size).toBe(0); // "0 extra reference(s)"
      expect(ds.events.size).toBe(0);
    });
  }

  it('keeps non-hex ids as they are and pads short hex ids (Jaeger drops leading zeros)', () => {
    const { ds } = load(readShared('jaeger/jaeger-ui-tracegraph-test.json'));
    expect(ds.traces[0].id).toBe('trace-123');
    expect(ds.spanId).toContain('span-2_1');
    const longer = load(readShared('jaeger/jaeger-ui-stats-span-longer-as-parent.json')).ds;
    expect(longer.spanId).toContain('00a0000000000000'); // `0a0000000000000`, 15 digits
  });
});

describe('detection (misfit)', () => {
  it('accepts the query API response, a bare trace, an array of traces and an error response', () => {
    const trace = { traceID: T, spans: [span('a1')], processes: { p1: { serviceName: 's', tags: [] } } };
    expect(jaegerImporter.misfit({ data: [trace], total: 0, limit: 0, offset: 0, errors: null })).toBeNull();
    expect(jaegerImporter.misfit(trace)).toBeNull();
    expect(jaegerImporter.misfit([trace, trace])).toBeNull();
    expect(jaegerImporter.misfit({ data: [], total: 0, limit: 0, offset: 0, errors: null })).toBeNull();
    expect(jaegerImporter.misfit({ data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 404, msg: 'trace not found' }] })).toBeNull();
  });

  it('rejects OTLP and Zipkin with a clear reason', () => {
    expect(jaegerImporter.misfit(JSON.parse(readShared('otlp/proto-example.json')))).toMatch(/resourceSpans \(OTLP\)/);
    expect(jaegerImporter.misfit(JSON.parse(readShared('zipkin/lens-ascend.json')))).toMatch(/Zipkin/);
    expect(jaegerImporter.misfit([[{ traceId: 'a', id: 'b' }]])).toMatch(/Zipkin/);
    expect(jaegerImporter.misfit({ hello: 'world' })).toMatch(/no traces with traceID and spans/);
    expect(jaegerImporter.misfit([])).toMatch(/no traces with traceID and spans/);
    expect(jaegerImporter.misfit('text')).toBe('not a JSON object or array');
    expect(jaegerImporter.misfit(null)).toBe('not a JSON object or array');
    expect(jaegerImporter.misfit({ data: [1, 2] })).toMatch(/no traces with traceID and spans/);
  });

  it('loads all three shapes through importText', () => {
    const trace = { traceID: T, spans: [span('a1')], processes: { p1: { serviceName: 'svc', tags: [] } } };
    for (const json of [doc([span('a1')]), trace, [trace]]) {
      const { ds, format } = load(json);
      expect(format).toBe('jaeger');
      expect(ds.spanCount).toBe(1);
      expect(serviceName(ds, 0)).toBe('svc');
      expect(ds.traces[0].id).toBe(T);
    }
  });
});

describe('references', () => {
  it('takes a same-trace FOLLOWS_FROM as the parent when there is no CHILD_OF (jaeger-ui-tracegraph-test)', () => {
    const { ds } = load(readShared('jaeger/jaeger-ui-tracegraph-test.json'));
    const consumer = at(ds, 'span-7');
    expect(parentId(ds, consumer)).toBe('span-6');
    expect(kindName(ds, consumer)).toBe('CONSUMER');
    expect(links(ds, consumer)).toEqual([]);
  });

  it('prefers the first same-trace CHILD_OF over an earlier FOLLOWS_FROM; the rest become links', () => {
    const other = 'ffffffffffffffff0000000000000001';
    const { ds } = load(
      doc([
        span('a1'),
        span('a2'),
        span('a3'),
        span('b1', { references: [childOf('77', other), followsFrom('a1'), childOf('a2'), childOf('a3'), followsFrom('a3')] }),
      ]),
    );
    const b = at(ds, pad('b1'));
    expect(parentId(ds, b)).toBe(pad('a2'));
    expect(links(ds, b).map((l) => [l.traceId, l.spanId, l.attributes[0].key, l.attributes[0].value.value])).toEqual([
      [other, pad('77'), 'opentracing.ref_type', 'child_of'],
      [T, pad('a1'), 'opentracing.ref_type', 'follows_from'],
      [T, pad('a3'), 'opentracing.ref_type', 'child_of'],
      [T, pad('a3'), 'opentracing.ref_type', 'follows_from'],
    ]);
  });

  it('never takes a reference to another trace as the parent', () => {
    const { ds } = load(doc([span('a1', { references: [childOf('a0', 'abcdef')] })]));
    expect(ds.parent[0]).toBe(-1);
    expect(ds.missingParentId.size).toBe(0);
    expect(links(ds, 0)).toHaveLength(1);
    expect(links(ds, 0)[0].traceId).toBe(pad('abcdef'));
  });

  it('honours the older top-level parentSpanID when there are no references', () => {
    const { ds } = load(doc([span('a1', { parentSpanID: '0' }), span('a2', { references: undefined, parentSpanID: 'A1' }), span('a3', { parentSpanID: 'a1', references: [childOf('a2')] })]));
    expect(parentId(ds, at(ds, pad('a1')))).toBe('');
    expect(ds.missingParentId.size).toBe(0);
    expect(parentId(ds, at(ds, pad('a2')))).toBe(pad('a1'));
    expect(parentId(ds, at(ds, pad('a3')))).toBe(pad('a2'));
  });

  it('ignores the nested span objects jaeger-ui puts into references (jaeger-ui-multi-out)', () => {
    const { ds } = load(readShared('jaeger/jaeger-ui-multi-out.json'));
    expect(Math.max(...ds.depth)).toBe(2);
    expect(parentId(ds, at(ds, '26f5ef9dbb885479'))).toBe('49b8e9efa1e8a3b1');
    expect(parentId(ds, at(ds, '49b8e9efa1e8a3b1'))).toBe('eff3153be6b1fb93');
  });
});

describe('processes, scope and kind', () => {
  it('gives the service and resource attributes from processes (tags become resource attributes)', () => {
    const { ds } = load(readShared('jaeger/jaeger-ui-tracegraph-test.json'));
    const r = ds.resources[ds.resource[at(ds, 'span-4')]];
    expect(r.serviceName).toBe('service2');
    expect(r.attributes).toEqual([
      { key: 'service.name', value: { type: 'string', value: 'service2' } },
      { key: 'hostname', value: { type: 'string', value: 'foobar.org' } },
    ]);
    expect(attribute(ds, at(ds, 'span-4'), 'span.kind')).toBeUndefined();
  });

  it('reads typed process tags', () => {
    const { ds } = load(doc([span('a1')], { p1: { serviceName: 'svc', tags: [tag('pid', 'int64', 42), tag('up', 'bool', true), tag('load', 'float64', 0.5)] } }));
    expect(ds.resources[ds.resource[0]].attributes.slice(1)).toEqual([
      { key: 'pid', value: { type: 'int', value: 42 } },
      { key: 'up', value: { type: 'bool', value: true } },
      { key: 'load', value: { type: 'double', value: 0.5 } },
    ]);
  });

  it('uses a process embedded in the span (jaeger-ui-multi-out), also without a processes table', () => {
    const { ds } = load(readShared('jaeger/jaeger-ui-multi-out.json'));
    for (let i = 0; i < ds.spanCount; i++) {
      expect(serviceName(ds, i)).toBe('example-trace');
      expect(ds.resources[ds.resource[i]].attributes.map((a) => a.key)).toEqual(['service.name', 'telemetry.sdk.language', 'telemetry.sdk.name', 'telemetry.sdk.version']);
    }
    const embedded = load({ traceID: T, spans: [span('a1', { processID: undefined, process: { serviceName: 'inline', tags: [tag('k', 'string', 'v')] } })] }).ds;
    expect(serviceName(embedded, 0)).toBe('inline');
    expect(problemPaths(embedded)).toEqual([]);
  });

  it('shares one resource between traces that repeat a process, and tells different ones apart', () => {
    const proc = (host: string) => ({ serviceName: 'svc', tags: [tag('host', 'string', host)] });
    const trace = (id: string, host: string) => ({ traceID: id, spans: [span('a1', { traceID: id })], processes: { p1: proc(host) } });
    const { ds } = load([trace('t1', 'h1'), trace('t2', 'h1'), trace('t3', 'h2'), trace('t4', 'h1')]);
    expect(ds.spanCount).toBe(4);
    expect([...ds.resource]).toEqual([ds.resource[0], ds.resource[0], ds.resource[2], ds.resource[0]]);
    expect(ds.resource[2]).not.toBe(ds.resource[0]);
    expect(ds.resources[ds.resource[2]].attributes[1]).toEqual({ key: 'host', value: { type: 'string', value: 'h2' } });
  });

  it('reports a processID that is not in processes and keeps the span with an unknown service', () => {
    const { ds } = load(doc([span('a1', { processID: 'p9' }), span('a2', { processID: 'p9' })]));
    expect(ds.spanCount).toBe(2);
    expect(serviceName(ds, 0)).toBe('');
    expect(problem(ds, 'data[0].spans[0].processID')).toMatch(/"p9" is not in the trace's processes/);
  });

  it('takes the scope from otel.scope.* (else otel.library.*) and drops those tags', () => {
    const { ds } = load(readShared('jaeger/jaeger-ui-multi-out.json'));
    const root = at(ds, 'eff3153be6b1fb93');
    expect(ds.scopes[ds.scope[root]]).toEqual({ name: 'widgets', version: '1.2.3', attributes: [] });
    expect(ds.scopes[ds.scope[at(ds, '26f5ef9dbb885479')]].name).toBe('ohboy');
    expect(attributes(ds, root)).toEqual([]);
    const scoped = load(doc([span('a1', { tags: [tag('otel.library.name', 'string', 'old'), tag('otel.scope.name', 'string', 'new'), tag('otel.scope.version', 'string', '2.0')] })])).ds;
    expect(scoped.scopes[scoped.scope[0]]).toEqual({ name: 'new', version: '2.0', attributes: [] });
    expect(attributes(scoped, 0)).toEqual([]);
  });

  it('maps span.kind in any case; absent is UNSPECIFIED; an unknown value stays an attribute', () => {
    const { ds } = load(
      doc([
        span('a1', { tags: [tag('span.kind', 'string', 'SERVER')] }),
        span('a2', { tags: [tag('span.kind', 'string', 'Producer')] }),
        span('a3'),
        span('a4', { tags: [tag('span.kind', 'string', 'rpc')] }),
        span('a5', { tags: [tag('span.kind', 'string', 'internal')] }),
      ]),
    );
    expect([0, 1, 2, 3, 4].map((i) => kindName(ds, i))).toEqual(['SERVER', 'PRODUCER', 'UNSPECIFIED', 'UNSPECIFIED', 'INTERNAL']);
    expect(attribute(ds, 0, 'span.kind')).toBeUndefined();
    expect(attribute(ds, 3, 'span.kind')).toEqual({ type: 'string', value: 'rpc' });
  });
});

describe('tags, logs and status', () => {
  it('reads typed tags whose values arrive as strings, numbers or booleans', () => {
    const { ds } = load(
      doc([
        span('a1', {
          tags: [
            tag('s', 'string', 'x'),
            tag('s.num', 'string', 5),
            tag('b1', 'bool', true),
            tag('b2', 'bool', 'false'),
            tag('i1', 'int64', 7),
            tag('i2', 'int64', '-12'),
            tag('f1', 'float64', 1.5),
            tag('f2', 'float64', '2.25'),
            tag('bin', 'binary', 'AQID'),
            tag('upper', 'INT64', 3),
            { key: 'untyped', value: 'u' },
          ],
        }),
      ]),
    );
    expect(attributes(ds, 0)).toEqual([
      { key: 's', value: { type: 'string', value: 'x' } },
      { key: 's.num', value: { type: 'string', value: '5' } },
      { key: 'b1', value: { type: 'bool', value: true } },
      { key: 'b2', value: { type: 'bool', value: false } },
      { key: 'i1', value: { type: 'int', value: 7 } },
      { key: 'i2', value: { type: 'int', value: -12 } },
      { key: 'f1', value: { type: 'double', value: 1.5 } },
      { key: 'f2', value: { type: 'double', value: 2.25 } },
      { key: 'bin', value: { type: 'bytes', value: 'AQID' } },
      { key: 'upper', value: { type: 'int', value: 3 } },
      { key: 'untyped', value: { type: 'string', value: 'u' } },
    ]);
  });

  it('keeps int64 values beyond 2^53 exact', () => {
    const { ds } = load(doc([span('a1', { tags: [tag('big', 'int64', '9007199254740993'), tag('neg', 'int64', '-9223372036854775808'), tag('safe', 'int64', '9007199254740991')] })]));
    expect(attribute(ds, 0, 'big')).toEqual({ type: 'int', value: 9007199254740993n });
    expect(attribute(ds, 0, 'neg')).toEqual({ type: 'int', value: -9223372036854775808n });
    expect(attribute(ds, 0, 'safe')).toEqual({ type: 'int', value: 9007199254740991 });
  });

  it('turns logs into events named by `event`, else `message`, else "log"', () => {
    const { ds } = load(
      doc([
        span('a1', {
          logs: [
            { timestamp: START + 10, fields: [tag('level', 'string', 'info'), tag('event', 'string', 'cache miss'), tag('message', 'string', 'm')] },
            { timestamp: START + 20, fields: [tag('message', 'string', 'retrying'), tag('attempt', 'int64', 2)] },
            { timestamp: START + 30, fields: [tag('k', 'bool', true)] },
            { timestamp: START + 40 },
          ],
        }),
      ]),
    );
    expect(events(ds, 0)).toEqual([
      { offsetNs: 10_000, name: 'cache miss', attributes: [{ key: 'level', value: { type: 'string', value: 'info' } }, { key: 'message', value: { type: 'string', value: 'm' } }] },
      { offsetNs: 20_000, name: 'retrying', attributes: [{ key: 'attempt', value: { type: 'int', value: 2 } }] },
      { offsetNs: 30_000, name: 'log', attributes: [{ key: 'k', value: { type: 'bool', value: true } }] },
      { offsetNs: 40_000, name: 'log', attributes: [] },
    ]);
  });

  it('gives the status from error=true / "true" and otel.status_code, the message from otel.status_description', () => {
    const { ds } = load(
      doc([
        span('a1', { tags: [tag('error', 'bool', true)] }),
        span('a2', { tags: [tag('error', 'bool', 'true')] }),
        span('a3', { tags: [tag('otel.status_code', 'string', 'ERROR'), tag('otel.status_description', 'string', 'boom')] }),
        span('a4', { tags: [tag('otel.status_code', 'string', 'OK')] }),
        span('a5', { tags: [tag('error', 'bool', false), tag('otel.status_code', 'string', 'ok')] }),
        span('a6', { tags: [tag('error', 'string', 'timeout')] }),
        span('a7', { tags: [tag('otel.status_code', 'string', 'OK'), tag('error', 'bool', true)] }),
        span('a8'),
      ]),
    );
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((i) => statusName(ds, i))).toEqual(['ERROR', 'ERROR', 'ERROR', 'OK', 'OK', 'UNSET', 'ERROR', 'UNSET']);
    expect(ds.statusMessage.get(2)).toBe('boom');
    // The mapped tags are dropped; an `error` tag that is not plainly true is kept.
    for (const i of [0, 1, 2, 3, 6]) expect(attributes(ds, i)).toEqual([]);
    expect(attributes(ds, 4)).toEqual([{ key: 'error', value: { type: 'bool', value: false } }]);
    expect(attributes(ds, 5)).toEqual([{ key: 'error', value: { type: 'string', value: 'timeout' } }]);
  });

  it('reads microsecond times exactly: end = start + duration', () => {
    const { ds } = load(doc([span('a1', { startTime: 1_700_000_000_123_456, duration: 1_500 }), span('a2', { startTime: 1_700_000_000_123_457, duration: 0 })]));
    expect(ds.traces[0].epochNs).toBe(1_700_000_000_123_456_000n);
    expect(ds.duration[0]).toBe(1_500_000);
    expect(ds.start[1]).toBe(1_000);
  });

  it('keeps Jaeger span and trace warnings and the response errors as SOURCE_WARNING', () => {
    const json = doc([span('a1', { warnings: ['clock skew adjustment disabled'] })]);
    (json.data as Record<string, unknown>[])[0].warnings = ['trace-level note'];
    json.errors = [{ code: 500, msg: 'storage timeout', traceID: 'abc' }];
    const { ds } = load(json, 'q.json');
    const w = ds.warnings.filter((x) => x.code === 'SOURCE_WARNING');
    expect(w).toEqual([
      { code: 'SOURCE_WARNING', message: `Jaeger warning on trace ${T}: trace-level note`, where: 'q.json: data[0].warnings[0]', traceId: T, spanId: undefined },
      { code: 'SOURCE_WARNING', message: `Jaeger warning on span ${pad('a1')}: clock skew adjustment disabled`, where: 'q.json: data[0].spans[0].warnings[0]', traceId: T, spanId: pad('a1') },
      { code: 'SOURCE_WARNING', message: 'Jaeger query error 500: storage timeout', where: 'q.json: errors[0]', traceId: pad('abc'), spanId: undefined },
    ]);
  });
});

describe('broken records', () => {
  it('skips or repairs them and reports each with its exact path', () => {
    const { ds } = load(
      doc([
        span('a1'),
        span('a2', { spanID: undefined }),
        span('a3', { spanID: 42 }),
        'not a span',
        span('a5', { traceID: undefined }),
        span('a6', { startTime: 'yesterday' }),
        span('a7', { duration: -1, tags: [tag('n', 'int64', 'abc'), { value: 1 }, 7, tag('ok', 'string', 'kept')] }),
        span('a8', { references: [{ refType: 'SIBLING_OF', spanID: 'a1' }, { refType: 'CHILD_OF' }, null, childOf('a1')] }),
        span('a9', { logs: [{ timestamp: 'x', fields: 'no' }] }),
        span('a10', { tags: { not: 'an array' }, operationName: 5 }),
      ]),
    );
    expect(ds.spanCount).toBe(7);
    expect(problemPaths(ds)).toEqual([
      'data[0].spans[1].spanID',
      'data[0].spans[2].spanID',
      'data[0].spans[3]',
      'data[0].spans[4].traceID',
      'data[0].spans[6].tags[0].value',
      'data[0].spans[6].tags[1].key',
      'data[0].spans[6].tags[2]',
      'data[0].spans[7].references[0].refType',
      'data[0].spans[7].references[1].spanID',
      'data[0].spans[7].references[2]',
      'data[0].spans[8].logs[0].timestamp',
      'data[0].spans[8].logs[0].fields',
      'data[0].spans[9].operationName',
      'data[0].spans[9].tags',
    ]);
    expect(problem(ds, 'data[0].spans[1].spanID')).toBe('data[0].spans[1].spanID: missing spanID; span skipped');
    expect(problem(ds, 'data[0].spans[2].spanID')).toMatch(/spanID is a number \(42\); expected a non-empty string; span skipped/);
    expect(problem(ds, 'data[0].spans[4].traceID')).toMatch(new RegExp(`missing traceID; used the trace's traceID ${T}`));
    expect(problem(ds, 'data[0].spans[6].tags[0].value')).toMatch(/int64 value is a string "abc"; expected an integer; tag ignored/);
    expect(problem(ds, 'data[0].spans[7].references[0].refType')).toMatch(/refType is a string "SIBLING_OF"/);
    // a bad start time has its own code, with the span's ids
    expect(ds.warnings.filter((w) => w.code === 'BAD_TIMESTAMP')).toEqual([
      {
        code: 'BAD_TIMESTAMP',
        message: 'data[0].spans[5].startTime: startTime is a string "yesterday"; expected microseconds since the epoch; start time unknown (placed from related spans)',
        where: 'test.json: data[0].spans[5].startTime',
        traceId: T,
        spanId: pad('a6'),
      },
    ]);
    // Repaired spans stay: a5 in the trace, a6 without a start, a7 with its good tag and a clamped duration.
    expect(ds.traces).toHaveLength(1);
    expect(attributes(ds, at(ds, pad('a7')))).toEqual([{ key: 'ok', value: { type: 'string', value: 'kept' } }]);
    expect(ds.warnings.some((w) => w.code === 'END_BEFORE_START')).toBe(true);
    expect(ds.warnings.some((w) => w.code === 'MISSING_TIMESTAMP')).toBe(true);
    expect(parentId(ds, at(ds, pad('a8')))).toBe(pad('a1'));
    expect(events(ds, at(ds, pad('a9')))).toEqual([{ offsetNs: 0, name: 'log', attributes: [] }]);
    expect(spanName(ds, at(ds, pad('a10')))).toBe('');
  });

  it('reports bad start times and missing durations with their own codes, paths and ids; the spans load', () => {
    const { ds } = load(
      doc([
        span('a1', { startTime: 0 }),
        span('a2', { startTime: -1 }),
        span('a3', { startTime: '99999999999999999' }),
        span('a4', { duration: undefined }),
        span('a5', { duration: 2 ** 64 }),
        span('a6', { startTime: START + 0.5, duration: 1.25 }),
      ]),
    );
    expect(ds.spanCount).toBe(6);
    const got = ds.warnings.filter((w) => w.code !== 'MISSING_TIMESTAMP').map((w) => [w.code, w.where, w.traceId, w.spanId]);
    expect(got).toEqual([
      ['ZERO_TIMESTAMP', 'test.json: data[0].spans[0].startTime', T, pad('a1')],
      ['BAD_TIMESTAMP', 'test.json: data[0].spans[1].startTime', T, pad('a2')],
      ['BAD_TIMESTAMP', 'test.json: data[0].spans[2].startTime', T, pad('a3')],
      ['MISSING_END', 'test.json: data[0].spans[3].duration', T, pad('a4')],
      ['BAD_TIMESTAMP', 'test.json: data[0].spans[4].duration', T, pad('a5')],
    ]);
    expect(ds.warnings[0].message).toBe('data[0].spans[0].startTime: startTime is a number (0), which means unset; start time unknown (placed from related spans)');
    expect(ds.warnings[3].message).toBe('data[0].spans[3].duration: missing duration; the span is shown without a duration');
    for (const id of ['a1', 'a2', 'a3']) expect(ds.flags[at(ds, pad(id))] & SpanFlag.NO_TIMESTAMP).toBeTruthy();
    for (const id of ['a4', 'a5']) expect(ds.flags[at(ds, pad(id))] & SpanFlag.NO_DURATION).toBeTruthy();
    // fractional microseconds are read to the nanosecond
    expect(ds.duration[at(ds, pad('a6'))]).toBe(1250);
    expect(problemPaths(ds)).toEqual([]);
  });

  it('uses paths for bare traces and arrays of traces, and reports broken traces', () => {
    const bare = load({ traceID: T, spans: [span('a1'), span('a2', { spanID: '' })], processes: { p1: { serviceName: 's', tags: [] } } }).ds;
    expect(problemPaths(bare)).toEqual(['spans[1].spanID']);
    const arr = load([{ traceID: T, spans: [span('a1')], processes: {} }, 5, { traceID: T, spans: [span('b1', { traceID: 7 })], processes: { p1: { serviceName: 5 } } }, { traceID: T, spans: 'none' }]).ds;
    expect(problemPaths(arr)).toEqual(['[0].spans[0].processID', '[1]', '[2].spans[0].traceID', '[2].processes.p1.serviceName', '[3].spans']);
    expect(arr.spanCount).toBe(2);
  });

  it('never lets __proto__ and other prototype names reach a prototype or be read through one', () => {
    const text = `{"__proto__": {"polluted": 1}, "data": [{"traceID": "${T}", "__proto__": {"polluted": 2},
      "processes": {"__proto__": {"serviceName": "proto-svc", "tags": [{"key": "__proto__", "type": "string", "value": "x"}]}},
      "spans": [
        {"traceID": "${T}", "spanID": "a1", "operationName": "x", "startTime": ${START}, "duration": 1, "processID": "__proto__", "__proto__": {"spanID": "evil"},
         "tags": [{"key": "__proto__", "type": "string", "value": "v"}, {"key": "constructor", "type": "string", "value": "c"}],
         "logs": [{"timestamp": ${START}, "fields": [{"key": "__proto__", "value": {"polluted": 3}}]}]},
        {"traceID": "${T}", "spanID": "a2", "operationName": "y", "startTime": ${START}, "duration": 1, "processID": "constructor"},
        {"traceID": "${T}", "spanID": "a3", "operationName": "z", "startTime": ${START}, "duration": 1, "processID": "toString"},
        {"__proto__": {"traceID": "${T}", "spanID": "inherited"}}
      ]}]}`;
    const { ds } = load(text);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.prototype).not.toHaveProperty('spanID');
    expect(ds.spanCount).toBe(3);
    expect(serviceName(ds, 0)).toBe('proto-svc');
    expect(ds.resources[ds.resource[0]].attributes).toContainEqual({ key: '__proto__', value: { type: 'string', value: 'x' } });
    expect(attributes(ds, 0)).toEqual([
      { key: '__proto__', value: { type: 'string', value: 'v' } },
      { key: 'constructor', value: { type: 'string', value: 'c' } },
    ]);
    expect(serviceName(ds, 1)).toBe('');
    expect(serviceName(ds, 2)).toBe('');
    expect(problemPaths(ds)).toEqual(['data[0].spans[0].logs[0].fields[0].value', 'data[0].spans[1].processID', 'data[0].spans[2].processID', 'data[0].spans[3].spanID']);
  });

  it('survives hostile nesting without recursing', () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const text = `{"traceID": "${T}", "processes": {"p1": {"serviceName": "s", "tags": [{"key": "d", "value": ${deep}}]}}, "spans": [
      {"traceID": "${T}", "spanID": "a1", "startTime": ${START}, "duration": 1, "processID": "p1", "operationName": "x",
       "tags": [{"key": "d", "type": "string", "value": ${deep}}], "references": [{"refType": "CHILD_OF", "spanID": ${deep}}],
       "logs": [{"timestamp": ${START}, "fields": [{"key": "d", "value": ${deep}}]}], "process": ${deep}}]}`;
    const { ds } = load(text);
    expect(ds.spanCount).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------------

/** One row per span: id, parent, depth, kind, service, name and exact absolute start (ns). */
function shape(ds: Dataset): string[] {
  const rows: string[] = [];
  for (let i = 0; i < ds.spanCount; i++) {
    const t = ds.traces[ds.trace[i]];
    const parent = ds.parent[i] >= 0 ? ds.spanId[ds.parent[i]] : `none:${ds.missingParentId.get(i) ?? ''}`;
    rows.push([ds.traces[ds.trace[i]].id, ds.spanId[i], parent, ds.depth[i], kindName(ds, i), serviceName(ds, i), spanName(ds, i), ds.start[i], t.epochNs + BigInt(ds.start[i])].join('|'));
  }
  return rows.sort();
}

const otlpReady = (() => {
  const b = new DatasetBuilder();
  return importText(b, 'probe.json', readShared('otlp/proto-example.json')).format === 'otlp';
})();

describe('cross-format: the same spans as Jaeger JSON and as OTLP/JSON', () => {
  const pairs: [jaeger: string, otlp: string][] = [
    ['jaeger/jaeger-ui-otlp2jaeger-out.json', 'otlp/jaeger-ui-otlp2jaeger-in.json'],
    ['jaeger/jaeger-ui-multi-out.json', 'otlp/jaeger-ui-multi-in-combined.json'],
  ];
  for (const [jaegerFile, otlpFile] of pairs) {
    // Runs once the OTLP importer is in place (it is written alongside this one).
    it.skipIf(!otlpReady)(`${jaegerFile} = ${otlpFile}`, () => {
      const j = load(readShared(jaegerFile), jaegerFile);
      const o = load(readShared(otlpFile), otlpFile);
      expect(j.format).toBe('jaeger');
      expect(o.format).toBe('otlp');
      const js = summarize(j.ds);
      const os = summarize(o.ds);
      expect(js.spans).toBe(os.spans);
      expect(js.kinds).toEqual(os.kinds);
      expect(js.services).toEqual(os.services);
      expect(shape(j.ds)).toEqual(shape(o.ds));
      expect(j.ds.traces.map((t) => t.epochNs)).toEqual(o.ds.traces.map((t) => t.epochNs));
    });
  }

  it.skipIf(!otlpReady)('synthetic traces written as both formats load the same, detail by detail', () => {
    const j = load(synthText('jaeger', { spans: 1500, seed: 7 })).ds;
    const o = load(synthText('otlp', { spans: 1500, seed: 7 })).ds;
    expect(j.spanCount).toBe(1500);
    expect(summarize(j)).toEqual({ ...summarize(o), files: summarize(j).files });
    const byId = new Map(o.spanId.map((id, k) => [`${o.traces[o.trace[k]].id}/${id}`, k]));
    const detail = (ds: Dataset, i: number) => [
      ds.parent[i] >= 0 ? ds.spanId[ds.parent[i]] : '',
      ds.depth[i],
      kindName(ds, i),
      statusName(ds, i),
      ds.statusMessage.get(i),
      ds.traces[ds.trace[i]].epochNs + BigInt(ds.start[i]),
      ds.duration[i],
      attributes(ds, i),
      events(ds, i),
      links(ds, i).map((l) => `${l.traceId}/${l.spanId}`),
      ds.resources[ds.resource[i]],
      ds.scopes[ds.scope[i]].name,
    ];
    for (let i = 0; i < j.spanCount; i++) {
      const k = byId.get(`${j.traces[j.trace[i]].id}/${j.spanId[i]}`);
      expect(k, j.spanId[i]).toBeDefined();
      expect(detail(j, i), j.spanId[i]).toEqual(detail(o, k ?? -1));
    }
  });

  it('the Jaeger halves have the expected shape on their own', () => {
    const multi = load(readShared('jaeger/jaeger-ui-multi-out.json')).ds;
    expect(shape(multi)).toEqual([
      'c620759e5d60fafb8ee0922b30e06bc6|26f5ef9dbb885479|49b8e9efa1e8a3b1|2|INTERNAL|example-trace|ohboy.do|38000000|1711138246978000000',
      'c620759e5d60fafb8ee0922b30e06bc6|49b8e9efa1e8a3b1|eff3153be6b1fb93|1|INTERNAL|example-trace|info|3000000|1711138246943000000',
      'c620759e5d60fafb8ee0922b30e06bc6|e76628f4e6dde174|49b8e9efa1e8a3b1|2|INTERNAL|example-trace|ohboy.do|85000000|1711138247025000000',
      'c620759e5d60fafb8ee0922b30e06bc6|eff3153be6b1fb93|none:|0|INTERNAL|example-trace|main|0|1711138246940000000',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------

/** Applies random edits (replace / delete / insert a __proto__ key) at node positions of a clone. */
function mutate(base: unknown, edits: { at: number; op: number; value: unknown }[]): unknown {
  const root = { v: structuredClone(base) as unknown };
  for (const e of edits) {
    // Every (container, key) slot in the document, collected without recursion.
    const slots: [Record<string, unknown> | unknown[], string | number][] = [[root as Record<string, unknown>, 'v']];
    const stack: unknown[] = [root.v];
    while (stack.length > 0 && slots.length < 5000) {
      const v = stack.pop();
      if (Array.isArray(v)) {
        for (let k = 0; k < v.length; k++) {
          slots.push([v, k]);
          stack.push(v[k]);
        }
      } else if (v !== null && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          slots.push([v as Record<string, unknown>, k]);
          stack.push(x);
        }
      }
    }
    const [c, k] = slots[e.at % slots.length];
    const value: unknown = JSON.parse(JSON.stringify(e.value)); // a fresh copy: edits must not build cycles
    if (e.op === 0 || c === root) (c as Record<string | number, unknown>)[k] = value;
    else if (e.op === 1) {
      if (Array.isArray(c)) c.splice(k as number, 1);
      else delete c[k as string];
    } else {
      const target = (c as Record<string | number, unknown>)[k];
      if (target !== null && typeof target === 'object' && !Array.isArray(target)) Object.defineProperty(target, '__proto__', { value, enumerable: true, writable: true, configurable: true });
      else (c as Record<string | number, unknown>)[k] = value;
    }
  }
  return root.v;
}

describe('property: importText never throws', () => {
  // A small trimmed copy of jaeger-ui-multi-out (its references carry whole nested spans the importer ignores).
  const multi = JSON.parse(readShared('jaeger/jaeger-ui-multi-out.json')) as { data: { spans: { references: Record<string, unknown>[] }[] }[] };
  for (const s of multi.data[0].spans) for (const r of s.references) delete r.span;
  const bases: unknown[] = [JSON.parse(readShared('jaeger/jaeger-ui-tracegraph-test.json')), multi, JSON.parse(readShared('jaeger/jaeger-ui-otlp2jaeger-out.json'))];
  bases.push(
    doc([
      span('a1', { tags: [tag('error', 'bool', true), tag('big', 'int64', '9007199254740993'), tag('span.kind', 'string', 'client')], logs: [{ timestamp: START, fields: [tag('event', 'string', 'e'), tag('n', 'float64', 1.5)] }], warnings: ['w'] }),
      span('a2', { references: [childOf('a1'), followsFrom('a1', 'beef')], parentSpanID: 'a1', processID: undefined, process: { serviceName: 'e', tags: [tag('x', 'binary', 'AQ==')] } }),
    ]),
  );

  const check = (text: string) => {
    const b = new DatasetBuilder();
    importText(b, 'fuzz.json', text);
    const ds = b.finish();
    expect(ds.warnings.some((w) => w.message.includes('internal error'))).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  };

  it('property: random JSON and mutations of valid Jaeger documents', () => {
    const value = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(null, '', 'CHILD_OF', 'FOLLOWS_FROM', 'span-1', -1, 1e300, '99999999999999999999', { polluted: 1 }, [], {}));
    const edit = fc.record({ at: fc.nat(), op: fc.integer({ min: 0, max: 2 }), value });
    fc.assert(
      fc.property(fc.nat({ max: bases.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 8 }), fc.json({ maxDepth: 4 }), (which, edits, randomJson) => {
        check(JSON.stringify(mutate(bases[which], edits)));
        check(randomJson);
        jaegerImporter.misfit(JSON.parse(randomJson));
      }),
      { seed: 42, numRuns: FUZZ_RUNS },
    );
  });

  it('property: documents whose every field may be missing, mistyped or odd', () => {
    // Each field is valid-looking most of the time, else any JSON value, else absent.
    const maybe = <V>(valid: fc.Arbitrary<V>): fc.Arbitrary<unknown> => fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) }, { weight: 1, arbitrary: fc.constant(undefined) });
    const kv = maybe(
      fc.record({
        key: maybe(fc.constantFrom('span.kind', 'error', 'otel.status_code', 'otel.status_description', 'otel.scope.name', 'otel.library.version', 'event', 'message', 'k', '__proto__')),
        type: maybe(fc.constantFrom('string', 'bool', 'int64', 'float64', 'binary', 'INT64', 'weird')),
        value: maybe(fc.oneof(fc.string(), fc.boolean(), fc.integer(), fc.double(), fc.constantFrom('true', 'client', 'ERROR', '9007199254740993', '-5', '1.5e3', 'AQ=='))),
      }),
    );
    const ids = fc.constantFrom('a1', 'a2', 'a3', 'A1', '0', 'span-1', '');
    const process = fc.record({ serviceName: maybe(fc.string()), tags: maybe(fc.array(kv, { maxLength: 3 })) });
    const ref = maybe(fc.record({ refType: maybe(fc.constantFrom('CHILD_OF', 'FOLLOWS_FROM', 'child_of', 'X')), traceID: maybe(fc.constantFrom(T, 'other', '')), spanID: maybe(ids) }));
    const log = maybe(fc.record({ timestamp: maybe(fc.oneof(fc.constant(START), fc.double(), fc.constantFrom('1700000000000000', -1, 1e300))), fields: maybe(fc.array(kv, { maxLength: 4 })) }));
    const spanArb = maybe(
      fc.record(
        {
          traceID: maybe(fc.constantFrom(T, 'abc', '')),
          spanID: maybe(ids),
          operationName: maybe(fc.string()),
          references: maybe(fc.array(ref, { maxLength: 3 })),
          parentSpanID: maybe(ids),
          startTime: maybe(fc.oneof(fc.constant(START), fc.double(), fc.nat(), fc.constantFrom('1700000000000000', '12x'))),
          duration: maybe(fc.oneof(fc.nat(), fc.double(), fc.constantFrom('100', '-1', 'x'))),
          tags: maybe(fc.array(kv, { maxLength: 5 })),
          logs: maybe(fc.array(log, { maxLength: 2 })),
          processID: maybe(fc.constantFrom('p1', 'p2', '__proto__', 'constructor', 'toString')),
          process: maybe(process),
          warnings: maybe(fc.array(maybe(fc.string()), { maxLength: 2 })),
        },
        { requiredKeys: [] },
      ),
    );
    const trace = fc.record({ traceID: maybe(fc.constantFrom(T, '')), spans: maybe(fc.array(spanArb, { maxLength: 6 })), processes: maybe(fc.dictionary(fc.constantFrom('p1', 'p2', '__proto__'), process)), warnings: maybe(fc.array(fc.string(), { maxLength: 1 })) });
    const document = fc.oneof(
      fc.record({ data: fc.array(trace, { maxLength: 3 }), total: fc.constant(0), errors: maybe(fc.array(maybe(fc.record({ code: maybe(fc.integer()), msg: maybe(fc.string()), traceID: maybe(fc.string()) })), { maxLength: 2 })) }),
      trace,
      fc.array(trace, { maxLength: 3 }),
    );
    fc.assert(
      fc.property(document, (d) => check(JSON.stringify(d))),
      { seed: 42, numRuns: FUZZ_RUNS },
    );
  });
});
