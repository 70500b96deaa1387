/**
 * Seeded synthetic traces for tests and the benchmark.
 *
 * One deterministic generator (mulberry32, no Math.random) produces realistic traces: an online
 * shop of ten services with SERVER/CLIENT pairs across services, database CLIENT spans
 * (db.system / db.namespace), Kafka PRODUCER/CONSUMER hand-offs (the consumer either continues the
 * trace or starts a new trace with a span link to the producer), INTERNAL spans, a few errors with
 * exception events, other events, about five attributes per span, several instances per service.
 *
 * The SAME spans are written as OTLP/JSON, OTLP JSON lines, Jaeger JSON (`{data:[...]}`, processes
 * after spans as the Jaeger query service writes them) and Zipkin v2 JSON. Times are whole
 * microseconds (Jaeger and Zipkin cannot say more), written as nanosecond strings in OTLP.
 *
 * Text is produced incrementally (`synthChunks`): at a million spans the OTLP text is close to V8's
 * maximum string length, so callers stream the chunks to a file instead of joining them.
 */
import { SpanKind } from '../model/types.ts';

export type SynthFormat = 'otlp' | 'otlp-jsonl' | 'jaeger' | 'zipkin';
export const SYNTH_FORMATS: readonly SynthFormat[] = ['otlp', 'otlp-jsonl', 'jaeger', 'zipkin'];

export interface SynthOptions {
  /** Exact number of spans to produce. */
  spans: number;
  /** PRNG seed (default 1). */
  seed?: number;
  /** OTLP: spans per export batch (one resourceSpans per service instance and batch; default 512). */
  batchSpans?: number;
}

export interface SynthAttr {
  readonly key: string;
  readonly type: 'string' | 'int' | 'double' | 'bool';
  readonly value: string | number | boolean;
}

export interface SynthEvent {
  readonly timeUs: number;
  readonly name: string;
  readonly attributes: readonly SynthAttr[];
}

export interface SynthLink {
  readonly traceId: string;
  readonly spanId: string;
  readonly attributes: readonly SynthAttr[];
}

export interface SynthSpan {
  traceId: string;
  spanId: string;
  /** '' for a root. */
  parentId: string;
  name: string;
  kind: SpanKind;
  /** Index into SYNTH_INSTANCES. */
  instance: number;
  /** Index into SYNTH_SCOPES. */
  scope: number;
  /** Whole microseconds since 1970. */
  startUs: number;
  durationUs: number;
  status: 0 | 1 | 2;
  statusMessage: string;
  attributes: SynthAttr[];
  events: SynthEvent[];
  links: SynthLink[];
  /** Zipkin remoteEndpoint.serviceName (peer service, database or broker), or ''. */
  remote: string;
}

export interface SynthTrace {
  readonly traceId: string;
  readonly spans: readonly SynthSpan[];
}

