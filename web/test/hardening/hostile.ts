/**
 * Hostile trace content for the hardening tests (unit and browser): markup and script payloads,
 * javascript: URLs, bidi and zero-width characters, prototype keys, and documents that carry them
 * in every place a trace can hold text, in each of the three formats.
 *
 * Every script payload sets `window.__spanmapPwned`: a test that finds it set has found code
 * running from trace data. Nothing here imports the DOM, so Node tests and Playwright specs share it.
 */
import { DatasetBuilder } from '../../core/model/builder.ts';
import { importText } from '../../core/formats/index.ts';
import type { ImportOutcome } from '../../core/formats/index.ts';
import type { Dataset } from '../../core/model/types.ts';

/** The flag every payload tries to set. */
export const PWNED = '__spanmapPwned';

export const XSS_IMG = `<img src=x onerror="window.${PWNED}='img'">`;
export const XSS_SCRIPT = `<script>window.${PWNED}='script'</script>`;
export const XSS_SVG = `<svg onload="window.${PWNED}='svg'"><circle r=9></circle></svg>`;
export const XSS_IFRAME = `<iframe srcdoc="<script>parent.${PWNED}='iframe'</script>"></iframe>`;
export const JS_URL = `javascript:window.${PWNED}='url'`;
/** U+202E RIGHT-TO-LEFT OVERRIDE: shown as "user[RLO]gnp.exe", reads "userexe.png". */
export const BIDI = 'invoice\u202Egnp.exe';
/** Zero-width space, non-joiner, joiner and BOM between letters. */
export const ZERO_WIDTH = 'z\u200Bw\u200Cs\u200Dp\uFEFFx';
/** The prototype keys that must stay plain data. */
export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** Every text payload, by name. */
export const PAYLOADS: Readonly<Record<string, string>> = {
  img: XSS_IMG,
  script: XSS_SCRIPT,
  svg: XSS_SVG,
  iframe: XSS_IFRAME,
  jsUrl: JS_URL,
  bidi: BIDI,
  zeroWidth: ZERO_WIDTH,
};

/** A string of `n` characters that starts and ends recognizably ("LONG<…>END"). */
export function longString(n = 1 << 20): string {
  return `LONG${'x'.repeat(Math.max(0, n - 7))}END`;
}

/** A JSON value that would pollute Object.prototype if an importer merged it into an object. */
export const POLLUTER = { polluted: 'yes', isAdmin: true };

export type HostileFormat = 'otlp' | 'jaeger' | 'zipkin';
export const HOSTILE_FORMATS: readonly HostileFormat[] = ['otlp', 'jaeger', 'zipkin'];

export interface HostileOptions {
  /** The long string placed in one attribute value and one event name (default: none). */
  long?: string;
}

/** What a hostile document is expected to hold after import. */
export interface HostileExpectation {
  /** Span names, in document order. */
  names: string[];
  /** Service names of the spans (in document order). */
  services: string[];
  /** Attribute key → string value that the first span must carry. */
  attributes: [string, string][];
  /** Event names of the first span. */
  events: string[];
}

const TRACE = '5b8efff798038103d269b633813fc60c';
const ROOT = 'eee19b7ec3c1b174';
const CHILD = 'eee19b7ec3c1b175';
const GRANDCHILD = 'eee19b7ec3c1b176';
const US = 1_700_000_000_000_000;

/** Attribute pairs every hostile span carries: each payload as a value, and as a key. */
function hostileAttributes(long: string | undefined): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(PAYLOADS)) out.push([`payload.${k}`, v]);
  for (const v of Object.values(PAYLOADS)) out.push([v, 'value-of-a-hostile-key']);
  for (const k of PROTO_KEYS) out.push([k, `value of ${k}`]);
  out.push(['url.full', JS_URL]);
  out.push(['http.url', 'javascript:alert(document.cookie)//https://example.com/']);
  if (long !== undefined) out.push(['long.value', long]);
  return out;
}

/**
 * One trace of three spans (SERVER → CLIENT → SERVER) across two services whose names are payloads,
 * with payloads as span names, attribute keys and values, event names, status message and link
 * attributes, and prototype keys as attribute keys, as extra members of every object level, and
 * (Jaeger) as a process id. Returns the JSON text and what import must produce.
 */
