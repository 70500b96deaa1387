/**
 * Writes three demo traces for the gallery with the OpenTelemetry JS SDK and its own OTLP/JSON
 * serializer (nothing in them is typed by hand):
 *
 *   public/demo/storefront-checkout.otlp.json    an e-commerce request: a storefront checkout with sync
 *       calls across six services, PostgreSQL, Redis and an external payment API, one retried call.
 *   public/demo/order-pipeline.otlp.json         a messaging pipeline: orders are published to Kafka,
 *       consumed in batches in NEW traces that link back to each producer (links across traces), a
 *       sync call to inventory with a database, a second hand-off as parent/child, and an external
 *       e-mail API.
 *   public/demo/broken-instrumentation.otlp.json a checkout whose span kinds are wrong in every way
 *       Spanmap diagnoses: SERVER under a local parent, CLIENT that never left the process, nested
 *       CLIENTs, a CONSUMER under a CLIENT, a PRODUCER nobody consumed, clock skew, an orphan, a
 *       service hop without CLIENT/SERVER kinds, a CONSUMER without producer.
 *
 * Ids come from a seeded generator and times from a fixed clock, so re-running gives the same files.
 * Run: node bin/run-ts.mjs scripts/make-demos.ts
 */
import { writeFileSync } from 'node:fs';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Attributes, Context, HrTime, Link, Span, Tracer } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOnSampler, BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { IdGenerator, ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';

function seededIds(seed: number): IdGenerator {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0).toString(16).padStart(8, '0');
  };
  return { generateTraceId: () => next() + next() + next() + next(), generateSpanId: () => next() + next() };
}

class World {
  private readonly exporter = new InMemorySpanExporter();
  private readonly tracers = new Map<string, Tracer>();
  private readonly providers: BasicTracerProvider[] = [];
  constructor(private readonly seed: number) {}

  tracer(service: string): Tracer {
    let t = this.tracers.get(service);
    if (!t) {
      const p = new BasicTracerProvider({
        resource: resourceFromAttributes({ 'service.name': service, 'service.version': '2.4.1', 'deployment.environment.name': 'demo' }),
        sampler: new AlwaysOnSampler(),
        idGenerator: seededIds(this.seed + this.tracers.size * 7919),
        spanProcessors: [new SimpleSpanProcessor(this.exporter)],
      });
      this.providers.push(p);
      t = p.getTracer(`demo-${service}`, '1.0.0');
      this.tracers.set(service, t);
    }
    return t;
  }

  spans(): ReadableSpan[] {
    return this.exporter.getFinishedSpans();
  }
}

/** Fixed clock: ms offsets from 2026-11-02T09:30:00Z, with sub-millisecond precision kept as ns. */
const T0 = Date.UTC(2026, 10, 2, 9, 30, 0) / 1000;
const at = (ms: number): HrTime => {
  const whole = Math.floor(ms);
  const ns = Math.round((ms - whole) * 1e6);
  const sec = T0 + Math.floor(whole / 1000);
  return [sec, (whole % 1000) * 1e6 + ns];
};

interface SpanSpec {
  service: string;
  name: string;
  kind: SpanKind;
  start: number;
  end: number;
  parent?: Context;
  attrs?: Attributes;
  links?: Link[];
  error?: string;
}

function span(w: World, s: SpanSpec, body?: (ctx: Context, span: Span) => void): Span {
  const sp = w.tracer(s.service).startSpan(s.name, { kind: s.kind, startTime: at(s.start), attributes: s.attrs, links: s.links }, s.parent ?? ROOT_CONTEXT);
  const ctx = trace.setSpan(s.parent ?? ROOT_CONTEXT, sp);
  body?.(ctx, sp);
  if (s.error) {
    sp.recordException({ name: 'Error', message: s.error }, at(s.end - 0.05));
    sp.setStatus({ code: SpanStatusCode.ERROR, message: s.error });
  }
  sp.end(at(s.end));
  return sp;
}