/** A small fast PRNG (public domain, Tommy Ettinger). Returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// The simulated system

interface ServiceDef {
  readonly name: string;
  readonly lang: string;
  readonly routes: readonly string[];
  readonly calls: readonly string[];
  readonly db?: { readonly system: string; readonly namespace: string; readonly host: string; readonly ops: readonly string[]; readonly tables: readonly string[] };
  readonly produces?: string;
  readonly consumes?: string;
  readonly internals: readonly string[];
}

const SERVICES: readonly ServiceDef[] = [
  { name: 'frontend', lang: 'nodejs', routes: ['GET /', 'GET /product/{id}', 'POST /cart', 'POST /checkout', 'GET /cart'], calls: ['api-gateway'], internals: ['render page', 'session.load'] },
  { name: 'api-gateway', lang: 'go', routes: ['GET /api/products', 'GET /api/products/{id}', 'POST /api/cart', 'POST /api/orders', 'GET /api/cart'], calls: ['catalog', 'cart', 'checkout', 'recommendation'], internals: ['auth.verify', 'rate-limit'] },
  { name: 'catalog', lang: 'java', routes: ['GET /products', 'GET /products/{id}'], calls: [], db: { system: 'postgresql', namespace: 'catalog', host: 'catalog-db', ops: ['SELECT'], tables: ['products', 'prices', 'stock'] }, internals: ['ProductMapper.map', 'cache.lookup'] },
  { name: 'cart', lang: 'dotnet', routes: ['GET /cart/{user}', 'POST /cart/{user}/items'], calls: [], db: { system: 'redis', namespace: '0', host: 'cart-redis', ops: ['GET', 'HSET', 'HGETALL', 'EXPIRE'], tables: ['cart'] }, internals: ['CartService.Merge'] },
  { name: 'checkout', lang: 'go', routes: ['POST /orders', 'GET /orders/{id}'], calls: ['payment', 'cart', 'shipping', 'catalog'], db: { system: 'postgresql', namespace: 'orders', host: 'orders-db', ops: ['INSERT', 'SELECT', 'UPDATE'], tables: ['orders', 'order_items'] }, produces: 'orders', internals: ['order.validate', 'tax.compute'] },
  { name: 'payment', lang: 'java', routes: ['POST /charge', 'POST /refund'], calls: [], db: { system: 'mysql', namespace: 'payments', host: 'payments-db', ops: ['INSERT', 'SELECT'], tables: ['charges', 'cards'] }, internals: ['FraudCheck.score', 'Tokenizer.tokenize'] },
  { name: 'shipping', lang: 'python', routes: ['POST /quote', 'POST /shipments'], calls: [], db: { system: 'mongodb', namespace: 'shipping', host: 'shipping-mongo', ops: ['find', 'insert', 'update'], tables: ['shipments', 'rates'] }, internals: ['quote.compute'] },
  { name: 'recommendation', lang: 'python', routes: ['GET /recommendations'], calls: ['catalog'], internals: ['model.predict', 'features.load'] },
  { name: 'email', lang: 'ruby', routes: [], calls: [], consumes: 'orders', internals: ['template.render', 'smtp.send'] },
  { name: 'fulfillment', lang: 'java', routes: [], calls: ['shipping'], db: { system: 'postgresql', namespace: 'warehouse', host: 'warehouse-db', ops: ['UPDATE', 'SELECT'], tables: ['picks', 'stock'] }, consumes: 'orders', internals: ['PickList.build'] },
];
const SERVICE_INDEX = new Map(SERVICES.map((s, i) => [s.name, i]));
const INSTANCES_PER_SERVICE = 3;

export interface SynthInstance {
  readonly service: string;
  readonly ipv4: string;
  readonly attributes: readonly SynthAttr[];
}

/** Service instances (resources): INSTANCES_PER_SERVICE per service, in service order. */
export const SYNTH_INSTANCES: readonly SynthInstance[] = SERVICES.flatMap((s, si) =>
  Array.from({ length: INSTANCES_PER_SERVICE }, (_, k) => ({
    service: s.name,
    ipv4: `10.0.${si}.${k + 10}`,
    attributes: [
      { key: 'service.name', type: 'string', value: s.name },
      { key: 'service.version', type: 'string', value: `1.${si}.${k}` },
      { key: 'service.instance.id', type: 'string', value: `${s.name}-${k}` },
      { key: 'host.name', type: 'string', value: `${s.name}-7d9f${si}c-${k}` },
      { key: 'deployment.environment.name', type: 'string', value: 'production' },
      { key: 'telemetry.sdk.language', type: 'string', value: s.lang },
      { key: 'telemetry.sdk.name', type: 'string', value: 'opentelemetry' },
    ] satisfies SynthAttr[],
  })),
);

export interface SynthScope {
  readonly name: string;
  readonly version: string;
}
const SCOPE_HTTP = 0;
const SCOPE_DB = 1;
const SCOPE_KAFKA = 2;
const SCOPE_APP = 3;
export const SYNTH_SCOPES: readonly SynthScope[] = [
  { name: 'io.opentelemetry.http', version: '2.10.0' },
  { name: 'io.opentelemetry.db', version: '2.10.0' },
  { name: 'io.opentelemetry.kafka-clients-2.6', version: '2.10.0' },
  { name: 'shop.app', version: '1.0.0' },
];

const BASE_US = 1_700_000_000_000_000; // 2023-11-14, whole microseconds
const HTTP_METHOD = /^(GET|POST|PUT|DELETE|PATCH) /;

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

