/**
 * A small three-service shop instrumented with the OpenTelemetry JS SDK, run in-process by the
 * real-client test. Every span, id and timestamp in it comes from the SDK; nothing is made up.
 *
 *   checkout  INTERNAL  "checkout order"        root of the request trace
 *   checkout  CLIENT    "POST"                  a real HTTP request to payment (127.0.0.1, ephemeral port),
 *                                                with W3C trace context injected by the SDK's propagator
 *   payment   SERVER    "POST /payments"        context extracted from the request headers
 *   payment   CLIENT    "INSERT payments"       a database call (db.system.name, db.namespace)
 *   checkout  PRODUCER  "send orders"           publishes to the in-process topic `orders` (kafka
 *                                                semantics), its span context carried in the message headers
 *   shipping  CONSUMER  "process orders"        root of a NEW trace, with a span link to the producer span
 *                                                (the messaging convention for asynchronous consumers)
 *   shipping  INTERNAL  "print label"           fails: status ERROR plus an `exception` event
 *
 * Each service has its own BasicTracerProvider and Resource (service.name), as separate processes
 * would. Context is passed explicitly (no global context manager or propagator is registered), so
 * the run leaves no global OpenTelemetry state behind.
 */
import { createServer, request } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, defaultTextMapGetter, defaultTextMapSetter, trace } from '@opentelemetry/api';
import type { Context, Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOnSampler, BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import {
  ATTR_DB_COLLECTION_NAME,
  ATTR_DB_NAMESPACE,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_QUERY_TEXT,
  ATTR_DB_SYSTEM_NAME,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_VERSION,
  ATTR_URL_FULL,
  ATTR_URL_PATH,
  ATTR_URL_SCHEME,
  DB_SYSTEM_NAME_VALUE_POSTGRESQL,
} from '@opentelemetry/semantic-conventions';
import {
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_MESSAGE_ID,
  ATTR_MESSAGING_OPERATION_NAME,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM,
  MESSAGING_OPERATION_TYPE_VALUE_PROCESS,
  MESSAGING_OPERATION_TYPE_VALUE_SEND,
  MESSAGING_SYSTEM_VALUE_KAFKA,
} from '@opentelemetry/semantic-conventions/incubating';

export const SERVICES = ['checkout', 'payment', 'shipping'] as const;
export type ServiceName = (typeof SERVICES)[number];

export const TOPIC = 'orders';
export const PRINTER_ERROR = 'label printer offline';

const propagator = new W3CTraceContextPropagator();

/** One service: its own provider, resource and in-memory exporter. */
class Service {
  readonly exporter = new InMemorySpanExporter();
  readonly provider: BasicTracerProvider;
  readonly tracer: Tracer;

  constructor(readonly name: ServiceName) {
    this.provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: name, [ATTR_SERVICE_VERSION]: '1.0.0' }),
      // Explicit, so that an OTEL_TRACES_SAMPLER in the environment cannot change the run.
      sampler: new AlwaysOnSampler(),
      spanProcessors: [new SimpleSpanProcessor(this.exporter)],
    });
    this.tracer = this.provider.getTracer(`shop-${name}`, '1.0.0');
  }
}

/** A message on the in-process topic: a body plus headers, as a Kafka record carries them. */
interface Message {
  readonly key: string;
  readonly value: string;
  readonly headers: Record<string, string>;
}

/** An in-process stand-in for a broker topic: publish never blocks, receive waits for a message. */
class Topic {
  private readonly messages: Message[] = [];
  private readonly waiting: ((m: Message) => void)[] = [];

  publish(m: Message): void {
    const w = this.waiting.shift();
    // Deliver on a later turn of the event loop, as a broker would.
    if (w) setImmediate(() => w(m));
    else this.messages.push(m);
  }