function storefrontCheckout(): ReadableSpan[] {
  const w = new World(303);
  const client = (host: string, method: string, url: string): Attributes => ({ 'http.request.method': method, 'server.address': host, 'url.full': url });
  const server = (method: string, route: string, status = 200): Attributes => ({ 'http.request.method': method, 'http.route': route, 'http.response.status_code': status });
  const db = (system: string, ns: string, op: string, host: string): Attributes => ({ 'db.system.name': system, 'db.namespace': ns, 'db.operation.name': op, 'server.address': host });
  span(w, { service: 'storefront', name: 'POST /checkout', kind: SpanKind.SERVER, start: 0, end: 412.7, attrs: server('POST', '/checkout') }, (root) => {
    span(w, { service: 'storefront', name: 'GET', kind: SpanKind.CLIENT, start: 2.1, end: 38.4, parent: root, attrs: client('cart', 'GET', 'http://cart/cart/42') }, (c) => {
      span(w, { service: 'cart', name: 'GET /cart/{id}', kind: SpanKind.SERVER, start: 3.0, end: 37.2, parent: c, attrs: server('GET', '/cart/{id}') }, (s) => {
        span(w, { service: 'cart', name: 'HGETALL', kind: SpanKind.CLIENT, start: 4.2, end: 6.9, parent: s, attrs: db('redis', '0', 'HGETALL', 'cart-cache') });
        span(w, { service: 'cart', name: 'GET', kind: SpanKind.CLIENT, start: 8.0, end: 35.1, parent: s, attrs: client('catalog', 'GET', 'http://catalog/products?ids=7,9,12') }, (c2) => {
          span(w, { service: 'catalog', name: 'GET /products', kind: SpanKind.SERVER, start: 9.1, end: 34.0, parent: c2, attrs: server('GET', '/products') }, (s2) => {
            for (let k = 0; k < 3; k++) span(w, { service: 'catalog', name: 'SELECT catalog.products', kind: SpanKind.CLIENT, start: 10 + k * 7.5, end: 16.4 + k * 7.5, parent: s2, attrs: db('postgresql', 'catalog', 'SELECT', 'catalog-db') });
          });
        });
      });
    });
    span(w, { service: 'storefront', name: 'POST', kind: SpanKind.CLIENT, start: 40.2, end: 101.5, parent: root, attrs: client('pricing', 'POST', 'http://pricing/quote') }, (c) => {
      span(w, { service: 'pricing', name: 'POST /quote', kind: SpanKind.SERVER, start: 41.6, end: 99.8, parent: c, attrs: server('POST', '/quote') }, (s) => {
        span(w, { service: 'pricing', name: 'compute taxes', kind: SpanKind.INTERNAL, start: 43, end: 61.2, parent: s });
        span(w, { service: 'pricing', name: 'SELECT pricing.promotions', kind: SpanKind.CLIENT, start: 62, end: 97.5, parent: s, attrs: db('postgresql', 'pricing', 'SELECT', 'pricing-db') });
      });
    });
    span(w, { service: 'storefront', name: 'POST', kind: SpanKind.CLIENT, start: 103.0, end: 331.9, parent: root, attrs: client('payment', 'POST', 'http://payment/charges') }, (c) => {
      span(w, { service: 'payment', name: 'POST /charges', kind: SpanKind.SERVER, start: 104.9, end: 329.6, parent: c, attrs: server('POST', '/charges', 201) }, (s) => {
        // The card processor timed out once; the retry went through.
        span(w, { service: 'payment', name: 'POST', kind: SpanKind.CLIENT, start: 106.0, end: 206.1, parent: s, attrs: { ...client('api.cardpay.example', 'POST', 'https://api.cardpay.example/v1/charges'), 'http.response.status_code': 504 }, error: 'gateway timeout' });
        span(w, { service: 'payment', name: 'POST', kind: SpanKind.CLIENT, start: 210.4, end: 301.8, parent: s, attrs: { ...client('api.cardpay.example', 'POST', 'https://api.cardpay.example/v1/charges'), 'http.request.resend_count': 1, 'http.response.status_code': 200 } });
        span(w, { service: 'payment', name: 'INSERT payment.charges', kind: SpanKind.CLIENT, start: 303.5, end: 327.0, parent: s, attrs: db('postgresql', 'payment', 'INSERT', 'payment-db') });
      });
    });
    span(w, { service: 'storefront', name: 'POST', kind: SpanKind.CLIENT, start: 334.0, end: 409.9, parent: root, attrs: client('orders', 'POST', 'http://orders/orders') }, (c) => {
      span(w, { service: 'orders', name: 'POST /orders', kind: SpanKind.SERVER, start: 335.2, end: 408.3, parent: c, attrs: server('POST', '/orders', 201) }, (s) => {
        span(w, { service: 'orders', name: 'INSERT shop.orders', kind: SpanKind.CLIENT, start: 337.1, end: 371.5, parent: s, attrs: db('postgresql', 'shop', 'INSERT', 'orders-db') });
        span(w, { service: 'orders', name: 'DEL', kind: SpanKind.CLIENT, start: 373.0, end: 375.4, parent: s, attrs: db('redis', '0', 'DEL', 'cart-cache') });
      });
    });
  });
  return w.spans();
}