/** Generates the traces, in order; their spans add up to exactly `opts.spans`. */
export function* synthTraces(opts: SynthOptions): Generator<SynthTrace> {
  const r = mulberry32(opts.seed ?? 1);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)];
  let traceCounter = 0;
  let spanCounter = 0;
  let left = opts.spans;
  const newTraceId = () => hex8(r() * 4294967296) + hex8(r() * 4294967296) + hex8(r() * 4294967296) + hex8(++traceCounter);
  const newSpanId = () => hex8(r() * 4294967296) + hex8(++spanCounter);

  while (left > 0) {
    // one "request": the main trace plus traces started by consumers with a link back
    let budget = Math.min(left, int(6, 48));
    left -= budget;
    const traceStart = BASE_US + traceCounter * 2_500 + int(0, 2_000);
    const instanceOf = new Map<number, number>(); // service -> instance for this request
    const inst = (svc: number) => {
      let i = instanceOf.get(svc);
      if (i === undefined) {
        i = svc * INSTANCES_PER_SERVICE + int(0, INSTANCES_PER_SERVICE - 1);
        instanceOf.set(svc, i);
      }
      return i;
    };
    const main: SynthSpan[] = [];
    const extra: SynthSpan[][] = [];
    const mainTraceId = newTraceId();

    const mk = (out: SynthSpan[], traceId: string, parent: SynthSpan | null, svc: number, kind: SpanKind, name: string, scope: number, startUs: number): SynthSpan => {
      budget--;
      const s: SynthSpan = {
        traceId,
        spanId: newSpanId(),
        parentId: parent ? parent.spanId : '',
        name,
        kind,
        instance: inst(svc),
        scope,
        startUs,
        durationUs: 1,
        status: 0,
        statusMessage: '',
        attributes: [],
        events: [],
        links: [],
        remote: '',
      };
      out.push(s);
      return s;
    };

    const fail = (s: SynthSpan, type: string, message: string, at: number) => {
      s.status = 2;
      s.statusMessage = message;
      s.events.push({
        timeUs: at,
        name: 'exception',
        attributes: [
          { key: 'exception.type', type: 'string', value: type },
          { key: 'exception.message', type: 'string', value: message },
          { key: 'exception.escaped', type: 'bool', value: false },
        ],
      });
    };

    const internal = (out: SynthSpan[], traceId: string, parent: SynthSpan, svc: number, start: number, depth: number): number => {
      const s = mk(out, traceId, parent, svc, SpanKind.INTERNAL, pick(SERVICES[svc].internals), SCOPE_APP, start);
      let cur = start + int(5, 80);
      if (budget > 0 && depth < 6 && r() < 0.35) cur = dbCall(out, traceId, s, svc, cur) + int(5, 40);
      else cur += int(30, 1500);
      s.durationUs = cur - start + int(1, 30);
      s.attributes.push(
        { key: 'code.function.name', type: 'string', value: s.name },
        { key: 'code.namespace', type: 'string', value: `shop.${SERVICES[svc].name}` },
        { key: 'app.items.count', type: 'int', value: int(0, 40) },
        { key: 'app.cache.hit', type: 'bool', value: r() < 0.7 },
        { key: 'app.score', type: 'double', value: Math.round(r() * 10000) / 10000 },
      );
      if (r() < 0.12) s.events.push({ timeUs: start + Math.floor(s.durationUs / 2), name: r() < 0.5 ? 'cache.miss' : 'retry', attributes: [{ key: 'app.attempt', type: 'int', value: int(1, 3) }] });
      return start + s.durationUs;
    };

    const dbCall = (out: SynthSpan[], traceId: string, parent: SynthSpan, svc: number, start: number): number => {
      const db = SERVICES[svc].db;
      if (!db) return internal(out, traceId, parent, svc, start, 9);
      const op = pick(db.ops);
      const table = pick(db.tables);
      const sql = db.system === 'postgresql' || db.system === 'mysql';
      const s = mk(out, traceId, parent, svc, SpanKind.CLIENT, `${op} ${db.namespace}.${table}`, SCOPE_DB, start);
      s.durationUs = int(150, 6000);
      s.remote = db.system;
      s.attributes.push(
        { key: 'db.system', type: 'string', value: db.system },
        { key: 'db.namespace', type: 'string', value: db.namespace },
        { key: 'db.operation.name', type: 'string', value: op },
        { key: 'db.query.text', type: 'string', value: sql ? `${op} * FROM "${table}" WHERE id = $1` : `${op} ${table}` },
        { key: 'server.address', type: 'string', value: db.host },
      );
      if (r() < 0.01) fail(s, 'DatabaseError', `deadlock detected on ${table}`, start + s.durationUs);
      return start + s.durationUs;
    };

    const server = (out: SynthSpan[], traceId: string, parent: SynthSpan | null, svc: number, start: number, depth: number): SynthSpan => {
      const def = SERVICES[svc];
      const route = pick(def.routes);
      const s = mk(out, traceId, parent, svc, SpanKind.SERVER, route, SCOPE_HTTP, start);
      const method = HTTP_METHOD.exec(route)?.[1] ?? 'GET';
      const path = route.slice(method.length + 1).replace('{id}', String(int(1, 9999))).replace('{user}', `u${int(1, 500)}`);
      let cur = start + int(20, 150);
      const ops = depth === 0 ? Number.POSITIVE_INFINITY : int(1, 4);
      for (let k = 0; k < ops && budget > 0; k++) cur = operation(out, traceId, s, svc, cur, depth) + int(5, 60);
      s.durationUs = cur - start + int(20, 150);
      const error = r() < 0.02 || out.some((c) => c.parentId === s.spanId && c.status === 2 && c.kind === SpanKind.CLIENT && r() < 0.5);
      const code = error ? 500 : method === 'POST' ? 201 : 200;
      if (error) fail(s, 'InternalServerError', `${route} failed`, start + s.durationUs - 10);
      s.attributes.push(
        { key: 'http.request.method', type: 'string', value: method },
        { key: 'url.path', type: 'string', value: path },
        { key: 'http.route', type: 'string', value: route.slice(method.length + 1) },
        { key: 'http.response.status_code', type: 'int', value: code },
        { key: 'url.scheme', type: 'string', value: 'http' },
      );
      return s;
    };

    const call = (out: SynthSpan[], traceId: string, parent: SynthSpan, svc: number, callee: number, start: number, depth: number): number => {
      const c = mk(out, traceId, parent, svc, SpanKind.CLIENT, '', SCOPE_HTTP, start);
      const srv = server(out, traceId, c, callee, start + int(100, 600), depth + 1);
      const method = String(srv.attributes[0].value);
      c.name = method;
      c.remote = SERVICES[callee].name;
      c.durationUs = srv.startUs + srv.durationUs + int(100, 600) - start;
      const code = srv.attributes[3].value as number;
      if (code >= 500) {
        c.status = 2;
        c.statusMessage = '';
      }
      c.attributes.push(
        { key: 'http.request.method', type: 'string', value: method },
        { key: 'url.full', type: 'string', value: `http://${SERVICES[callee].name}:8080${srv.attributes[1].value}` },
        { key: 'server.address', type: 'string', value: SERVICES[callee].name },
        { key: 'server.port', type: 'int', value: 8080 },
        { key: 'http.response.status_code', type: 'int', value: code },
      );
      return start + c.durationUs;
    };

    const produce = (out: SynthSpan[], traceId: string, parent: SynthSpan, svc: number, topic: string, start: number): number => {
      const p = mk(out, traceId, parent, svc, SpanKind.PRODUCER, `publish ${topic}`, SCOPE_KAFKA, start);
      p.durationUs = int(200, 2500);
      p.remote = 'kafka';
      const messageId = `${topic}-${hex8(r() * 4294967296)}`;
      p.attributes.push(
        { key: 'messaging.system', type: 'string', value: 'kafka' },
        { key: 'messaging.destination.name', type: 'string', value: topic },
        { key: 'messaging.operation.type', type: 'string', value: 'publish' },
        { key: 'messaging.message.id', type: 'string', value: messageId },
        { key: 'messaging.kafka.destination.partition', type: 'int', value: int(0, 11) },
      );
      const consumers = SERVICES.map((s, i) => (s.consumes === topic ? i : -1)).filter((i) => i >= 0);
      for (const cs of consumers) {
        if (budget <= 0) break;
        const newTrace = r() < 0.35;
        const out2 = newTrace ? [] : out;
        const tid = newTrace ? newTraceId() : traceId;
        const cStart = start + p.durationUs + int(1_000, 40_000);
        const c = mk(out2, tid, newTrace ? null : p, cs, SpanKind.CONSUMER, `process ${topic}`, SCOPE_KAFKA, cStart);
        c.remote = 'kafka';
        if (newTrace || r() < 0.5) c.links.push({ traceId, spanId: p.spanId, attributes: [{ key: 'messaging.operation.type', type: 'string', value: 'publish' }] });
        c.attributes.push(
          { key: 'messaging.system', type: 'string', value: 'kafka' },
          { key: 'messaging.destination.name', type: 'string', value: topic },
          { key: 'messaging.operation.type', type: 'string', value: 'process' },
          { key: 'messaging.consumer.group.name', type: 'string', value: SERVICES[cs].name },
          { key: 'messaging.message.id', type: 'string', value: messageId },
        );
        let cur = cStart + int(20, 200);
        const ops = int(1, 3);
        for (let k = 0; k < ops && budget > 0; k++) cur = operation(out2, tid, c, cs, cur, 3) + int(5, 60);
        c.durationUs = cur - cStart + int(10, 100);
        if (newTrace) extra.push(out2);
      }
      return start + p.durationUs;
    };

    const operation = (out: SynthSpan[], traceId: string, parent: SynthSpan, svc: number, start: number, depth: number): number => {
      const def = SERVICES[svc];
      const x = r();
      if (def.calls.length > 0 && budget >= 2 && depth < 4 && x < 0.45) {
        const callee = SERVICE_INDEX.get(pick(def.calls)) as number;
        return call(out, traceId, parent, svc, callee, start, depth);
      }
      if (def.produces && budget >= 2 && x < 0.62) return produce(out, traceId, parent, svc, def.produces, start);
      if (def.db && x < 0.8) return dbCall(out, traceId, parent, svc, start);
      return internal(out, traceId, parent, svc, start, depth);
    };

    server(main, mainTraceId, null, 0, traceStart, 0);
    yield { traceId: mainTraceId, spans: main };
    for (const spans of extra) yield { traceId: spans[0].traceId, spans };
  }
}

