/**
 * Real-client test: spans made by the OpenTelemetry JS SDK in a small three-service program
 * (shop.ts), serialized in this run by the SDK's own OTLP/JSON serializer and by its Zipkin
 * exporter (serialize.ts), then loaded back through importText. No trace file here is written by
 * hand; the expectations below are what the program does, checked against the SDK's own spans.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SpanKind as OtelKind, SpanStatusCode } from '@opentelemetry/api';
import type { HrTime } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { DatasetBuilder } from '../../core/model/builder.ts';
import { importText } from '../../core/formats/index.ts';
import type { ImportOutcome } from '../../core/formats/index.ts';
import { attribute, attributeText, events, kindName, links, serviceName, spanName, statusName, traceIdOf } from '../../core/model/access.ts';
import { summarize } from '../../core/model/summary.ts';
import type { Dataset, SpanKindName } from '../../core/model/types.ts';
import { PRINTER_ERROR, SERVICES, TOPIC, runShop } from './shop.ts';
import type { ShopRun } from './shop.ts';
import { toOtlpJson, toZipkinBodies } from './serialize.ts';

/** What the program makes: span name -> service, kind, parent span name (null for a trace root), trace. */
const EXPECTED: readonly { name: string; service: string; kind: SpanKindName; parent: string | null; trace: 'request' | 'consumer' }[] = [
  { name: 'checkout order', service: 'checkout', kind: 'INTERNAL', parent: null, trace: 'request' },
  { name: 'POST', service: 'checkout', kind: 'CLIENT', parent: 'checkout order', trace: 'request' },
  { name: 'POST /payments', service: 'payment', kind: 'SERVER', parent: 'POST', trace: 'request' },
  { name: 'INSERT payments', service: 'payment', kind: 'CLIENT', parent: 'POST /payments', trace: 'request' },
  { name: `send ${TOPIC}`, service: 'checkout', kind: 'PRODUCER', parent: 'checkout order', trace: 'request' },
  { name: `process ${TOPIC}`, service: 'shipping', kind: 'CONSUMER', parent: null, trace: 'consumer' },
  { name: 'print label', service: 'shipping', kind: 'INTERNAL', parent: `process ${TOPIC}`, trace: 'consumer' },
];

const KINDS: Record<SpanKindName, number> = { UNSPECIFIED: 0, INTERNAL: 2, SERVER: 1, CLIENT: 2, PRODUCER: 1, CONSUMER: 1 };

interface Loaded {
  outcomes: ImportOutcome[];
  ds: Dataset;
}

function load(files: [name: string, text: string][]): Loaded {
  const b = new DatasetBuilder();
  const outcomes = files.map(([name, text]) => importText(b, name, text));
  return { outcomes, ds: b.finish() };
}

let run: ShopRun;
let otlpText: string;
let zipkinFiles: [string, string][];
let otlp: Loaded;
let zipkin: Loaded;

beforeAll(async () => {
  run = await runShop();
  otlpText = toOtlpJson(run.spans);
  zipkinFiles = (await toZipkinBodies(run.spans)).map(({ service, body }) => [`${service}.zipkin.json`, body]);
  otlp = load([['shop.otlp.json', otlpText]]);
  zipkin = load(zipkinFiles);
});

/** The SDK span with this name (names are unique in the program). */
function sdk(name: string): ReadableSpan {
  const found = run.spans.filter((s) => s.name === name);
  expect(found, `SDK spans named ${name}`).toHaveLength(1);
  return found[0];
}

/** The dataset span with the SDK span's id (ids are unique: no Zipkin shared spans here). */
function idx(ds: Dataset, s: ReadableSpan): number {
  const id = s.spanContext().spanId;
  const found = ds.spanId.flatMap((x, i) => (x === id ? [i] : []));
  expect(found, `spans with id ${id} (${s.name})`).toHaveLength(1);
  return found[0];
}

function ns(t: HrTime): bigint {
  return BigInt(t[0]) * 1_000_000_000n + BigInt(t[1]);
}

/** Exact Unix nanoseconds of span i's start. */
function startNs(ds: Dataset, i: number): bigint {
  return ds.traces[ds.trace[i]].epochNs + BigInt(ds.start[i]);
}

function traceOf(e: (typeof EXPECTED)[number]): string {
  return sdk(e.trace === 'request' ? 'checkout order' : `process ${TOPIC}`).spanContext().traceId;
}

