/**
 * A small local HTTP server for loading tests: answers on the real backend paths (Jaeger, Tempo,
 * Zipkin) with real response shapes built from the shared fixtures, plus plain files, a path without
 * CORS headers, a 404 and a flaky path that fails once before it answers.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIX = path.join(ROOT, 'web/test/fixtures/shared');
const read = (p: string) => readFileSync(path.join(FIX, p), 'utf8');

/** The bodies served, by name (tests compute expectations from the same text). */
export const BODIES = {
  hotrodV3: read('otlp/jaeger-hotrod-apiv3.json'), // a Jaeger /api/v3 answer: {result: {resourceSpans}}
  jaegerV1: read('jaeger/jaeger-ui-otlp2jaeger-out.json'), // a Jaeger /api/traces answer: {data: [trace]}
  tempoV1: JSON.stringify({ batches: (JSON.parse(read('otlp/jaeger-ui-otlp2jaeger-in.json')) as { resourceSpans: unknown[] }).resourceSpans }),
  tempoV2: JSON.stringify({ trace: { resourceSpans: (JSON.parse(read('otlp/jaeger-ui-otlp2jaeger-in.json')) as { resourceSpans: unknown[] }).resourceSpans } }),
  zipkin: read('zipkin/lens-ascend.json'),
  kafka: read('zipkin/lens-messaging-kafka.json'),
} as const;

/** Trace ids ending in this are "not found" on every backend path. */
export const MISSING_ID = 'deadbeefdeadbad';

export interface TraceServer {
  readonly origin: string;
  /** Requests seen, as "METHOD path". */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function startTraceServer(): Promise<TraceServer> {
  const requests: string[] = [];
  const flakyHits = new Map<string, number>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const p = url.pathname;
    requests.push(`${req.method} ${p}`);
    const cors = !p.startsWith('/nocors/');
    const send = (status: number, body: string, type = 'application/json') => {
      const headers: Record<string, string> = { 'Content-Type': type, 'Cache-Control': 'no-store' };
      if (cors) headers['Access-Control-Allow-Origin'] = '*';
      res.writeHead(status, headers);
      res.end(body);
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors ? { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*', 'Access-Control-Allow-Methods': 'GET' } : {});
      res.end();
      return;
    }
    let m: RegExpExecArray | null;
    if (p === '/files/hotrod.json' || p === '/nocors/hotrod.json') return send(200, BODIES.hotrodV3);
    if (p === '/files/missing.json') return send(404, 'not here', 'text/plain');
    if (p === '/flaky/kafka.json') {
      const n = (flakyHits.get(p) ?? 0) + 1;
      flakyHits.set(p, n);
      return n === 1 ? send(503, 'try again', 'text/plain') : send(200, BODIES.kafka);
    }
    if ((m = /^\/(jaeger|tempo|zipkin|bad)(\/api\/(?:v2\/|v3\/)?traces?\/)([0-9a-f]+)$/.exec(p))) {
      const [, backend, api, id] = m;
      if (id.endsWith('bad')) {
        if (backend === 'jaeger') return send(404, JSON.stringify({ data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 404, msg: 'trace not found' }] }));
        return send(404, 'trace not found', 'text/plain');
      }
      if (backend === 'bad') return send(200, '<!doctype html><title>Not an API</title>', 'text/html');
      if (backend === 'jaeger' && api === '/api/traces/') return send(200, BODIES.jaegerV1);
      if (backend === 'jaeger' && api === '/api/v3/traces/') return send(200, BODIES.hotrodV3);
      if (backend === 'tempo' && api === '/api/traces/') return send(200, BODIES.tempoV1);
      if (backend === 'tempo' && api === '/api/v2/traces/') return send(200, BODIES.tempoV2);
      if (backend === 'zipkin' && api === '/api/v2/trace/') return send(200, BODIES.zipkin);
    }
    send(404, 'no such path', 'text/plain');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
