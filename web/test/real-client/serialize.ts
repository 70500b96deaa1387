/**
 * Turns the SDK's ReadableSpans into file text with the SDK's own serializers, in the test run:
 * OTLP/JSON from @opentelemetry/otlp-transformer, Zipkin v2 JSON from @opentelemetry/exporter-zipkin
 * exactly as its exporter POSTs it (captured by a throwaway collector on 127.0.0.1).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ExportResultCode } from '@opentelemetry/core';
import { ZipkinExporter } from '@opentelemetry/exporter-zipkin';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

/** One ExportTraceServiceRequest as OTLP/HTTP JSON, as the OTLP exporters send it (and a collector's file exporter writes it). */
export function toOtlpJson(spans: ReadableSpan[]): string {
  const bytes = JsonTraceSerializer.serializeRequest(spans);
  if (!bytes) throw new Error('JsonTraceSerializer produced nothing');
  return new TextDecoder().decode(bytes);
}

/**
 * The Zipkin v2 JSON bodies the Zipkin exporter POSTs: one exporter per service (as each process
 * would have its own), so one body per service, in the order of first appearance in `spans`.
 */
export async function toZipkinBodies(spans: ReadableSpan[]): Promise<{ service: string; body: string }[]> {
  const bodies: string[] = [];
  const collector = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/api/v2/spans') bodies.push(body);
      res.writeHead(req.method === 'POST' ? 202 : 404).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    collector.once('error', reject);
    collector.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = collector.address() as AddressInfo;
  const byService = new Map<string, ReadableSpan[]>();
  for (const s of spans) {
    const name = String(s.resource.attributes[ATTR_SERVICE_NAME]);
    const list = byService.get(name) ?? [];
    list.push(s);
    byService.set(name, list);
  }
  const out: { service: string; body: string }[] = [];
  try {
    for (const [service, list] of byService) {
      const exporter = new ZipkinExporter({ url: `http://127.0.0.1:${port}/api/v2/spans` });
      const before = bodies.length;
      await new Promise<void>((resolve, reject) => {
        exporter.export(list, (r) => (r.code === ExportResultCode.SUCCESS ? resolve() : reject(r.error ?? new Error('Zipkin export failed'))));
      });
      await exporter.shutdown();
      if (bodies.length !== before + 1) throw new Error(`expected one POST from the ${service} exporter, got ${bodies.length - before}`);
      out.push({ service, body: bodies[before] });
    }
  } finally {
    await new Promise<void>((resolve) => {
      collector.close(() => resolve());
      collector.closeAllConnections();
    });
  }
  return out;
}
