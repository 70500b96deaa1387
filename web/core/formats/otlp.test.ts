import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DatasetBuilder } from '../model/builder.ts';
import { attribute, attributes, events, kindName, links, serviceName, spanName, statusName } from '../model/access.ts';
import { summarize } from '../model/summary.ts';
import type { AnyValue, Dataset } from '../model/types.ts';
import { SpanFlag, StatusCode } from '../model/types.ts';
import { importParsed, importText } from './index.ts';
import { otlpImporter, parseInt64, readNanos } from './otlp.ts';
import { nanosInto, timeParts } from '../lib/time.ts';

const SHARED = fileURLToPath(new URL('../../test/fixtures/shared/', import.meta.url));
const fixture = (rel: string): string => readFileSync(SHARED + rel, 'utf8');
const FUZZ_RUNS = Number(process.env.FUZZ_RUNS) || 200;

function loadText(name: string, text: string): { ds: Dataset; format: string | null } {
  const b = new DatasetBuilder();
  const out = importText(b, name, text);
  return { ds: b.finish(), format: out.format };
}
const loadDoc = (doc: unknown, name = 't.json') => loadText(name, JSON.stringify(doc)).ds;
const spanIndex = (ds: Dataset, id: string): number => ds.spanId.indexOf(id);
const badRecords = (ds: Dataset) => ds.warnings.filter((w) => w.code === 'BAD_RECORD').map((w) => w.message);

// ---------------------------------------------------------------------------------------------
// Synthetic documents

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const ROOT = 'b7ad6b7169203331';
const CHILD = '00f067aa0ba902b7';

function span(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    traceId: TRACE,
    spanId: ROOT,
    name: 'op',
    kind: 2,
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000000000001000',
    ...over,
  };
}
function request(spans: unknown[], service = 'svc'): { resourceSpans: unknown[] } {
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [{ scope: { name: 'lib', version: '1.0' }, spans }],
      },
    ],
  };
}
const str = (value: string): AnyValue => ({ type: 'string', value });

/** A valid document using every feature the importer reads; the base of the mutation property. */
function richDocument(): unknown {
  return {
    resourceSpans: [
      {
        resource: {
          attributes: [
            { key: 'service.name', value: { stringValue: 'frontend' } },
            { key: 'host.cores', value: { intValue: '8' } },
          ],
          droppedAttributesCount: 0,
        },
        scopeSpans: [
          {
            scope: { name: 'otelhttp', version: '0.1', attributes: [{ key: 's', value: { boolValue: true } }] },
            spans: [
              span({
                parentSpanId: '',
                traceState: 'a=b',
                status: { code: 'STATUS_CODE_ERROR', message: 'boom' },
                attributes: [
                  { key: 's', value: { stringValue: 'x' } },
                  { key: 'i', value: { intValue: '9007199254740993' } },
                  { key: 'n', value: { intValue: 42 } },
                  { key: 'b', value: { boolValue: false } },
                  { key: 'd', value: { doubleValue: 'NaN' } },
                  { key: 'y', value: { bytesValue: 'AAAwOQ==' } },
                  { key: 'a', value: { arrayValue: { values: [{ stringValue: 'p' }, { arrayValue: { values: [{ intValue: 1 }] } }] } } },
                  { key: 'k', value: { kvlistValue: { values: [{ key: 'inner', value: { doubleValue: 1.5 } }] } } },
                  { key: 'e', value: {} },
                ],
                events: [{ timeUnixNano: '1700000000000000500', name: 'ev', attributes: [{ key: 'm', value: { stringValue: 'hi' } }] }],
                links: [{ traceId: TRACE.toUpperCase(), spanId: CHILD, traceState: 'x=y', attributes: [{ key: 'l', value: { intValue: '1' } }] }],
              }),
              span({ spanId: CHILD, parentSpanId: ROOT, kind: 'SPAN_KIND_CLIENT', startTimeUnixNano: '1700000000000000100', endTimeUnixNano: '1700000000000000900' }),
            ],
          },
        ],
      },
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'backend' } }] },
        instrumentationLibrarySpans: [{ instrumentationLibrary: { name: 'old' }, spans: [span({ spanId: 'AAAAAAAAAAE=', parentSpanId: CHILD, kind: 'SPAN_KIND_SERVER' })] }],
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Real files

interface Expected {
  file: string;
  spans: number;
  traces: number;
  services: string[];
  kinds: Record<string, number>;
  links: number;
  events: number;
  errors: number;
  roots: number;
  orphans: number;
  duplicates: number;
}