  receive(): Promise<Message> {
    const m = this.messages.shift();
    if (m) return Promise.resolve(m);
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

/** payment's "database": a table in memory, reached asynchronously like a real driver. */
class PaymentsTable {
  private readonly rows = new Map<string, { orderId: string; amount: number }>();
  async insert(orderId: string, amount: number): Promise<string> {
    await new Promise((r) => setImmediate(r));
    const id = `pay-${this.rows.size + 1}`;
    this.rows.set(id, { orderId, amount });
    return id;
  }
}

/** The payment service's HTTP handler: SERVER span from the propagated context, then a db CLIENT span. */
async function handlePayment(svc: Service, table: PaymentsTable, port: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const parent = propagator.extract(ROOT_CONTEXT, req.headers, defaultTextMapGetter);
  const span = svc.tracer.startSpan(
    `${req.method ?? 'POST'} /payments`,
    {
      kind: SpanKind.SERVER,
      attributes: {
        [ATTR_HTTP_REQUEST_METHOD]: req.method ?? 'POST',
        [ATTR_HTTP_ROUTE]: '/payments',
        [ATTR_URL_PATH]: req.url ?? '',
        [ATTR_URL_SCHEME]: 'http',
        [ATTR_SERVER_ADDRESS]: '127.0.0.1',
        [ATTR_SERVER_PORT]: port,
      },
    },
    parent,
  );
  const ctx = trace.setSpan(parent, span);
  const { orderId, amount } = JSON.parse(await readBody(req)) as { orderId: string; amount: number };

  const db = svc.tracer.startSpan(
    'INSERT payments',
    {
      kind: SpanKind.CLIENT,
      attributes: {
        [ATTR_DB_SYSTEM_NAME]: DB_SYSTEM_NAME_VALUE_POSTGRESQL,
        [ATTR_DB_NAMESPACE]: 'shop',
        [ATTR_DB_OPERATION_NAME]: 'INSERT',
        [ATTR_DB_COLLECTION_NAME]: 'payments',
        [ATTR_DB_QUERY_TEXT]: 'INSERT INTO payments (order_id, amount) VALUES ($1, $2)',
      },
    },
    ctx,
  );
  const paymentId = await table.insert(orderId, amount);
  db.end();

  const body = JSON.stringify({ paymentId });
  res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
  span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, 201);
  span.end();
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeAllConnections();
  });
}

/** checkout's HTTP client call: a CLIENT span around a real request, trace context in the headers. */
function postJson(svc: Service, parent: Context, url: URL, payload: unknown): Promise<{ status: number; body: string }> {
  const span = svc.tracer.startSpan(
    'POST',
    {
      kind: SpanKind.CLIENT,
      attributes: {
        [ATTR_HTTP_REQUEST_METHOD]: 'POST',
        [ATTR_URL_FULL]: url.href,
        [ATTR_SERVER_ADDRESS]: url.hostname,
        [ATTR_SERVER_PORT]: Number(url.port),
      },
    },
    parent,
  );
  const headers: Record<string, string> = {};
  propagator.inject(trace.setSpan(parent, span), headers, defaultTextMapSetter);
  const body = JSON.stringify(payload);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: false, headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      readBody(res).then((text) => {
        const status = res.statusCode ?? 0;
        span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
        if (status >= 400) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
        resolve({ status, body: text });
      }, reject);
    });
    req.on('error', (err) => {
      span.recordException(err);
      span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
      span.end();
      reject(err);
    });
    req.end(body);
  });
}