// ---------------------------------------------------------------------------------------------
// Writers

const KIND_LOWER = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const ZIPKIN_KIND = ['', '', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];
const q = JSON.stringify;

function otlpValue(a: SynthAttr): string {
  switch (a.type) {
    case 'string':
      return `{"stringValue":${q(a.value)}}`;
    case 'int':
      return `{"intValue":"${a.value}"}`;
    case 'double':
      return `{"doubleValue":${a.value}}`;
    case 'bool':
      return `{"boolValue":${a.value}}`;
  }
}

function otlpAttrs(attrs: readonly SynthAttr[]): string {
  let s = '[';
  for (let k = 0; k < attrs.length; k++) s += `${k ? ',' : ''}{"key":${q(attrs[k].key)},"value":${otlpValue(attrs[k])}}`;
  return s + ']';
}

/** One span as OTLP/JSON. */
export function otlpSpan(s: SynthSpan): string {
  let j = `{"traceId":"${s.traceId}","spanId":"${s.spanId}"`;
  if (s.parentId) j += `,"parentSpanId":"${s.parentId}"`;
  j += `,"flags":257,"name":${q(s.name)},"kind":${s.kind},"startTimeUnixNano":"${s.startUs}000","endTimeUnixNano":"${s.startUs + s.durationUs}000","attributes":${otlpAttrs(s.attributes)}`;
  if (s.events.length > 0) j += `,"events":[${s.events.map((e) => `{"timeUnixNano":"${e.timeUs}000","name":${q(e.name)},"attributes":${otlpAttrs(e.attributes)}}`).join(',')}]`;
  if (s.links.length > 0) j += `,"links":[${s.links.map((l) => `{"traceId":"${l.traceId}","spanId":"${l.spanId}","attributes":${otlpAttrs(l.attributes)}}`).join(',')}]`;
  j += s.status === 0 ? ',"status":{}}' : `,"status":{"code":${s.status}${s.statusMessage ? `,"message":${q(s.statusMessage)}` : ''}}}`;
  return j;
}