function orderPipeline(): ReadableSpan[] {
  const w = new World(101);
  const producers: Span[] = [];
  const http = (method: string, route: string, status = 200): Attributes => ({ 'http.request.method': method, 'http.route': route, 'http.response.status_code': status });
  for (let k = 0; k < 4; k++) {
    const t = k * 180;
    span(w, { service: 'web-shop', name: 'POST /checkout', kind: SpanKind.SERVER, start: t, end: t + 96.4, attrs: http('POST', '/checkout') }, (ctx) => {
      span(w, { service: 'web-shop', name: 'POST', kind: SpanKind.CLIENT, start: t + 3.1, end: t + 88.9, parent: ctx, attrs: { 'http.request.method': 'POST', 'server.address': 'orders', 'server.port': 8080, 'url.full': 'http://orders:8080/orders' } }, (c2) => {
        span(w, { service: 'orders', name: 'POST /orders', kind: SpanKind.SERVER, start: t + 4.0, end: t + 87.6, parent: c2, attrs: http('POST', '/orders', 201) }, (c3) => {
          span(w, { service: 'orders', name: 'INSERT shop.orders', kind: SpanKind.CLIENT, start: t + 6.2, end: t + 41.7, parent: c3, attrs: { 'db.system.name': 'postgresql', 'db.namespace': 'shop', 'db.operation.name': 'INSERT', 'db.collection.name': 'orders', 'server.address': 'orders-db' } });
          producers.push(
            span(w, { service: 'orders', name: 'publish orders', kind: SpanKind.PRODUCER, start: t + 44.0, end: t + 52.3 + k, parent: c3, attrs: { 'messaging.system': 'kafka', 'messaging.destination.name': 'orders', 'messaging.operation.type': 'send', 'messaging.message.id': `order-${1001 + k}` } }),
          );
        });
      });
    });
  }
  // Two batch consumers, each in a NEW trace, each linking to the two orders it took from Kafka.
  for (let b = 0; b < 2; b++) {
    const t = 400 + b * 220;
    const links = producers.slice(b * 2, b * 2 + 2).map((p) => ({ context: p.spanContext(), attributes: { 'messaging.message.id': `order-${1001 + producers.indexOf(p)}` } }));
    span(w, { service: 'fulfillment', name: 'process orders', kind: SpanKind.CONSUMER, start: t, end: t + 161.2, links, attrs: { 'messaging.system': 'kafka', 'messaging.destination.name': 'orders', 'messaging.operation.type': 'process', 'messaging.batch.message_count': 2 } }, (ctx) => {
      span(w, { service: 'fulfillment', name: 'GET', kind: SpanKind.CLIENT, start: t + 5, end: t + 71.8, parent: ctx, attrs: { 'http.request.method': 'GET', 'server.address': 'inventory', 'url.full': 'http://inventory/stock?sku=A-17' } }, (c2) => {
        span(w, { service: 'inventory', name: 'GET /stock', kind: SpanKind.SERVER, start: t + 7.4, end: t + 69.1, parent: c2, attrs: http('GET', '/stock') }, (c3) => {
          span(w, { service: 'inventory', name: 'SELECT inventory.stock', kind: SpanKind.CLIENT, start: t + 9, end: t + 60.5, parent: c3, attrs: { 'db.system.name': 'mysql', 'db.namespace': 'inventory', 'db.operation.name': 'SELECT', 'server.address': 'inventory-db' } });
        });
      });
      span(w, { service: 'fulfillment', name: 'publish shipments', kind: SpanKind.PRODUCER, start: t + 80, end: t + 86.5, parent: ctx, attrs: { 'messaging.system': 'rabbitmq', 'messaging.destination.name': 'shipments', 'messaging.operation.type': 'send' } }, (c2) => {
        span(w, { service: 'notifications', name: 'process shipments', kind: SpanKind.CONSUMER, start: t + 104.2, end: t + 158.9, parent: c2, attrs: { 'messaging.system': 'rabbitmq', 'messaging.destination.name': 'shipments', 'messaging.operation.type': 'process' } }, (c3) => {
          span(w, { service: 'notifications', name: 'POST', kind: SpanKind.CLIENT, start: t + 108, end: t + 155.3, parent: c3, attrs: { 'http.request.method': 'POST', 'url.full': 'https://api.mailer.example/v3/send', 'http.response.status_code': b === 1 ? 503 : 202 }, error: b === 1 ? 'mailer answered 503' : undefined });
        });
      });
    });
  }
  return w.spans();
}