export function hostileDocument(format: HostileFormat, options: HostileOptions = {}): { text: string; expect: HostileExpectation } {
  const long = options.long;
  const attrs = hostileAttributes(long);
  const names = [XSS_IMG, XSS_SCRIPT, `${BIDI} ${ZERO_WIDTH} ${XSS_SVG}`];
  const services = [XSS_SVG, '__proto__', '__proto__'];
  const events = [XSS_SCRIPT, BIDI, ...(long !== undefined ? [long] : [])];
  const expectation: HostileExpectation = { names, services, attributes: attrs, events };
  // JSON.stringify writes a "__proto__" member only when it is an own property: build with JSON.parse
  const proto = (extra: Record<string, unknown> = {}) => JSON.parse(JSON.stringify({ ...extra, constructor: { prototype: POLLUTER }, prototype: POLLUTER }).replace(/^\{/, `{"__proto__":${JSON.stringify(POLLUTER)},`)) as Record<string, unknown>;
  let doc: unknown;
  switch (format) {
    case 'otlp': {
      const kv = (k: string, v: string) => proto({ key: k, value: proto({ stringValue: v }) });
      const span = (id: string, parent: string, name: string, kind: number, k: number) =>
        proto({
          traceId: TRACE,
          spanId: id,
          ...(parent ? { parentSpanId: parent } : {}),
          name,
          kind,
          startTimeUnixNano: `${US + k * 1000}000`,
          endTimeUnixNano: `${US + 100_000 - k * 1000}000`,
          attributes: k === 0 ? attrs.map(([a, b]) => kv(a, b)) : [kv('payload.img', XSS_IMG)],
          events: k === 0 ? events.map((e, j) => proto({ timeUnixNano: `${US + 10 + j}000`, name: e, attributes: [kv(XSS_IMG, XSS_SVG)] })) : [],
          links: k === 0 ? [proto({ traceId: TRACE, spanId: GRANDCHILD, attributes: [kv('link.note', XSS_SCRIPT)] })] : [],
          status: proto({ code: k === 0 ? 2 : 0, message: k === 0 ? XSS_IFRAME : '' }),
        });
      const resource = (svc: string) => proto({ attributes: [kv('service.name', svc), kv('__proto__', XSS_IMG), kv('host.name', BIDI)] });
      doc = proto({
        resourceSpans: [
          proto({ resource: resource(services[0]), scopeSpans: [proto({ scope: proto({ name: XSS_SCRIPT, version: BIDI }), spans: [span(ROOT, '', names[0], 2, 0), span(CHILD, ROOT, names[1], 3, 1)] })] }),
          proto({ resource: resource(services[2]), scopeSpans: [proto({ scope: proto({ name: 'lib' }), spans: [span(GRANDCHILD, CHILD, names[2], 2, 2)] })] }),
        ],
      });
      // ROOT and CHILD share the first resource
      expectation.services = [services[0], services[0], services[2]];
      break;
    }
    case 'jaeger': {
      const tag = (k: string, v: string) => proto({ key: k, type: 'string', value: v });
      const span = (id: string, parent: string, name: string, kind: string, pid: string, k: number) =>
        proto({
          traceID: TRACE,
          spanID: id,
          operationName: name,
          references: parent ? [proto({ refType: 'CHILD_OF', traceID: TRACE, spanID: parent })] : [],
          startTime: US + k * 1000,
          duration: 100_000 - 2 * k * 1000,
          tags: [tag('span.kind', kind), ...(k === 0 ? [...attrs.map(([a, b]) => tag(a, b)), tag('error', 'true'), tag('otel.status_description', XSS_IFRAME)] : [tag('payload.img', XSS_IMG)])],
          logs: k === 0 ? events.map((e, j) => proto({ timestamp: US + 10 + j, fields: [proto({ key: 'event', type: 'string', value: e }), tag(XSS_IMG, XSS_SVG)] })) : [],
          processID: pid,
          warnings: [XSS_SCRIPT],
        });
      const process = (svc: string) => proto({ serviceName: svc, tags: [tag('__proto__', XSS_IMG), tag('host.name', BIDI)] });
      // the second service's process id is "__proto__" (an own key of `processes`, never the prototype)
      const processes = JSON.parse(`{"p1":${JSON.stringify(process(services[0]))},"__proto__":${JSON.stringify(process(services[2]))},"constructor":{"serviceName":"ctor-service"}}`) as unknown;
      doc = proto({
        data: [proto({ traceID: TRACE, spans: [span(ROOT, '', names[0], 'server', 'p1', 0), span(CHILD, ROOT, names[1], 'client', '__proto__', 1), span(GRANDCHILD, CHILD, names[2], 'server', '__proto__', 2)], processes, warnings: [XSS_SVG] })],
        total: 0,
        limit: 0,
        offset: 0,
        errors: null,
      });
      break;
    }
    case 'zipkin': {
      const tags = (list: [string, string][]) => JSON.parse(`{${list.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`) as unknown;
      const span = (id: string, parent: string, name: string, kind: string, svc: string, k: number) =>
        proto({
          traceId: TRACE,
          id,
          ...(parent ? { parentId: parent } : {}),
          name,
          kind,
          timestamp: US + k * 1000,
          duration: 100_000 - 2 * k * 1000,
          localEndpoint: proto({ serviceName: svc, ipv4: '10.0.0.1' }),
          remoteEndpoint: proto({ serviceName: k === 1 ? services[2] : XSS_IMG }),
          tags: k === 0 ? tags([...attrs, ['error', XSS_IFRAME]]) : tags([['payload.img', XSS_IMG]]),
          annotations: k === 0 ? events.map((e, j) => proto({ timestamp: US + 10 + j, value: e })) : [],
        });
      doc = [span(ROOT, '', names[0], 'SERVER', services[0], 0), span(CHILD, ROOT, names[1], 'CLIENT', services[1], 1), span(GRANDCHILD, CHILD, names[2], 'SERVER', services[2], 2)];
      // the Zipkin error tag is kept as an attribute too
      expectation.attributes = [...attrs, ['error', XSS_IFRAME]];
      break;
    }
  }
  return { text: JSON.stringify(doc), expect: expectation };
}

/** Imports one text into a fresh builder; the outcome and the finished dataset. */
export function importOne(name: string, text: string): { outcome: ImportOutcome; ds: Dataset } {
  const b = new DatasetBuilder();
  const outcome = importText(b, name, text);
  return { outcome, ds: b.finish() };
}

/** The property names of Object.prototype and other built-in prototypes (to compare before and after). */
export function prototypeSnapshot(): string {
  const protos: [string, object][] = [
    ['Object', Object.prototype],
    ['Array', Array.prototype],
    ['Function', Function.prototype],
    ['String', String.prototype],
  ];
  return protos.map(([n, p]) => `${n}:${Object.getOwnPropertyNames(p).sort().join(',')}`).join('\n');
}

/** True when a fresh object shows anything a polluter could have added. */
export function freshObjectPolluted(): boolean {
  const o = {} as Record<string, unknown>;
  return o.polluted !== undefined || o.isAdmin !== undefined || Object.getPrototypeOf(o) !== Object.prototype;
}