/** checkout: pays over HTTP, then publishes the order for shipping. */
async function checkoutOrder(svc: Service, paymentUrl: URL, topic: Topic, orderId: string): Promise<string> {
  const root = svc.tracer.startSpan('checkout order', { kind: SpanKind.INTERNAL, attributes: { 'shop.order.id': orderId } }, ROOT_CONTEXT);
  const ctx = trace.setSpan(ROOT_CONTEXT, root);
  try {
    const paid = await postJson(svc, ctx, paymentUrl, { orderId, amount: 42.5 });
    if (paid.status !== 201) throw new Error(`payment answered ${paid.status}`);
    const { paymentId } = JSON.parse(paid.body) as { paymentId: string };

    const producer = svc.tracer.startSpan(
      `send ${TOPIC}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          [ATTR_MESSAGING_SYSTEM]: MESSAGING_SYSTEM_VALUE_KAFKA,
          [ATTR_MESSAGING_DESTINATION_NAME]: TOPIC,
          [ATTR_MESSAGING_OPERATION_TYPE]: MESSAGING_OPERATION_TYPE_VALUE_SEND,
          [ATTR_MESSAGING_OPERATION_NAME]: 'send',
          [ATTR_MESSAGING_MESSAGE_ID]: orderId,
        },
      },
      ctx,
    );
    const headers: Record<string, string> = {};
    propagator.inject(trace.setSpan(ctx, producer), headers, defaultTextMapSetter);
    topic.publish({ key: orderId, value: JSON.stringify({ orderId, paymentId }), headers });
    producer.end();
    return paymentId;
  } finally {
    root.end();
  }
}

/** shipping: takes one message; its CONSUMER span starts a new trace, linked to the producer span. */
async function shipOne(svc: Service, topic: Topic): Promise<void> {
  const message = await topic.receive();
  const creation = trace.getSpanContext(propagator.extract(ROOT_CONTEXT, message.headers, defaultTextMapGetter));
  const span = svc.tracer.startSpan(
    `process ${TOPIC}`,
    {
      kind: SpanKind.CONSUMER,
      root: true,
      links: creation ? [{ context: creation }] : [],
      attributes: {
        [ATTR_MESSAGING_SYSTEM]: MESSAGING_SYSTEM_VALUE_KAFKA,
        [ATTR_MESSAGING_DESTINATION_NAME]: TOPIC,
        [ATTR_MESSAGING_OPERATION_TYPE]: MESSAGING_OPERATION_TYPE_VALUE_PROCESS,
        [ATTR_MESSAGING_OPERATION_NAME]: 'process',
        [ATTR_MESSAGING_MESSAGE_ID]: message.key,
      },
    },
    ROOT_CONTEXT,
  );
  const ctx = trace.setSpan(ROOT_CONTEXT, span);
  const label = svc.tracer.startSpan('print label', { kind: SpanKind.INTERNAL }, ctx);
  try {
    await new Promise((r) => setImmediate(r));
    throw new Error(PRINTER_ERROR);
  } catch (err) {
    label.recordException(err as Error);
    label.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
  } finally {
    label.end();
  }
  span.end();
}

export interface ShopRun {
  /** Every finished span of the three services, grouped by service in SERVICES order. */
  readonly spans: ReadableSpan[];
  /** The ephemeral port payment listened on. */
  readonly port: number;
  readonly paymentId: string;
}

/** Runs one order through the shop and returns the SDK's finished spans. The HTTP server is closed. */
export async function runShop(orderId = 'order-1001'): Promise<ShopRun> {
  const services = SERVICES.map((name) => new Service(name));
  const [checkout, payment, shipping] = services;
  const table = new PaymentsTable();
  let port = 0;
  const server = createServer((req, res) => {
    handlePayment(payment, table, port, req, res).catch((err: unknown) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });
  port = await listen(server);
  let paymentId: string;
  try {
    const topic = new Topic();
    const shipped = shipOne(shipping, topic);
    paymentId = await checkoutOrder(checkout, new URL(`http://127.0.0.1:${port}/payments`), topic, orderId);
    await shipped;
  } finally {
    await close(server);
  }
  await Promise.all(services.map((s) => s.provider.forceFlush()));
  const spans = services.flatMap((s) => s.exporter.getFinishedSpans());
  await Promise.all(services.map((s) => s.provider.shutdown()));
  return { spans, port, paymentId };
}