function brokenInstrumentation(): ReadableSpan[] {
  const w = new World(202);
  span(w, { service: 'api-gateway', name: 'GET /checkout', kind: SpanKind.SERVER, start: 0, end: 250, attrs: { 'http.request.method': 'GET', 'http.route': '/checkout' } }, (ctx) => {
    // SERVER_WITH_LOCAL_PARENT: a handler wrapped in a SERVER span inside the same service.
    span(w, { service: 'api-gateway', name: 'handle checkout', kind: SpanKind.INTERNAL, start: 2, end: 240, parent: ctx }, (c2) => {
      span(w, { service: 'api-gateway', name: 'validate request', kind: SpanKind.SERVER, start: 3, end: 9, parent: c2 });
      // CLIENT that never left the process: no server child, nothing naming a peer.
      span(w, { service: 'api-gateway', name: 'load session', kind: SpanKind.CLIENT, start: 10, end: 14, parent: c2 });
      // NESTED_CLIENT: an HTTP library CLIENT inside an SDK CLIENT of the same service.
      span(w, { service: 'api-gateway', name: 'cart.get', kind: SpanKind.CLIENT, start: 16, end: 70, parent: c2, attrs: { 'rpc.system': 'custom' } }, (c3) => {
        span(w, { service: 'api-gateway', name: 'GET', kind: SpanKind.CLIENT, start: 17, end: 69, parent: c3, attrs: { 'http.request.method': 'GET', 'server.address': 'cart' } }, (c4) => {
          span(w, { service: 'cart', name: 'GET /cart', kind: SpanKind.SERVER, start: 19, end: 66, parent: c4 });
        });
      });
      // CLOCK_SKEW: pricing's clock runs 6 ms behind, so its SERVER starts before the CLIENT.
      span(w, { service: 'api-gateway', name: 'GET', kind: SpanKind.CLIENT, start: 72, end: 110, parent: c2, attrs: { 'http.request.method': 'GET', 'server.address': 'pricing' } }, (c3) => {
        span(w, { service: 'pricing', name: 'GET /price', kind: SpanKind.SERVER, start: 68, end: 101, parent: c3 });
      });
      // ASYNC_AS_SYNC: a queue hand-off recorded as a CLIENT call.
      span(w, { service: 'api-gateway', name: 'enqueue invoice', kind: SpanKind.CLIENT, start: 112, end: 118, parent: c2 }, (c3) => {
        span(w, { service: 'billing-worker', name: 'render invoice', kind: SpanKind.CONSUMER, start: 150, end: 230, parent: c3 });
      });
      // PRODUCER_WITHOUT_CONSUMER: an audit event nobody's trace consumed.
      span(w, { service: 'api-gateway', name: 'publish audit', kind: SpanKind.PRODUCER, start: 120, end: 124, parent: c2, attrs: { 'messaging.system': 'kafka', 'messaging.destination.name': 'audit' } });
      // UNMARKED_SERVICE_HOP: context crossed into another service, but both sides are INTERNAL.
      span(w, { service: 'api-gateway', name: 'call recommendations', kind: SpanKind.INTERNAL, start: 126, end: 200, parent: c2 }, (c3) => {
        span(w, { service: 'recommendations', name: 'recommend', kind: SpanKind.INTERNAL, start: 130, end: 196, parent: c3, error: 'model timeout' });
      });
    });
  });
  // ORPHAN_SPAN: its parent was never exported (the parent span is started but never ended).
  const lost = w.tracer('cart').startSpan('lost parent', { kind: SpanKind.SERVER, startTime: at(300) });
  span(w, { service: 'cart', name: 'recalculate totals', kind: SpanKind.INTERNAL, start: 301, end: 320, parent: trace.setSpan(ROOT_CONTEXT, lost) });
  // CONSUMER_WITHOUT_PRODUCER: a consumer whose producer context was dropped by the client library.
  span(w, { service: 'billing-worker', name: 'process invoices', kind: SpanKind.CONSUMER, start: 400, end: 470, attrs: { 'messaging.system': 'kafka', 'messaging.destination.name': 'invoices' } });
  return w.spans();
}

function write(path: string, spans: ReadableSpan[]): void {
  const bytes = JsonTraceSerializer.serializeRequest(spans);
  if (!bytes) throw new Error('serializer produced nothing');
  // Pretty-printed so that the demo files read well in a diff; the content is the serializer's.
  writeFileSync(path, JSON.stringify(JSON.parse(new TextDecoder().decode(bytes)), null, 1) + '\n');
  console.log(`${path}: ${spans.length} spans`);
}

write('public/demo/storefront-checkout.otlp.json', storefrontCheckout());
write('public/demo/order-pipeline.otlp.json', orderPipeline());
write('public/demo/broken-instrumentation.otlp.json', brokenInstrumentation());