/** The resourceSpans elements (comma-joined) of one export batch: one per instance, one scopeSpans per scope. */
function otlpBatch(spans: readonly SynthSpan[]): string {
  const byInstance = new Map<number, Map<number, string[]>>();
  for (const s of spans) {
    let scopes = byInstance.get(s.instance);
    if (!scopes) byInstance.set(s.instance, (scopes = new Map()));
    let list = scopes.get(s.scope);
    if (!list) scopes.set(s.scope, (list = []));
    list.push(otlpSpan(s));
  }
  const parts: string[] = [];
  for (const inst of [...byInstance.keys()].sort((a, b) => a - b)) {
    const scopes = byInstance.get(inst) as Map<number, string[]>;
    const ss: string[] = [];
    for (const sc of [...scopes.keys()].sort((a, b) => a - b)) {
      ss.push(`{"scope":{"name":${q(SYNTH_SCOPES[sc].name)},"version":${q(SYNTH_SCOPES[sc].version)}},"spans":[${(scopes.get(sc) as string[]).join(',')}]}`);
    }
    parts.push(`{"resource":{"attributes":${otlpAttrs(SYNTH_INSTANCES[inst].attributes)}},"scopeSpans":[${ss.join(',')}],"schemaUrl":"https://opentelemetry.io/schemas/1.26.0"}`);
  }
  return parts.join(',');
}