describe('the shop program (OpenTelemetry JS SDK)', () => {
  it('made seven spans in two traces, with propagated parents and a link from the consumer to the producer', () => {
    expect(run.spans).toHaveLength(EXPECTED.length);
    const otelKind: Record<SpanKindName, OtelKind | undefined> = { UNSPECIFIED: undefined, INTERNAL: OtelKind.INTERNAL, SERVER: OtelKind.SERVER, CLIENT: OtelKind.CLIENT, PRODUCER: OtelKind.PRODUCER, CONSUMER: OtelKind.CONSUMER };
    for (const e of EXPECTED) {
      const s = sdk(e.name);
      expect(s.resource.attributes['service.name'], e.name).toBe(e.service);
      expect(s.kind, e.name).toBe(otelKind[e.kind]);
      expect(s.parentSpanContext?.spanId, e.name).toBe(e.parent === null ? undefined : sdk(e.parent).spanContext().spanId);
    }
    expect(new Set(run.spans.map((s) => s.spanContext().traceId)).size).toBe(2);
    // The server's parent came over the wire (traceparent header), so the SDK marks it remote.
    expect(sdk('POST /payments').parentSpanContext?.isRemote).toBe(true);
    const producer = sdk(`send ${TOPIC}`).spanContext();
    const consumer = sdk(`process ${TOPIC}`);
    expect(consumer.spanContext().traceId).not.toBe(producer.traceId);
    expect(consumer.links.map((l) => [l.context.traceId, l.context.spanId])).toEqual([[producer.traceId, producer.spanId]]);
    expect(sdk('print label').status).toEqual({ code: SpanStatusCode.ERROR, message: PRINTER_ERROR });
    expect(sdk('POST').attributes['server.port']).toBe(run.port);
  });
});