/** The expected counts of every otlp/ file, read from SOURCES.md (the fixtures' own description). */
function expectations(): Expected[] {
  const md = fixture('SOURCES.md');
  const out: Expected[] = [];
  for (const section of md.split(/^### /m).slice(1)) {
    const file = /^`(otlp\/[^`]+)`/.exec(section)?.[1];
    if (!file) continue;
    const spans = /- Spans: (\d+) in (\d+) trace\(s\); services \(\d+\): (.*)$/m.exec(section);
    const kinds = /- Span kinds: (.*)$/m.exec(section);
    const counts = /- Links: (\d+); events\/logs\/annotations: (\d+); error spans: (\d+); roots: (\d+); spans with parent not in file: (\d+); duplicate span records: (\d+)/m.exec(section);
    if (!spans || !kinds || !counts) throw new Error(`SOURCES.md: cannot read the counts of ${file}`);
    const kindCounts: Record<string, number> = {};
    for (const part of kinds[1].split(', ')) {
      const [k, n] = part.split(':');
      kindCounts[k.replace('(absent)', '')] = Number(n);
    }
    const [links, events, errors, roots, orphans, duplicates] = counts.slice(1).map(Number);
    out.push({ file, spans: Number(spans[1]), traces: Number(spans[2]), services: spans[3].split(', ').sort(), kinds: kindCounts, links, events, errors, roots, orphans, duplicates });
  }
  return out;
}

describe('otlpImporter on the shared OTLP files', () => {
  const all = expectations();

  it('finds every otlp/ file in SOURCES.md', () => {
    expect(all.map((e) => e.file)).toContain('otlp/proto-example.json');
    expect(all.length).toBeGreaterThanOrEqual(11);
  });

  it.each(all.map((e) => [e.file, e] as const))('%s matches the counts in SOURCES.md', (file, e) => {
    const { ds, format } = loadText(file, fixture(file));
    const s = summarize(ds);
    expect(format).toBe(file.endsWith('.jsonl') ? 'otlp-jsonl' : 'otlp');
    expect(ds.errors).toEqual([]);
    expect(badRecords(ds)).toEqual([]);
    expect(s.spans).toBe(e.spans);
    expect(s.traces).toBe(e.traces);
    expect(s.services).toEqual(e.services);
    const kinds = Object.fromEntries(Object.entries(s.kinds).filter(([, n]) => n > 0));
    expect(kinds).toEqual(e.kinds);
    let linkCount = 0;
    let eventCount = 0;
    let errorCount = 0;
    let roots = 0;
    let orphans = 0;
    for (let i = 0; i < ds.spanCount; i++) {
      linkCount += links(ds, i).length;
      eventCount += events(ds, i).length;
      if (ds.status[i] === StatusCode.ERROR) errorCount++;
      if (ds.flags[i] & SpanFlag.ORPHAN) orphans++;
      else if (ds.parent[i] === -1) roots++;
    }
    expect(linkCount).toBe(e.links);
    expect(eventCount).toBe(e.events);
    expect(errorCount).toBe(e.errors);
    expect(roots).toBe(e.roots);
    expect(orphans).toBe(e.orphans);
    expect(ds.warnings.filter((w) => w.code === 'DUPLICATE_SPAN_ID').length).toBe(e.duplicates);
  });

  it('proto-example.json: uppercase hex ids, dangling parent, resource and scope', () => {
    const { ds } = loadText('proto-example.json', fixture('otlp/proto-example.json'));
    expect(ds.spanCount).toBe(1);
    expect(ds.traces[0].id).toBe('5b8efff798038103d269b633813fc60c');
    expect(ds.spanId[0]).toBe('eee19b7ec3c1b174');
    expect(ds.flags[0] & SpanFlag.ORPHAN).toBeTruthy();
    expect(ds.missingParentId.get(0)).toBe('eee19b7ec3c1b173');
    expect(kindName(ds, 0)).toBe('SERVER');
    expect(statusName(ds, 0)).toBe('UNSET');
    expect(spanName(ds, 0)).toBe("I'm a server span");
    expect(serviceName(ds, 0)).toBe('my.service');
    expect(ds.traces[0].epochNs).toBe(1544712660000000000n);
    expect(ds.duration[0]).toBe(1e9);
    expect(ds.scopes[ds.scope[0]]).toEqual({ name: 'my.library', version: '1.0.0', attributes: [{ key: 'my.scope.attribute', value: str('some scope attribute') }] });
    expect(attributes(ds, 0)).toEqual([{ key: 'my.span.attr', value: str('some value') }]);
  });

  it('jaeger-hotrod-apiv3.json: a request wrapped in {result}', () => {
    const { ds } = loadText('hotrod.json', fixture('otlp/jaeger-hotrod-apiv3.json'));
    const s = summarize(ds);
    expect(s.spans).toBe(40);
    expect(s.services).toEqual(['customer', 'driver', 'frontend', 'mysql', 'redis-manual', 'route']);
    expect(s.kinds.CLIENT).toBe(27);
    expect(s.kinds.SERVER).toBe(13);
    expect(ds.traces[0].roots.length).toBe(1);
    const port = ds.spanId.findIndex((_, i) => attribute(ds, i, 'server.port') !== undefined);
    expect(attribute(ds, port, 'server.port')?.type).toBe('int');
    const root = ds.traces[0].roots[0];
    expect(ds.resources[ds.resource[root]].attributes.length).toBeGreaterThan(1);
  });

  it('jaeger-otel-traces-links.json: links, events, typed attributes, trace state', () => {
    const { ds } = loadText('links.json', fixture('otlp/jaeger-otel-traces-links.json'));
    const i = spanIndex(ds, '0000000000000002');
    expect(i).toBeGreaterThanOrEqual(0);
    expect(kindName(ds, i)).toBe('SERVER');
    expect(statusName(ds, i)).toBe('ERROR');
    expect(ds.traceState.get(i)).toBe('state.2');
    expect(links(ds, i)).toEqual([
      { traceId: '00000000000000010000000000000000', spanId: '0000000000000004', traceState: '', attributes: [{ key: 'opentracing.ref_type', value: str('follows_from') }] },
      { traceId: '00000000000000ff0000000000000000', spanId: '00000000000000ff', traceState: '', attributes: [{ key: 'opentracing.ref_type', value: str('child_of') }] },
    ]);
    expect(events(ds, i)).toEqual([
      { offsetNs: 0, name: 'testing-event', attributes: [{ key: 'event-x', value: str('event-y') }] },
      { offsetNs: 0, name: '', attributes: [{ key: 'x', value: str('y') }] },
    ]);
    expect(attribute(ds, i, 'peer.ipv4')).toEqual({ type: 'int', value: 23456 });
    expect(attribute(ds, i, 'blob')).toEqual({ type: 'bytes', value: 'AAAwOQ==' });
    expect(attribute(ds, i, 'temperature')).toEqual({ type: 'double', value: 72.5 });
    expect(ds.duration[i]).toBe(5000);
  });

  it('jaeger-ui-multi-in.jsonl: JSON lines through importText, same spans as the combined file', () => {
    const lines = loadText('multi.jsonl', fixture('otlp/jaeger-ui-multi-in.jsonl'));
    const combined = loadText('multi.json', fixture('otlp/jaeger-ui-multi-in-combined.json'));
    expect(lines.format).toBe('otlp-jsonl');
    expect(lines.ds.spanCount).toBe(4);
    expect(lines.ds.traces.length).toBe(1);
    expect(lines.ds.warnings).toEqual([]);
    expect([...lines.ds.depth].sort()).toEqual([...combined.ds.depth].sort());
    expect(lines.ds.traces[0].roots.length).toBe(1);
    expect([...lines.ds.spanId].sort()).toEqual([...combined.ds.spanId].sort());
    expect(lines.ds.traces[0].epochNs).toBe(combined.ds.traces[0].epochNs);
  });
});

// ---------------------------------------------------------------------------------------------

describe('otlpImporter.misfit and document shapes', () => {
  it('accepts requests, arrays of requests and API wrappers', () => {
    const req = request([span()]);
    const batch = req.resourceSpans[0];
    for (const doc of [req, [req, req], { result: req }, { trace: req }, { batches: [batch] }, { trace: { batches: [batch] } }, [{ result: req }, { batches: [batch] }], { resourceSpans: [] }, { resource_spans: [] }]) {
      expect(otlpImporter.misfit(doc)).toBeNull();
    }
  });

  it('rejects Jaeger, Zipkin and other JSON with a reason', () => {
    const files = ['jaeger/jaeger-ui-multi-out.json', 'jaeger/jaeger-ui-genai-trace.json', 'jaeger/jaeger-ui-tracegraph-test.json', 'zipkin/lens-envoy.json', 'zipkin/lens-yelp.json'];
    for (const f of files) expect(otlpImporter.misfit(JSON.parse(fixture(f)))).toBe('no resourceSpans/batches found');
    expect(otlpImporter.misfit([[{ traceId: 'a', id: 'b' }]])).toBe('no resourceSpans/batches found');
    expect(otlpImporter.misfit({ batches: [1, 2] })).toBe('no resourceSpans/batches found');
    expect(otlpImporter.misfit({ resourceSpans: 'x' })).toBe('no resourceSpans/batches found');
    expect(otlpImporter.misfit([])).toBe('no resourceSpans/batches found');
    expect(otlpImporter.misfit({})).toBe('no resourceSpans/batches found');
    for (const v of [null, 42, 'x', true]) expect(otlpImporter.misfit(v)).toBe('not a JSON object or array');
  });

  it('imports every shape, with the wrapper in the problem paths', () => {
    const req = request([span()], 'a');
    const tempo = { batches: [request([span({ spanId: CHILD, parentSpanId: ROOT })], 'b').resourceSpans[0]] };
    const ds = loadDoc([{ result: req }, { trace: tempo }, { trace: request([span({ spanId: 'zz' })]) }]);
    expect(ds.spanCount).toBe(2);
    expect(summarize(ds).services).toEqual(['a', 'b']);
    expect(ds.parent[spanIndex(ds, CHILD)]).toBe(spanIndex(ds, ROOT));
    expect(badRecords(ds)).toEqual(['[2].trace.resourceSpans[0].scopeSpans[0].spans[0].spanId: not a hex id']);
  });

  it('reads the old instrumentationLibrarySpans as scopes (camelCase and snake_case)', () => {
    const ds = loadDoc({
      resourceSpans: [
        { resource: {}, instrumentationLibrarySpans: [{ instrumentationLibrary: { name: 'lib-a', version: '2' }, spans: [span()] }] },
        { instrumentation_library_spans: [{ instrumentation_library: { name: 'lib-b' }, spans: [span({ spanId: CHILD })] }] },
      ],
    });
    expect(ds.spanCount).toBe(2);
    expect(ds.scopes[ds.scope[spanIndex(ds, ROOT)]]).toEqual({ name: 'lib-a', version: '2', attributes: [] });
    expect(ds.scopes[ds.scope[spanIndex(ds, CHILD)]].name).toBe('lib-b');
    expect(serviceName(ds, 0)).toBe('');
  });

  it('reports a document level that holds no request', () => {
    const b = new DatasetBuilder();
    importParsed(b, 'x.json', [request([span()]), { data: [] }, 7]);
    const ds = b.finish();
    expect(ds.spanCount).toBe(1);
    expect(badRecords(ds)).toEqual(['[1]: no resourceSpans/batches found', '[2]: a number, not an OTLP request; skipped']);
  });
});

// ---------------------------------------------------------------------------------------------

describe('otlpImporter field mapping', () => {
  it('reads snake_case field names throughout', () => {
    const text = JSON.stringify({
      resource_spans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { string_value: 'snake' } }] },
          scope_spans: [
            {
              scope: { name: 's' },
              spans: [
                {
                  trace_id: TRACE,
                  span_id: CHILD,
                  parent_span_id: ROOT,
                  name: 'child',
                  kind: 'SPAN_KIND_CONSUMER',
                  start_time_unix_nano: '1700000000000000010',
                  end_time_unix_nano: '1700000000000000020',
                  trace_state: 'k=v',
                  status: { code: 'STATUS_CODE_OK', message: 'fine' },
                  attributes: [
                    { key: 'i', value: { int_value: '-12' } },
                    { key: 'b', value: { bool_value: true } },
                    { key: 'd', value: { double_value: 0.25 } },
                    { key: 'y', value: { bytes_value: 'AQID' } },
                    { key: 'a', value: { array_value: { values: [{ string_value: 'x' }] } } },
                    { key: 'k', value: { kvlist_value: { values: [{ key: 'z', value: { int_value: 3 } }] } } },
                  ],
                  events: [{ time_unix_nano: '1700000000000000015', name: 'e' }],
                  links: [{ trace_id: TRACE, span_id: ROOT, trace_state: 't=1' }],
                },
                { trace_id: TRACE, span_id: ROOT, name: 'root', start_time_unix_nano: '1700000000000000000', end_time_unix_nano: '1700000000000000100' },
              ],
            },
          ],
        },
      ],
    });
    const { ds, format } = loadText('snake.json', text);
    expect(format).toBe('otlp');
    expect(badRecords(ds)).toEqual([]);
    const i = spanIndex(ds, CHILD);
    expect(ds.parent[i]).toBe(spanIndex(ds, ROOT));
    expect(serviceName(ds, i)).toBe('snake');
    expect(kindName(ds, i)).toBe('CONSUMER');
    expect(statusName(ds, i)).toBe('OK');
    expect(ds.statusMessage.get(i)).toBe('fine');
    expect(ds.traceState.get(i)).toBe('k=v');
    expect(ds.start[i]).toBe(10);
    expect(ds.duration[i]).toBe(10);
    expect(attributes(ds, i)).toEqual([
      { key: 'i', value: { type: 'int', value: -12 } },
      { key: 'b', value: { type: 'bool', value: true } },
      { key: 'd', value: { type: 'double', value: 0.25 } },
      { key: 'y', value: { type: 'bytes', value: 'AQID' } },
      { key: 'a', value: { type: 'array', value: [str('x')] } },
      { key: 'k', value: { type: 'kvlist', value: [{ key: 'z', value: { type: 'int', value: 3 } }] } },
    ]);
    expect(events(ds, i)).toEqual([{ offsetNs: 5, name: 'e', attributes: [] }]);
    expect(links(ds, i)).toEqual([{ traceId: TRACE, spanId: ROOT, traceState: 't=1', attributes: [] }]);
  });

  it('normalizes hex ids of any case and base64 ids', () => {
    // 0af7651916cd43dd8448eb211c80319c / b7ad6b7169203331 / 00f067aa0ba902b7 in base64
    const ds = loadDoc(
      request([
        span({ traceId: 'CvdlGRbNQ92ESOshHIAxnA==', spanId: 't61rcWkgMzE=' }),
        span({ traceId: TRACE.toUpperCase(), spanId: 'APBnqgupArc=', parentSpanId: 'B7AD6B7169203331', links: [{ traceId: 'CvdlGRbNQ92ESOshHIAxnA==', spanId: 't61rcWkgMzE=' }] }),
        span({ spanId: '1111111111111111', parentSpanId: 'AAAAAAAAAAA=' }),
        span({ spanId: '2222222222222222', parentSpanId: '0000000000000000' }),
      ]),
    );
    expect(badRecords(ds)).toEqual([]);
    expect(ds.traces.map((t) => t.id)).toEqual([TRACE]);
    const child = spanIndex(ds, CHILD);
    expect(ds.parent[child]).toBe(spanIndex(ds, ROOT));
    expect(links(ds, child)[0]).toMatchObject({ traceId: TRACE, spanId: ROOT });
    for (const id of ['1111111111111111', '2222222222222222']) {
      const i = spanIndex(ds, id);
      expect(ds.parent[i]).toBe(-1);
      expect(ds.flags[i] & SpanFlag.ORPHAN).toBe(0);
    }
  });

  it('reads kinds and status codes as integers or enum names', () => {
    const names = ['SPAN_KIND_UNSPECIFIED', 'SPAN_KIND_INTERNAL', 'SPAN_KIND_SERVER', 'SPAN_KIND_CLIENT', 'SPAN_KIND_PRODUCER', 'SPAN_KIND_CONSUMER'];
    const statuses = [0, 1, 2, 'STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'];
    const spans = [...names, 0, 1, 2, 3, 4, 5].map((kind, n) => span({ spanId: (n + 1).toString(16).padStart(16, '0'), kind, status: { code: statuses[n % 6] } }));
    spans.push(span({ spanId: 'ffffffffffffff01', kind: undefined, status: undefined }));
    const ds = loadDoc(request(spans));
    expect(badRecords(ds)).toEqual([]);
    const kinds = Array.from({ length: ds.spanCount }, (_, i) => kindName(ds, i));
    expect(kinds).toEqual(['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER', 'UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER', 'UNSPECIFIED']);
    const status = Array.from({ length: ds.spanCount }, (_, i) => statusName(ds, i));
    expect(status.slice(0, 6)).toEqual(['UNSET', 'OK', 'ERROR', 'UNSET', 'OK', 'ERROR']);
    expect(status[12]).toBe('UNSET');
  });

  it('reports unknown kinds and status codes and reads them as UNSPECIFIED / UNSET', () => {
    const ds = loadDoc(request([span({ kind: 9 }), span({ spanId: CHILD, kind: 'SPAN_KIND_BOGUS', status: { code: 7 } })]));
    expect(ds.spanCount).toBe(2);
    expect(kindName(ds, 0)).toBe('UNSPECIFIED');
    expect(statusName(ds, 1)).toBe('UNSET');
    expect(badRecords(ds)).toEqual([
      'resourceSpans[0].scopeSpans[0].spans[0].kind: unknown span kind 9; read as UNSPECIFIED',
      'resourceSpans[0].scopeSpans[0].spans[1].kind: unknown span kind "SPAN_KIND_BOGUS"; read as UNSPECIFIED',
      'resourceSpans[0].scopeSpans[0].spans[1].status.code: unknown status code 7; read as UNSET',
    ]);
  });

  it('reads every AnyValue variant, 64-bit integers exactly', () => {
    const ds = loadDoc(
      request([
        span({
          attributes: [
            { key: 'str', value: { stringValue: 'text' } },
            { key: 'emptyStr', value: { stringValue: '' } },
            { key: 'bool', value: { boolValue: true } },
            { key: 'intStr', value: { intValue: '42' } },
            { key: 'intNum', value: { intValue: -7 } },
            { key: 'intBig', value: { intValue: '9007199254740993' } },
            { key: 'intMin', value: { intValue: '-9223372036854775808' } },
            { key: 'intMax', value: { intValue: '9223372036854775807' } },
            { key: 'intSafe16', value: { intValue: '9007199254740991' } },
            { key: 'dbl', value: { doubleValue: 3.25 } },
            { key: 'dblInt', value: { doubleValue: 3 } },
            { key: 'dblNaN', value: { doubleValue: 'NaN' } },
            { key: 'dblInf', value: { doubleValue: 'Infinity' } },
            { key: 'dblNegInf', value: { doubleValue: '-Infinity' } },
            { key: 'dblStr', value: { doubleValue: '1.5e3' } },
            { key: 'bytes', value: { bytesValue: 'aGVsbG8=' } },
            { key: 'arr', value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '1' }, { arrayValue: { values: [{ boolValue: false }] } }, {}] } } },
            { key: 'arrEmpty', value: { arrayValue: {} } },
            { key: 'kv', value: { kvlistValue: { values: [{ key: 'x', value: { doubleValue: 0.5 } }, { key: 'y', value: { kvlistValue: { values: [{ key: 'z', value: { stringValue: 'deep' } }] } } }] } } },
            { key: 'empty', value: {} },
            { key: 'noValue' },
          ],
        }),
      ]),
    );
    expect(badRecords(ds)).toEqual([]);
    expect(attributes(ds, 0)).toEqual([
      { key: 'str', value: str('text') },
      { key: 'emptyStr', value: str('') },
      { key: 'bool', value: { type: 'bool', value: true } },
      { key: 'intStr', value: { type: 'int', value: 42 } },
      { key: 'intNum', value: { type: 'int', value: -7 } },
      { key: 'intBig', value: { type: 'int', value: 9007199254740993n } },
      { key: 'intMin', value: { type: 'int', value: -9223372036854775808n } },
      { key: 'intMax', value: { type: 'int', value: 9223372036854775807n } },
      { key: 'intSafe16', value: { type: 'int', value: 9007199254740991 } },
      { key: 'dbl', value: { type: 'double', value: 3.25 } },
      { key: 'dblInt', value: { type: 'double', value: 3 } },
      { key: 'dblNaN', value: { type: 'double', value: Number.NaN } },
      { key: 'dblInf', value: { type: 'double', value: Number.POSITIVE_INFINITY } },
      { key: 'dblNegInf', value: { type: 'double', value: Number.NEGATIVE_INFINITY } },
      { key: 'dblStr', value: { type: 'double', value: 1500 } },
      { key: 'bytes', value: { type: 'bytes', value: 'aGVsbG8=' } },
      {
        key: 'arr',
        value: {
          type: 'array',
          value: [str('a'), { type: 'int', value: 1 }, { type: 'array', value: [{ type: 'bool', value: false }] }, { type: 'empty', value: null }],
        },
      },
      { key: 'arrEmpty', value: { type: 'array', value: [] } },
      {
        key: 'kv',
        value: {
          type: 'kvlist',
          value: [
            { key: 'x', value: { type: 'double', value: 0.5 } },
            { key: 'y', value: { type: 'kvlist', value: [{ key: 'z', value: str('deep') }] } },
          ],
        },
      },
      { key: 'empty', value: { type: 'empty', value: null } },
      { key: 'noValue', value: { type: 'empty', value: null } },
    ]);
    const big = attribute(ds, 0, 'intBig');
    expect(typeof big?.value).toBe('bigint');
  });

  it('parseInt64 keeps every 64-bit integer exact', () => {
    expect(parseInt64('0')).toBe(0);
    expect(parseInt64('-0')).toBe(-0);
    expect(parseInt64('+5')).toBe(5);
    expect(parseInt64('123456789012345')).toBe(123456789012345);
    expect(parseInt64('9007199254740992')).toBe(9007199254740992n);
    expect(parseInt64('-9007199254740991')).toBe(-9007199254740991);
    expect(parseInt64('18446744073709551615')).toBe(18446744073709551615n);
    expect(parseInt64(12)).toBe(12);
    expect(parseInt64(2 ** 60)).toBe(2n ** 60n);
    for (const bad of ['', '-', '1.5', '1e3', ' 1', '0x10', 'abc', '123456789012345678901', 1.5, Number.NaN, Number.POSITIVE_INFINITY, true, null, {}]) expect(parseInt64(bad)).toBeUndefined();
  });

  it('keeps nanosecond timestamps exact', () => {
    const ds = loadDoc(
      request([
        span({ startTimeUnixNano: '1700000000123456789', endTimeUnixNano: '1700000000123456790', events: [{ timeUnixNano: '1700000000123456790', name: 'late' }] }),
        span({ spanId: CHILD, parentSpanId: ROOT, startTimeUnixNano: '1700000000123456794', endTimeUnixNano: '1700000001123456794' }),
      ]),
    );
    expect(ds.traces[0].epochNs).toBe(1700000000123456789n);
    expect(ds.duration[0]).toBe(1);
    expect(ds.start[0]).toBe(0);
    expect(events(ds, 0)[0].offsetNs).toBe(1);
    const c = spanIndex(ds, CHILD);
    expect(ds.start[c]).toBe(5);
    expect(ds.duration[c]).toBe(1e9);
    expect(ds.traces[0].durationNs).toBe(1e9 + 5);
  });

  it('readNanos reads exactly what nanosInto reads', () => {
    const cases: unknown[] = ['1700000000123456789', '9223372036854775807', '9223372036854775808', '9223372036999999999', '0000000000000000000', '0', 0, 1.5, 2 ** 63, '0000000000', '1234567890', '123456789012345678901234', '1234567890123456789012345', '12345', '', '17000000001234567x9', '-1700000000123456789', ' 1700000000123456789', 1.5e18, 12, -1, null, {}];
    for (const c of cases) {
      const a = timeParts();
      const b = timeParts();
      expect([readNanos(c, a), a]).toEqual([nanosInto(c, b), b]);
    }
  });

  it('property: readNanos agrees with nanosInto on digit strings', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{1,30}x?$/), (s) => {
        const a = timeParts();
        const b = timeParts();
        expect([readNanos(s, a), a]).toEqual([nanosInto(s, b), b]);
      }),
      { seed: 42, numRuns: FUZZ_RUNS },
    );
  });

  it('accepts timestamps as JSON numbers', () => {
    const ds = loadDoc(request([span({ startTimeUnixNano: 1_000_000_000_123, endTimeUnixNano: 1_000_000_000_223 })]));
    expect(ds.traces[0].epochNs).toBe(1_000_000_000_123n);
    expect(ds.duration[0]).toBe(100);
  });

  it('marks missing start and end times for the builder to repair', () => {
    const ds = loadDoc(
      request([span({ endTimeUnixNano: undefined }), span({ spanId: CHILD, parentSpanId: ROOT, startTimeUnixNano: undefined, endTimeUnixNano: undefined })]),
    );
    expect(ds.spanCount).toBe(2);
    expect(ds.flags[spanIndex(ds, ROOT)] & SpanFlag.NO_DURATION).toBeTruthy();
    expect(ds.flags[spanIndex(ds, CHILD)] & SpanFlag.NO_TIMESTAMP).toBeTruthy();
    expect(ds.warnings.map((w) => w.code)).toContain('MISSING_TIMESTAMP');
    expect(badRecords(ds)).toEqual([]);
  });

  it('reports bad span times and names with their own codes, paths and ids; the spans load', () => {
    const ids = ['1', '2', '3', '4', '5', '6'].map((k) => k.padStart(16, '0'));
    const ds = loadDoc(
      request([
        span({ spanId: ids[0], startTimeUnixNano: '0' }),
        span({ spanId: ids[1], endTimeUnixNano: 0 }),
        span({ spanId: ids[2], startTimeUnixNano: 1.5 }),
        span({ spanId: ids[3], end_time_unix_nano: '9223372036854775808', endTimeUnixNano: undefined }),
        span({ spanId: ids[4], endTimeUnixNano: undefined, name: '' }),
        span({ spanId: ids[5], startTimeUnixNano: -1, name: undefined }),
      ]),
    );
    expect(ds.spanCount).toBe(6);
    const p = (k: number) => `t.json: resourceSpans[0].scopeSpans[0].spans[${k}]`;
    const got = ds.warnings.filter((w) => w.code !== 'MISSING_TIMESTAMP').map((w) => [w.code, w.where, w.traceId, w.spanId]);
    expect(got).toEqual([
      ['ZERO_TIMESTAMP', `${p(0)}.startTimeUnixNano`, TRACE, ids[0]],
      ['ZERO_TIMESTAMP', `${p(1)}.endTimeUnixNano`, TRACE, ids[1]],
      ['BAD_TIMESTAMP', `${p(2)}.startTimeUnixNano`, TRACE, ids[2]],
      ['BAD_TIMESTAMP', `${p(3)}.end_time_unix_nano`, TRACE, ids[3]],
      ['MISSING_NAME', `${p(4)}.name`, TRACE, ids[4]],
      ['MISSING_END', `${p(4)}.endTimeUnixNano`, TRACE, ids[4]],
      ['MISSING_NAME', `${p(5)}.name`, TRACE, ids[5]],
      ['BAD_TIMESTAMP', `${p(5)}.startTimeUnixNano`, TRACE, ids[5]],
    ]);
    expect(ds.warnings[3].message).toBe('resourceSpans[0].scopeSpans[0].spans[3].end_time_unix_nano: "9223372036854775808" is beyond 2^63-1 ns (the year 2262); end time unknown (shown without a duration)');
    // unknown starts are placed by the builder (and noted once each); unknown ends give no duration
    expect(ds.warnings.filter((w) => w.code === 'MISSING_TIMESTAMP').map((w) => w.spanId)).toEqual([ids[0], ids[2], ids[5]]);
    for (const k of [0, 2, 5]) expect(ds.flags[spanIndex(ds, ids[k])] & SpanFlag.NO_TIMESTAMP).toBeTruthy();
    for (const k of [1, 3, 4]) expect(ds.flags[spanIndex(ds, ids[k])] & SpanFlag.NO_DURATION).toBeTruthy();
    expect(badRecords(ds)).toEqual([]);
  });

  it('an event time of 0 is "unset": the event is placed at the span start', () => {
    const ds = loadDoc(request([span({ events: [{ timeUnixNano: '0', name: 'e' }] })]));
    expect(events(ds, 0)).toEqual([{ offsetNs: 0, name: 'e', attributes: [] }]);
    expect(badRecords(ds)).toEqual(['resourceSpans[0].scopeSpans[0].spans[0].events[0].timeUnixNano: "0" is proto3\'s "unset"; placed at the span start']);
  });

  it('readNanos rejects 0, values beyond 2^63-1 ns and fractions, like nanosInto', () => {
    const t = timeParts();
    for (const bad of ['0', '0000000000', '0000000000000000000', 0, '9223372036854775808', '09223372036854775808', 2 ** 63, 1e308, 1.5, -1, '-1']) expect(readNanos(bad, t), String(bad)).toBe(false);
    expect(readNanos('9223372036854775807', t)).toBe(true);
    expect([t.sec, t.nano]).toEqual([9223372036, 854775807]);
    expect(readNanos('0009223372036854775807', t)).toBe(true);
    expect(readNanos('1', t)).toBe(true);
    expect([t.sec, t.nano]).toEqual([0, 1]);
  });

  it('keeps resource and scope attributes; service.name is "" when absent', () => {
    const doc = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'host.name', value: { stringValue: 'h1' } }, { key: 'service.name', value: { stringValue: 'api' } }, { key: 'pid', value: { intValue: '12' } }] },
          scopeSpans: [{ scope: { name: 'sc', version: '3', attributes: [{ key: 'a', value: { boolValue: true } }] }, spans: [span()] }],
        },
        { resource: { attributes: [{ key: 'host.name', value: { stringValue: 'h2' } }] }, scopeSpans: [{ spans: [span({ spanId: CHILD })] }] },
      ],
    };
    const ds = loadDoc(doc);
    const r = ds.resources[ds.resource[spanIndex(ds, ROOT)]];
    expect(r).toEqual({ serviceName: 'api', attributes: [{ key: 'host.name', value: str('h1') }, { key: 'service.name', value: str('api') }, { key: 'pid', value: { type: 'int', value: 12 } }] });
    expect(ds.scopes[ds.scope[spanIndex(ds, ROOT)]]).toEqual({ name: 'sc', version: '3', attributes: [{ key: 'a', value: { type: 'bool', value: true } }] });
    const r2 = ds.resources[ds.resource[spanIndex(ds, CHILD)]];
    expect(r2.serviceName).toBe('');
    expect(ds.scopes[ds.scope[spanIndex(ds, CHILD)]]).toEqual({ name: '', version: '', attributes: [] });
  });

  it('reads a repeated resource or scope once, and tells apart look-alikes', () => {
    const rs = (attrs: unknown[], scope: unknown, spanId: string) => ({ resource: { attributes: attrs }, scopeSpans: [{ scope, spans: [span({ spanId })] }] });
    const a = [{ key: 'service.name', value: { stringValue: 'api' } }, { key: 'k1:', value: { stringValue: 'x' } }];
    const lookAlike = [{ key: 'service.name', value: { stringValue: 'api' } }, { key: 'k', value: { stringValue: '1:x' } }];
    const broken = [{ key: 'service.name', value: { stringValue: 'api' } }, { key: 'n', value: { intValue: 'x' } }];
    const ds = loadDoc({
      resourceSpans: [
        rs(a, { name: 's', version: '1' }, '0000000000000001'),
        rs(a, { name: 's', version: '1' }, '0000000000000002'),
        rs(lookAlike, { name: 's1', version: '' }, '0000000000000003'),
        rs(a, { name: 's', version: '1', attributes: [{ key: 'z', value: { intValue: 1 } }] }, '0000000000000004'),
        rs(broken, { name: 1 }, '0000000000000005'),
        rs(broken, { name: 1 }, '0000000000000006'),
      ],
    });
    expect(ds.spanCount).toBe(6);
    expect(ds.resource[0]).toBe(ds.resource[1]);
    expect(ds.scope[0]).toBe(ds.scope[1]);
    expect(ds.resource[2]).not.toBe(ds.resource[0]);
    expect(ds.resources[ds.resource[2]].attributes[1]).toEqual({ key: 'k', value: str('1:x') });
    expect(ds.scopes[ds.scope[2]]).toEqual({ name: 's1', version: '', attributes: [] });
    expect(ds.resource[3]).toBe(ds.resource[0]);
    expect(ds.scopes[ds.scope[3]].attributes).toEqual([{ key: 'z', value: { type: 'int', value: 1 } }]);
    expect(ds.resources[ds.resource[4]].attributes).toEqual([{ key: 'service.name', value: str('api') }]);
    // a resource or scope with problems is read (and reported) every time
    expect(badRecords(ds)).toEqual([
      'resourceSpans[4].resource.attributes[1].value.intValue: a string, not a 64-bit integer; skipped',
      "resourceSpans[4].scopeSpans[0].scope.name: a number, not a string; read as ''",
      'resourceSpans[5].resource.attributes[1].value.intValue: a string, not a 64-bit integer; skipped',
      "resourceSpans[5].scopeSpans[0].scope.name: a number, not a string; read as ''",
    ]);
  });

  it('imports the rich document without problems', () => {
    const ds = loadDoc(richDocument());
    expect(ds.spanCount).toBe(3);
    expect(badRecords(ds)).toEqual([]);
    const backend = spanIndex(ds, '0000000000000001');
    expect(serviceName(ds, backend)).toBe('backend');
    expect(ds.parent[backend]).toBe(spanIndex(ds, CHILD));
    expect(ds.scopes[ds.scope[backend]].name).toBe('old');
    expect(ds.statusMessage.get(spanIndex(ds, ROOT))).toBe('boom');
  });
});

// ---------------------------------------------------------------------------------------------

describe('otlpImporter on broken records', () => {
  it('skips a span with an invalid span id and names its exact path', () => {
    const good = (n: number) => span({ spanId: (n + 1).toString(16).padStart(16, '0') });
    const scopes = [0, 1, 2].map((s) => ({ scope: { name: `s${s}` }, spans: s === 2 ? [0, 1, 2, 3, 4, 5, 6].map((n) => (n === 5 ? span({ spanId: 'xyz' }) : good(10 * s + n))) : [good(10 * s)] }));
    const ds = loadText('bad.json', JSON.stringify({ resourceSpans: [{ resource: {}, scopeSpans: scopes }] })).ds;
    expect(ds.spanCount).toBe(8);
    const w = ds.warnings.filter((x) => x.code === 'BAD_RECORD');
    expect(w).toEqual([
      {
        code: 'BAD_RECORD',
        message: 'resourceSpans[0].scopeSpans[2].spans[5].spanId: not a hex id',
        where: 'bad.json: resourceSpans[0].scopeSpans[2].spans[5].spanId',
        traceId: undefined,
        spanId: undefined,
      },
    ]);
  });

  it('reports missing and malformed ids, and skips those spans', () => {
    const ds = loadDoc(
      request([
        span({ traceId: undefined }),
        span({ traceId: 'abc' }),
        span({ traceId: 12 }),
        span({ traceId: '' }),
        span({ spanId: undefined }),
        span({ spanId: TRACE }),
        span({ spanId: CHILD, parentSpanId: 'nope' }),
        'not a span',
        null,
      ]),
    );
    expect(ds.spanCount).toBe(1);
    expect(ds.parent[0]).toBe(-1);
    const p = 'resourceSpans[0].scopeSpans[0].spans';
    expect(badRecords(ds)).toEqual([
      `${p}[0].traceId: missing`,
      `${p}[1].traceId: not a hex id`,
      `${p}[2].traceId: a number, not a hex id`,
      `${p}[3].traceId: not a hex id`,
      `${p}[4].spanId: missing`,
      `${p}[5].spanId: not a hex id`,
      `${p}[6].parentSpanId: not a hex id; the span is shown as a root`,
      `${p}[7]: a string, not a span object; skipped`,
      `${p}[8]: null, not a span object; skipped`,
    ]);
  });

  it('reports fields of the wrong type and goes on with defaults', () => {
    const ds = loadDoc(
      request([
        span({
          name: 5,
          startTimeUnixNano: 'soon',
          endTimeUnixNano: -3,
          status: 'bad',
          traceState: [],
          attributes: [
            { key: 'ok', value: { stringValue: 'fine' } },
            { key: 1, value: { stringValue: 'x' } },
            { value: { stringValue: 'x' } },
            'junk',
            { key: 'i', value: { intValue: 'abc' } },
            { key: 'f', value: { intValue: 1.5 } },
            { key: 'v', value: 'plain' },
            { key: 'u', value: { mystery: 1 } },
            { key: 'n', value: { kvlistValue: { values: [{ key: 'deep', value: { intValue: 'no' } }, { key: 'ok', value: { boolValue: true } }] } } },
          ],
          events: [{ timeUnixNano: 'x', name: 3 }, 4],
          links: [{ traceId: TRACE, spanId: 'bad' }, { traceId: TRACE, spanId: CHILD }],
        }),
      ]),
    );
    expect(ds.spanCount).toBe(1);
    expect(spanName(ds, 0)).toBe('');
    expect(ds.flags[0] & SpanFlag.NO_TIMESTAMP).toBeTruthy();
    expect(attributes(ds, 0)).toEqual([
      { key: 'ok', value: str('fine') },
      { key: 'f', value: { type: 'double', value: 1.5 } },
      { key: 'n', value: { type: 'kvlist', value: [{ key: 'ok', value: { type: 'bool', value: true } }] } },
    ]);
    expect(events(ds, 0)).toEqual([{ offsetNs: 0, name: '', attributes: [] }]);
    expect(links(ds, 0)).toEqual([{ traceId: TRACE, spanId: CHILD, traceState: '', attributes: [] }]);
    const p = 'resourceSpans[0].scopeSpans[0].spans[0]';
    expect(badRecords(ds)).toEqual([
      `${p}.name: a number, not a string; read as ''`,
      `${p}.status: a string, not an object`,
      `${p}.traceState: an array, not a string; read as ''`,
      `${p}.attributes[1].key: a number, not a string; attribute skipped`,
      `${p}.attributes[2].key: missing; attribute skipped`,
      `${p}.attributes[3]: a string, not a {key, value} object; skipped`,
      `${p}.attributes[4].value.intValue: a string, not a 64-bit integer; skipped`,
      `${p}.attributes[5].value.intValue: 1.5 is not an integer; kept as a double`,
      `${p}.attributes[6].value: a string, not an AnyValue object; skipped`,
      `${p}.attributes[7].value: no known AnyValue field (stringValue, intValue, ...); skipped`,
      `${p}.attributes[8].value.kvlistValue.values[0].value.intValue: a string, not a 64-bit integer; skipped`,
      `${p}.events[0].timeUnixNano: "x" is not a nanosecond timestamp; placed at the span start`,
      `${p}.events[0].name: a number, not a string; read as ''`,
      `${p}.events[1]: a number, not an event object; skipped`,
      `${p}.links[0].spanId: not a hex id`,
    ]);
    // bad span times have their own code, with the span's ids
    expect(ds.warnings.filter((w) => w.code === 'BAD_TIMESTAMP').map((w) => [w.message, w.where, w.spanId])).toEqual([
      [`${p}.startTimeUnixNano: "soon" is not a nanosecond timestamp; start time unknown (placed from related spans)`, `t.json: ${p}.startTimeUnixNano`, ROOT],
      [`${p}.endTimeUnixNano: -3 is negative; end time unknown (shown without a duration)`, `t.json: ${p}.endTimeUnixNano`, ROOT],
    ]);
  });

  it('reports broken containers', () => {
    const ds = loadDoc({
      resourceSpans: [
        5,
        { resource: 'r', scopeSpans: 'x' },
        { resource: { attributes: 'no' }, scopeSpans: [7, { scope: [], spans: {} }, { spans: [span()] }] },
      ],
    });
    expect(ds.spanCount).toBe(1);
    expect(badRecords(ds)).toEqual([
      'resourceSpans[0]: a number, not a ResourceSpans object; skipped',
      'resourceSpans[1].resource: a string, not an object',
      'resourceSpans[1].scopeSpans: a string, not an array',
      'resourceSpans[2].resource.attributes: a string, not an array',
      'resourceSpans[2].scopeSpans[0]: a number, not a ScopeSpans object; skipped',
      'resourceSpans[2].scopeSpans[1].scope: an array, not an object',
      'resourceSpans[2].scopeSpans[1].spans: an object, not an array',
    ]);
  });

  it('prefixes problems in JSON lines with the line number', () => {
    const text = [JSON.stringify(request([span()])), JSON.stringify(request([span({ spanId: CHILD, name: false })]))].join('\n');
    const { ds, format } = loadText('x.jsonl', text);
    expect(format).toBe('otlp-jsonl');
    expect(ds.spanCount).toBe(2);
    expect(badRecords(ds)).toEqual(["line 2: resourceSpans[0].scopeSpans[0].spans[0].name: a boolean, not a string; read as ''"]);
  });

  it('cuts hostile nesting of attribute values without overflowing the stack', () => {
    const depth = 5000;
    const value = '{"arrayValue":{"values":['.repeat(depth) + '{"stringValue":"bottom"}' + ']}}'.repeat(depth);
    const kv = '{"kvlistValue":{"values":[{"key":"k","value":'.repeat(depth) + '{"intValue":"1"}' + '}]}}'.repeat(depth);
    const doc = `{"resourceSpans":[{"resource":{"attributes":[{"key":"r","value":${kv}}]},"scopeSpans":[{"spans":[{"traceId":"${TRACE}","spanId":"${ROOT}","startTimeUnixNano":"1","attributes":[{"key":"deep","value":${value}},{"key":"after","value":{"stringValue":"ok"}}]}]}]}]}`;
    const { ds } = loadText('deep.json', doc);
    expect(ds.spanCount).toBe(1);
    expect(attribute(ds, 0, 'after')).toEqual(str('ok'));
    let v = attribute(ds, 0, 'deep');
    let levels = 0;
    while (v?.type === 'array') {
      v = v.value[0];
      levels++;
    }
    expect(levels).toBe(64);
    expect(v).toEqual({ type: 'empty', value: null });
    const msgs = badRecords(ds);
    expect(msgs).toHaveLength(2);
    expect(msgs[0]).toMatch(/^resourceSpans\[0\]\.resource\.attributes\[0\]\.value(\.kvlistValue\.values\[0\]\.value){64}\.kvlistValue: nested deeper than 64 levels; replaced by an empty value$/);
    expect(msgs[1]).toMatch(/^resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.attributes\[0\]\.value(\.arrayValue\.values\[0\]){64}\.arrayValue: nested deeper than 64 levels/);
  });

  it('cuts hostile nesting of document arrays', () => {
    const doc = '['.repeat(3000) + JSON.stringify(request([span()])) + ']'.repeat(3000);
    expect(() => otlpImporter.misfit(JSON.parse(doc))).not.toThrow();
    const b = new DatasetBuilder();
    otlpImporter.importJson(JSON.parse(doc), { builder: b, fileName: 'x', problem: () => undefined, warn: () => undefined });
    expect(b.finish().spanCount).toBe(0);
  });

  it('treats __proto__ keys as plain data and never touches Object.prototype', () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const text = `{"resourceSpans":[{"__proto__":{"polluted":true},"resource":{"attributes":[{"key":"__proto__","value":{"stringValue":"r"}},{"key":"service.name","value":{"stringValue":"svc"}}]},
      "scopeSpans":[{"scope":{"name":"s","__proto__":{"x":1}},"spans":[
        {"__proto__":{"spanId":"${CHILD}","polluted":1},"traceId":"${TRACE}","spanId":"${ROOT}","name":"n","startTimeUnixNano":"1",
         "attributes":[{"key":"__proto__","value":{"stringValue":"evil"}},
                       {"key":"constructor","value":{"kvlistValue":{"values":[{"key":"__proto__","value":{"boolValue":true}},{"key":"prototype","value":{"intValue":"1"}}]}}},
                       {"key":"v","value":{"__proto__":{"stringValue":"hidden"}}}]},
        {"traceId":"${TRACE}","__proto__":{"spanId":"${CHILD}"},"name":"no own id"}]}]}]}`;
    const { ds } = loadText('proto.json', text);
    expect(ds.spanCount).toBe(1);
    expect(spanName(ds, 0)).toBe('n');
    expect(ds.spanId[0]).toBe(ROOT);
    expect(attributes(ds, 0)).toEqual([
      { key: '__proto__', value: str('evil') },
      { key: 'constructor', value: { type: 'kvlist', value: [{ key: '__proto__', value: { type: 'bool', value: true } }, { key: 'prototype', value: { type: 'int', value: 1 } }] } },
    ]);
    expect(ds.resources[ds.resource[0]].attributes[0]).toEqual({ key: '__proto__', value: str('r') });
    expect(badRecords(ds)).toEqual([
      'resourceSpans[0].scopeSpans[0].spans[0].attributes[2].value: no known AnyValue field (stringValue, intValue, ...); skipped',
      'resourceSpans[0].scopeSpans[0].spans[1].spanId: missing',
    ]);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads only own properties even when Object.prototype is polluted', () => {
    const proto = Object.prototype as Record<string, unknown>;
    try {
      proto.spanId = CHILD;
      proto.stringValue = 'polluted';
      proto.resourceSpans = [];
      const ds = loadDoc(request([span({ spanId: undefined }), span({ attributes: [{ key: 'k', value: { intValue: '3' } }] })]));
      expect(ds.spanCount).toBe(1);
      expect(attributes(ds, 0)).toEqual([{ key: 'k', value: { type: 'int', value: 3 } }]);
      expect(badRecords(ds)).toEqual(['resourceSpans[0].scopeSpans[0].spans[0].spanId: missing']);
      expect(otlpImporter.misfit({ result: {} })).toBe('no resourceSpans/batches found');
    } finally {
      delete proto.spanId;
      delete proto.stringValue;
      delete proto.resourceSpans;
    }
  });
});

// ---------------------------------------------------------------------------------------------

/** Every container position in a JSON value: [parent, key] pairs. */
function positions(root: unknown): [Record<string, unknown> | unknown[], string | number][] {
  const out: [Record<string, unknown> | unknown[], string | number][] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      v.forEach((e, i) => {
        out.push([v, i]);
        stack.push(e);
      });
    } else if (v !== null && typeof v === 'object') {
      for (const k of Object.keys(v)) {
        out.push([v as Record<string, unknown>, k]);
        stack.push((v as Record<string, unknown>)[k]);
      }
    }
  }
  return out;
}

const interesting = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom<unknown>('', '0', '-1', 'NaN', 'Infinity', '1e400', '__proto__', '9'.repeat(30), '00000000000000000000000000000000', 'AAAAAAAAAAAAAAAAAAAAAA==', 'SPAN_KIND_SERVER', 'STATUS_CODE_ERROR', {}, [], null, true, -1, 2 ** 64, 1.5, { values: null }, { arrayValue: {} }, { kvlistValue: { values: [{}] } }),
);

const mutation = fc.record({ at: fc.nat(), op: fc.constantFrom('replace', 'delete', 'duplicate'), value: interesting });

/** The snake_case name of a camelCase key and the other way round ('spanId' <-> 'span_id'). */
const twin = (k: string): string => (/[A-Z]/.test(k) ? k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) : k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()));

/** Applies mutations to `doc` in place (inserted values are copies: fast-check reuses its values). */
function mutate(doc: unknown, muts: readonly { at: number; op: string; value: unknown }[]): unknown {
  const root = { doc };
  for (const m of muts) {
    const ps = positions(root);
    if (ps.length === 0) break;
    const [parent, key] = ps[m.at % ps.length];
    if (Array.isArray(parent)) {
      const i = key as number;
      if (m.op === 'delete') parent.splice(i, 1);
      else if (m.op === 'duplicate') parent.splice(i, 0, structuredClone(parent[i]));
      else parent[i] = structuredClone(m.value);
    } else {
      if (m.op === 'delete') delete parent[key];
      else if (m.op === 'duplicate') parent[twin(`${key}`)] = structuredClone(parent[key]);
      else parent[key] = structuredClone(m.value);
    }
  }
  return root.doc;
}

function importBoth(doc: unknown): void {
  const b = new DatasetBuilder();
  otlpImporter.misfit(doc);
  importText(b, 'fuzz.json', JSON.stringify(doc) ?? 'null');
  b.beginFile('fuzz-direct', 'otlp', 0);
  otlpImporter.importJson(doc, { builder: b, fileName: 'fuzz-direct', problem: (path, message) => b.warn('BAD_RECORD', `${path}: ${message}`, path), warn: (code, path, message, traceId, spanId) => b.warn(code, `${path}: ${message}`, path, traceId, spanId) });
  const ds = b.finish();
  const internal = ds.warnings.filter((w) => w.message.includes('internal error'));
  if (internal.length > 0) throw new Error(internal[0].message);
}

describe('otlpImporter properties', () => {
  it('property: random JSON values never make it throw', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        importBoth(v);
        importBoth({ resourceSpans: [v] });
        importBoth(request([v]));
      }),
      { seed: 42, numRuns: FUZZ_RUNS },
    );
  });

  it('property: random mutations of a valid document never make it throw', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (muts) => {
        importBoth(mutate(richDocument(), muts));
        importBoth(mutate([{ result: richDocument() }, { batches: (richDocument() as { resourceSpans: unknown[] }).resourceSpans }], muts));
      }),
      { seed: 42, numRuns: FUZZ_RUNS },
    );
  });

  it('property: valid spans with random ids, kinds and times import exactly', () => {
    const hex = (n: number) => fc.array(fc.integer({ min: 0, max: 15 }), { minLength: n, maxLength: n }).map((ds) => ds.map((d) => d.toString(16)).join(''));
    fc.assert(
      fc.property(hex(32), hex(16), fc.integer({ min: 0, max: 5 }), fc.bigInt({ min: 1n, max: 2n ** 63n - 1n - 2n ** 40n }), fc.bigInt({ min: 0n, max: 2n ** 40n }), fc.boolean(), (t, s, kind, start, dur, upper) => {
        const traceId = upper ? t.toUpperCase() : t;
        const ds = loadDoc(request([span({ traceId, spanId: s, kind, startTimeUnixNano: `${start}`, endTimeUnixNano: `${start + dur}` })]));
        expect(ds.spanCount).toBe(1);
        expect(ds.traces[0].id).toBe(t);
        expect(ds.spanId[0]).toBe(s);
        expect(ds.kind[0]).toBe(kind);
        expect(ds.traces[0].epochNs).toBe(start);
        expect(ds.duration[0]).toBe(Number(dur));
      }),
      { seed: 42, numRuns: FUZZ_RUNS },
    );
  });
});