function jaegerTag(a: SynthAttr): string {
  const type = a.type === 'int' ? 'int64' : a.type === 'double' ? 'float64' : a.type;
  return `{"key":${q(a.key)},"type":"${type}","value":${q(a.value)}}`;
}

/** One trace as a Jaeger `data[]` element (spans first, then processes, as the query service writes it). */
export function jaegerTrace(t: SynthTrace): string {
  const pids = new Map<number, string>();
  const spans: string[] = [];
  for (const s of t.spans) {
    let pid = pids.get(s.instance);
    if (pid === undefined) pids.set(s.instance, (pid = `p${pids.size + 1}`));
    const refs: string[] = [];
    if (s.parentId) refs.push(`{"refType":"CHILD_OF","traceID":"${s.traceId}","spanID":"${s.parentId}"}`);
    for (const l of s.links) refs.push(`{"refType":"FOLLOWS_FROM","traceID":"${l.traceId}","spanID":"${l.spanId}"}`);
    const tags = s.attributes.map(jaegerTag);
    tags.push(`{"key":"span.kind","type":"string","value":"${KIND_LOWER[s.kind]}"}`);
    tags.push(`{"key":"otel.scope.name","type":"string","value":${q(SYNTH_SCOPES[s.scope].name)}}`);
    if (s.status === 2) {
      tags.push('{"key":"otel.status_code","type":"string","value":"ERROR"}', '{"key":"error","type":"bool","value":true}');
      if (s.statusMessage) tags.push(`{"key":"otel.status_description","type":"string","value":${q(s.statusMessage)}}`);
    } else if (s.status === 1) tags.push('{"key":"otel.status_code","type":"string","value":"OK"}');
    const logs = s.events.map((e) => `{"timestamp":${e.timeUs},"fields":[{"key":"event","type":"string","value":${q(e.name)}}${e.attributes.map((a) => ',' + jaegerTag(a)).join('')}]}`);
    spans.push(
      `{"traceID":"${s.traceId}","spanID":"${s.spanId}","operationName":${q(s.name)},"references":[${refs.join(',')}],"flags":1,"startTime":${s.startUs},"duration":${s.durationUs},"tags":[${tags.join(',')}],"logs":[${logs.join(',')}],"processID":"${pid}","warnings":null}`,
    );
  }
  const procs: string[] = [];
  for (const [inst, pid] of pids) {
    const i = SYNTH_INSTANCES[inst];
    procs.push(`"${pid}":{"serviceName":${q(i.service)},"tags":[${i.attributes.filter((a) => a.key !== 'service.name').map(jaegerTag).join(',')}]}`);
  }
  return `{"traceID":"${t.traceId}","spans":[${spans.join(',')}],"processes":{${procs.join(',')}},"warnings":null}`;
}