describe('OTLP/JSON from the SDK serializer (JsonTraceSerializer)', () => {
  it('is detected and loads every span without a warning', () => {
    expect(JSON.parse(otlpText)).toHaveProperty('resourceSpans');
    expect(otlp.outcomes).toEqual([{ format: 'otlp', spans: 7 }]);
    expect(otlp.ds.errors).toEqual([]);
    expect(otlp.ds.warnings).toEqual([]);
  });

  it('has the right counts, services and kinds', () => {
    const s = summarize(otlp.ds);
    expect(s.spans).toBe(7);
    expect(s.traces).toBe(2);
    expect(s.services).toEqual([...SERVICES]);
    expect(s.kinds).toEqual(KINDS);
  });

  it('keeps each span’s ids, name, service, kind, parent and trace', () => {
    const ds = otlp.ds;
    for (const e of EXPECTED) {
      const i = idx(ds, sdk(e.name));
      expect(spanName(ds, i)).toBe(e.name);
      expect(serviceName(ds, i), e.name).toBe(e.service);
      expect(kindName(ds, i), e.name).toBe(e.kind);
      expect(traceIdOf(ds, i), e.name).toBe(traceOf(e));
      expect(ds.parent[i], e.name).toBe(e.parent === null ? -1 : idx(ds, sdk(e.parent)));
      expect(ds.scopes[ds.scope[i]], e.name).toEqual({ name: `shop-${e.service}`, version: '1.0.0', attributes: [] });
    }
    const server = idx(ds, sdk('POST /payments'));
    expect(ds.parent[server]).toBe(idx(ds, sdk('POST')));
    expect(kindName(ds, ds.parent[server])).toBe('CLIENT');
    expect(serviceName(ds, ds.parent[server])).toBe('checkout');
    expect(ds.depth[idx(ds, sdk('INSERT payments'))]).toBe(3);
  });

  it('has the request trace and the consumer’s own trace, each with one root', () => {
    const ds = otlp.ds;
    const byId = new Map(ds.traces.map((t) => [t.id, t]));
    const request = byId.get(sdk('checkout order').spanContext().traceId);
    const consumer = byId.get(sdk(`process ${TOPIC}`).spanContext().traceId);
    expect(request?.order).toHaveLength(5);
    expect(request?.roots).toEqual([idx(ds, sdk('checkout order'))]);
    expect(consumer?.order).toHaveLength(2);
    expect(consumer?.roots).toEqual([idx(ds, sdk(`process ${TOPIC}`))]);
  });

  it('keeps the consumer’s link to the producer span in the other trace', () => {
    const ds = otlp.ds;
    const producer = sdk(`send ${TOPIC}`).spanContext();
    const c = idx(ds, sdk(`process ${TOPIC}`));
    expect(links(ds, c)).toEqual([{ traceId: producer.traceId, spanId: producer.spanId, traceState: '', attributes: [] }]);
    const target = idx(ds, sdk(`send ${TOPIC}`));
    expect(kindName(ds, target)).toBe('PRODUCER');
    expect(ds.trace[target]).not.toBe(ds.trace[c]);
    for (const e of EXPECTED) if (e.kind !== 'CONSUMER') expect(links(ds, idx(ds, sdk(e.name))), e.name).toEqual([]);
  });

  it('keeps the error status, its message and the exception event', () => {
    const ds = otlp.ds;
    const label = sdk('print label');
    const i = idx(ds, label);
    expect(statusName(ds, i)).toBe('ERROR');
    expect(ds.statusMessage.get(i)).toBe(PRINTER_ERROR);
    const ev = events(ds, i);
    expect(ev.map((e) => e.name)).toEqual(['exception']);
    expect(ev[0].offsetNs).toBe(Number(ns(label.events[0].time) - ns(label.startTime)));
    expect(ev[0].attributes.find((a) => a.key === 'exception.message')?.value).toEqual({ type: 'string', value: PRINTER_ERROR });
    expect(ev[0].attributes.find((a) => a.key === 'exception.type')?.value).toEqual({ type: 'string', value: 'Error' });
    for (const e of EXPECTED) if (e.name !== 'print label') expect(statusName(ds, idx(ds, sdk(e.name))), e.name).toBe('UNSET');
  });

  it('keeps typed attributes (HTTP, database, messaging) and resource attributes', () => {
    const ds = otlp.ds;
    const client = idx(ds, sdk('POST'));
    const server = idx(ds, sdk('POST /payments'));
    const db = idx(ds, sdk('INSERT payments'));
    expect(attribute(ds, client, 'http.response.status_code')).toEqual({ type: 'int', value: 201 });
    expect(attribute(ds, server, 'http.response.status_code')).toEqual({ type: 'int', value: 201 });
    expect(attribute(ds, client, 'server.port')).toEqual({ type: 'int', value: run.port });
    expect(attributeText(ds, client, 'url.full')).toBe(`http://127.0.0.1:${run.port}/payments`);
    expect(attributeText(ds, server, 'http.route')).toBe('/payments');
    expect(attributeText(ds, db, 'db.system.name')).toBe('postgresql');
    expect(attributeText(ds, db, 'db.namespace')).toBe('shop');
    for (const name of [`send ${TOPIC}`, `process ${TOPIC}`]) {
      const i = idx(ds, sdk(name));
      expect(attributeText(ds, i, 'messaging.system'), name).toBe('kafka');
      expect(attributeText(ds, i, 'messaging.destination.name'), name).toBe(TOPIC);
    }
    expect(attributeText(ds, idx(ds, sdk(`send ${TOPIC}`)), 'messaging.operation.type')).toBe('send');
    expect(attributeText(ds, idx(ds, sdk(`process ${TOPIC}`)), 'messaging.operation.type')).toBe('process');
    const res = ds.resources[ds.resource[db]];
    expect(res.serviceName).toBe('payment');
    expect(res.attributes).toEqual([
      { key: 'service.name', value: { type: 'string', value: 'payment' } },
      { key: 'service.version', value: { type: 'string', value: '1.0.0' } },
    ]);
  });

  it('keeps the SDK’s timestamps to the nanosecond', () => {
    const ds = otlp.ds;
    for (const s of run.spans) {
      const i = idx(ds, s);
      expect(startNs(ds, i), s.name).toBe(ns(s.startTime));
      expect(ds.duration[i], s.name).toBe(Number(ns(s.endTime) - ns(s.startTime)));
    }
    for (const t of ds.traces) {
      const starts = run.spans.filter((s) => s.spanContext().traceId === t.id).map((s) => ns(s.startTime));
      const ends = run.spans.filter((s) => s.spanContext().traceId === t.id).map((s) => ns(s.endTime));
      const epoch = starts.reduce((a, b) => (b < a ? b : a));
      expect(t.epochNs, t.id).toBe(epoch);
      expect(t.durationNs, t.id).toBe(Number(ends.reduce((a, b) => (b > a ? b : a)) - epoch));
    }
  });
});

describe('Zipkin v2 JSON from the SDK’s Zipkin exporter (one POST body per service)', () => {
  /** Zipkin carries microseconds (the exporter does not even round the start): compare to within 1 µs. */
  const MICRO = 1000;

  it('is detected in each file and loads every span without a warning', () => {
    expect(zipkinFiles.map(([name]) => name)).toEqual(SERVICES.map((s) => `${s}.zipkin.json`));
    for (const [, body] of zipkinFiles) expect(Array.isArray(JSON.parse(body))).toBe(true);
    expect(zipkin.outcomes).toEqual([
      { format: 'zipkin', spans: 3 },
      { format: 'zipkin', spans: 2 },
      { format: 'zipkin', spans: 2 },
    ]);
    expect(zipkin.ds.errors).toEqual([]);
    expect(zipkin.ds.warnings).toEqual([]);
  });

  it('has the right counts and services; INTERNAL spans come back UNSPECIFIED', () => {
    // Zipkin v2 has no INTERNAL kind: the exporter leaves `kind` out for INTERNAL spans, and an
    // absent kind reads as UNSPECIFIED (as the collector's Zipkin receiver reads it).
    const s = summarize(zipkin.ds);
    expect(s.spans).toBe(7);
    expect(s.traces).toBe(2);
    expect(s.services).toEqual([...SERVICES]);
    expect(s.kinds).toEqual({ ...KINDS, INTERNAL: 0, UNSPECIFIED: KINDS.INTERNAL });
  });

  it('keeps ids, names, services, kinds, traces and parents, across the three files', () => {
    const ds = zipkin.ds;
    for (const e of EXPECTED) {
      const i = idx(ds, sdk(e.name));
      expect(spanName(ds, i)).toBe(e.name);
      expect(serviceName(ds, i), e.name).toBe(e.service);
      expect(kindName(ds, i), e.name).toBe(e.kind === 'INTERNAL' ? 'UNSPECIFIED' : e.kind);
      expect(traceIdOf(ds, i), e.name).toBe(traceOf(e));
      expect(ds.parent[i], e.name).toBe(e.parent === null ? -1 : idx(ds, sdk(e.parent)));
      expect(ds.files[ds.file[i]].name, e.name).toBe(`${e.service}.zipkin.json`);
    }
    // The payment SERVER span (payment's file) hangs under checkout's CLIENT span (checkout's file).
    const server = idx(ds, sdk('POST /payments'));
    expect(kindName(ds, ds.parent[server])).toBe('CLIENT');
    expect(serviceName(ds, ds.parent[server])).toBe('checkout');
    expect(ds.depth[idx(ds, sdk('INSERT payments'))]).toBe(3);
  });

  it('has no links: Zipkin v2 cannot carry the consumer’s link, so its trace stands alone', () => {
    const ds = zipkin.ds;
    for (let i = 0; i < ds.spanCount; i++) expect(links(ds, i), spanName(ds, i)).toEqual([]);
    const c = idx(ds, sdk(`process ${TOPIC}`));
    expect(ds.parent[c]).toBe(-1);
    expect(ds.traces[ds.trace[c]].order).toHaveLength(2);
  });

  it('reads the error status from the exporter’s tags and the exception annotation as an event', () => {
    const ds = zipkin.ds;
    const label = sdk('print label');
    const i = idx(ds, label);
    expect(statusName(ds, i)).toBe('ERROR');
    expect(ds.statusMessage.get(i)).toBe(PRINTER_ERROR);
    const ev = events(ds, i);
    expect(ev.map((e) => e.name)).toEqual(['exception']);
    expect(Math.abs(ev[0].offsetNs - Number(ns(label.events[0].time) - ns(label.startTime)))).toBeLessThan(MICRO);
    for (const e of EXPECTED) if (e.name !== 'print label') expect(statusName(ds, idx(ds, sdk(e.name))), e.name).toBe('UNSET');
  });

  it('keeps the attributes, as the strings Zipkin tags are', () => {
    const ds = zipkin.ds;
    expect(attribute(ds, idx(ds, sdk('POST')), 'http.response.status_code')).toEqual({ type: 'string', value: '201' });
    expect(attributeText(ds, idx(ds, sdk('POST')), 'server.port')).toBe(String(run.port));
    const db = idx(ds, sdk('INSERT payments'));
    expect(attributeText(ds, db, 'db.system.name')).toBe('postgresql');
    expect(attributeText(ds, db, 'db.namespace')).toBe('shop');
    for (const name of [`send ${TOPIC}`, `process ${TOPIC}`]) {
      const i = idx(ds, sdk(name));
      expect(attributeText(ds, i, 'messaging.system'), name).toBe('kafka');
      expect(attributeText(ds, i, 'messaging.destination.name'), name).toBe(TOPIC);
    }
  });

  it('keeps the SDK’s timestamps to the microsecond', () => {
    const ds = zipkin.ds;
    for (const s of run.spans) {
      const i = idx(ds, s);
      expect(Math.abs(Number(startNs(ds, i) - ns(s.startTime))), s.name).toBeLessThan(MICRO);
      expect(Math.abs(ds.duration[i] - Number(ns(s.endTime) - ns(s.startTime))), s.name).toBeLessThan(MICRO);
    }
  });
});