/** One span as Zipkin v2 JSON (INTERNAL spans have no kind but a `span.kind` tag, as the collector writes them). */
export function zipkinSpan(s: SynthSpan): string {
  const inst = SYNTH_INSTANCES[s.instance];
  let j = `{"traceId":"${s.traceId}"`;
  if (s.parentId) j += `,"parentId":"${s.parentId}"`;
  j += `,"id":"${s.spanId}"`;
  if (ZIPKIN_KIND[s.kind]) j += `,"kind":"${ZIPKIN_KIND[s.kind]}"`;
  j += `,"name":${q(s.name)},"timestamp":${s.startUs},"duration":${s.durationUs},"localEndpoint":{"serviceName":${q(inst.service)},"ipv4":"${inst.ipv4}"}`;
  if (s.remote) j += `,"remoteEndpoint":{"serviceName":${q(s.remote)}}`;
  j += ',"tags":{';
  j += s.attributes.map((a) => `${q(a.key)}:${q(String(a.value))}`).join(',');
  if (s.kind === SpanKind.INTERNAL) j += ',"span.kind":"internal"'; // as the collector's Zipkin exporter writes it
  j += `,"otel.scope.name":${q(SYNTH_SCOPES[s.scope].name)}`;
  if (s.status === 2) j += `,"otel.status_code":"ERROR","error":${q(s.statusMessage || 'true')}`;
  j += '}';
  if (s.events.length > 0) j += `,"annotations":[${s.events.map((e) => `{"timestamp":${e.timeUs},"value":${q(e.name)}}`).join(',')}]`;
  return j + '}';
}

/**
 * A document as head + element groups + tail. Each group is one or more comma-joined elements of
 * the document's big array (OTLP: the resourceSpans of one export batch; Jaeger: one trace; Zipkin:
 * the spans of one trace); groups are joined with ','. For 'otlp-jsonl' every group is a whole line
 * and the separator is ''.
 */
export interface SynthDocument {
  readonly head: string;
  readonly separator: string;
  readonly groups: Iterable<string>;
  readonly tail: string;
}

export function synthDocument(format: SynthFormat, opts: SynthOptions): SynthDocument {
  switch (format) {
    case 'otlp':
      return { head: '{"resourceSpans":[', separator: ',', groups: otlpGroups(opts, (b) => b), tail: ']}' };
    case 'otlp-jsonl':
      return { head: '', separator: '', groups: otlpGroups(opts, (b) => `{"resourceSpans":[${b}]}\n`), tail: '' };
    case 'jaeger':
      return { head: '{"data":[', separator: ',', groups: map(synthTraces(opts), jaegerTrace), tail: '],"total":0,"limit":0,"offset":0,"errors":null}' };
    case 'zipkin':
      return { head: '[', separator: ',', groups: map(synthTraces(opts), (t) => t.spans.map(zipkinSpan).join(',')), tail: ']' };
  }
}

function* map<T, U>(it: Iterable<T>, f: (t: T) => U): Generator<U> {
  for (const x of it) yield f(x);
}

function* otlpGroups(opts: SynthOptions, wrap: (batch: string) => string): Generator<string> {
  const batchSpans = opts.batchSpans ?? 512;
  let pending: SynthSpan[] = [];
  for (const t of synthTraces(opts)) {
    for (const s of t.spans) pending.push(s);
    if (pending.length >= batchSpans) {
      yield wrap(otlpBatch(pending));
      pending = [];
    }
  }
  if (pending.length > 0) yield wrap(otlpBatch(pending));
}

/** The document text as chunks of roughly `chunkChars` characters (default 1 MiB). */
export function* synthChunks(format: SynthFormat, opts: SynthOptions, chunkChars = 1 << 20): Generator<string> {
  const doc = synthDocument(format, opts);
  let buf = doc.head;
  let first = true;
  for (const g of doc.groups) {
    buf += first ? g : doc.separator + g;
    first = false;
    if (buf.length >= chunkChars) {
      yield buf;
      buf = '';
    }
  }
  buf += doc.tail;
  if (buf.length > 0) yield buf;
}

/** The whole document as one string (small sizes only). */
export function synthText(format: SynthFormat, opts: SynthOptions): string {
  let s = '';
  for (const c of synthChunks(format, opts)) s += c;
  return s;
}
