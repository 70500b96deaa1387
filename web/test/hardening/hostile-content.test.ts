/**
 * Hostile content in each format: markup and script payloads, javascript: URLs, bidi and
 * zero-width characters, 1 MB strings and the keys __proto__ / constructor / prototype, in span
 * names, attribute keys and values, events, service names, status messages and links. Import must
 * keep every string exactly as data (the views render it as text; e2e/hardening.spec.ts checks
 * that), never change a prototype, and the search, graph and exports must treat it as plain text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetBuilder } from '../../core/model/builder.ts';
import { importText } from '../../core/formats/index.ts';
import { StreamImporter } from '../../core/stream/stream-importer.ts';
import { summarize } from '../../core/model/summary.ts';
import type { Dataset } from '../../core/model/types.ts';
import { attributes, events, serviceName, spanName, valueText } from '../../core/model/access.ts';
import { searchSpans } from '../../core/search/search.ts';
import { deriveGraph, graphToDot, graphToJson, graphToMermaid } from '../../core/graph/index.ts';
import { HOSTILE_FORMATS, JS_URL, XSS_IFRAME, PROTO_KEYS, XSS_IMG, XSS_SCRIPT, XSS_SVG, freshObjectPolluted, hostileDocument, importOne, longString, prototypeSnapshot } from './hostile.ts';
import type { HostileFormat } from './hostile.ts';

const BEFORE = prototypeSnapshot();
beforeAll(() => expect(freshObjectPolluted()).toBe(false));
afterAll(() => {
  // nothing any test in this file imported changed a built-in prototype
  expect(prototypeSnapshot()).toBe(BEFORE);
  expect(freshObjectPolluted()).toBe(false);
});

/** Span indices in document order (the three spans have distinct names). */
function byName(ds: Dataset, names: readonly string[]): number[] {
  return names.map((n) => {
    for (let i = 0; i < ds.spanCount; i++) if (spanName(ds, i) === n) return i;
    throw new Error(`no span named ${JSON.stringify(n.slice(0, 40))}`);
  });
}

function streamImport(text: string, chunk: number, name = 'stream.json'): Dataset {
  const b = new DatasetBuilder();
  const s = new StreamImporter(b, name, { batchBytes: 257, runBytes: 97, largeBytes: 301 });
  const bytes = new TextEncoder().encode(text);
  for (let p = 0; p < bytes.length; p += chunk) s.push(bytes.slice(p, p + chunk));
  s.end();
  return b.finish();
}

function expectHostileKept(format: HostileFormat, ds: Dataset, long?: string): void {
  const { expect: want } = hostileDocument(format, { long });
  expect(ds.errors).toEqual([]);
  expect(ds.spanCount).toBe(3);
  const spans = byName(ds, want.names);
  expect(spans.map((i) => serviceName(ds, i))).toEqual(want.services);
  // the tree survived: CHILD under ROOT, GRANDCHILD under CHILD
  expect(ds.parent[spans[1]]).toBe(spans[0]);
  expect(ds.parent[spans[2]]).toBe(spans[1]);
  const attrs = attributes(ds, spans[0]).map((a) => [a.key, valueText(a.value)] as [string, string]);
  for (const pair of want.attributes) expect(attrs, `attribute ${JSON.stringify(pair[0].slice(0, 40))}`).toContainEqual(pair);
  // prototype keys are ordinary attribute keys
  for (const k of PROTO_KEYS) expect(attrs.filter(([key]) => key === k)).toHaveLength(1);
  expect(events(ds, spans[0]).map((e) => e.name)).toEqual(want.events);
  expect(ds.status[spans[0]]).toBe(2);
  expect(ds.statusMessage.get(spans[0])).toBe(XSS_IFRAME);
}

describe('hostile text is kept exactly, as data', () => {
  for (const format of HOSTILE_FORMATS) {
    it(`${format}: payloads in names, keys, values, events, services and status`, () => {
      const before = prototypeSnapshot();
      const { text } = hostileDocument(format);
      const { outcome, ds } = importOne(`${format}.json`, text);
      expect(outcome.format).toBe(format);
      expectHostileKept(format, ds);
      expect(prototypeSnapshot()).toBe(before);
      expect(freshObjectPolluted()).toBe(false);
    });

    it(`${format}: the stream importer keeps the same, in chunks of any size`, () => {
      const { text } = hostileDocument(format);
      const whole = summarize(importOne('f.json', text).ds);
      for (const chunk of [1, 7, 64, 4096]) {
        const ds = streamImport(text, chunk, 'f.json');
        expectHostileKept(format, ds);
        const s = summarize(ds);
        expect({ ...s, warnings: s.warnings.map((w) => w.code) }).toEqual({ ...whole, warnings: whole.warnings.map((w) => w.code) });
      }
      expect(freshObjectPolluted()).toBe(false);
    });
  }

  it('otlp JSON lines: a hostile request per line', () => {
    const { text } = hostileDocument('otlp');
    const other = text.replaceAll('5b8efff798038103d269b633813fc60c', '5b8efff798038103d269b633813fc60d');
    const { outcome, ds } = importOne('lines.jsonl', `${text}\n${other}\n`);
    expect(outcome.format).toBe('otlp-jsonl');
    expect(ds.spanCount).toBe(6);
    expect(ds.traces).toHaveLength(2);
    expect(ds.errors).toEqual([]);
    expect(freshObjectPolluted()).toBe(false);
  });

  it('a document whose every level has __proto__ / constructor / prototype members pollutes nothing', () => {
    const polluter = '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"}}';
    const texts = [
      `{"__proto__":{"polluted":"yes"},"resourceSpans":[${polluter}]}`,
      `{"__proto__":{"polluted":"yes"},"data":[{"traceID":"1","spans":[${polluter}],"processes":${polluter}}]}`,
      `[${polluter},{"traceId":"1","id":"2","tags":${polluter}}]`,
      `{"__proto__":{"resourceSpans":[]}}`,
      `{"constructor":{"resourceSpans":[]},"prototype":{"data":[]}}`,
      `${polluter}\n${polluter}\n`,
    ];
    for (const text of texts) {
      for (const t of [text, `{"result":${text}}`, `[${text}]`]) {
        const b = new DatasetBuilder();
        expect(() => importText(b, 'p.json', t)).not.toThrow();
        expect(() => summarize(b.finish())).not.toThrow();
        const s = new StreamImporter(new DatasetBuilder(), 'p.json');
        s.push(new TextEncoder().encode(t));
        expect(() => s.end()).not.toThrow();
      }
    }
    // an inherited member is never read as data: a document that only inherits resourceSpans is not OTLP
    expect(importOne('x.json', '{"__proto__":{"resourceSpans":[]}}').outcome.format).toBeNull();
    expect(freshObjectPolluted()).toBe(false);
  });
});

describe('1 MB strings', () => {
  const long = longString(1 << 20);
  for (const format of HOSTILE_FORMATS) {
    it(`${format}: a 1 MB attribute value and event name are kept whole`, () => {
      const { text } = hostileDocument(format, { long });
      const { ds } = importOne(`${format}.json`, text);
      expectHostileKept(format, ds, long);
      const root = byName(ds, [hostileDocument(format).expect.names[0]])[0];
      const value = attributes(ds, root).find((a) => a.key === 'long.value');
      expect(value && valueText(value.value)).toHaveLength(1 << 20);
      expect(events(ds, root).some((e) => e.name === long)).toBe(true);
    });
  }

  it('a 1 MB span name, service name, attribute key and id-like value (zipkin) are kept, searched and graphed', () => {
    const name = longString(1 << 20);
    const service = `svc-${longString(1 << 20)}`;
    const key = `k-${longString(1 << 20)}`;
    const spans = [
      { traceId: 'a1', id: 'b1', name, kind: 'SERVER', timestamp: 1_700_000_000_000_000, duration: 10, localEndpoint: { serviceName: service }, tags: { [key]: 'v' } },
      { traceId: 'a1', id: 'b2', parentId: 'b1', name: 'q', kind: 'CLIENT', timestamp: 1_700_000_000_000_001, duration: 5, localEndpoint: { serviceName: service }, remoteEndpoint: { serviceName: name } },
    ];
    const { ds } = importOne('big-strings.json', JSON.stringify(spans));
    expect(ds.spanCount).toBe(2);
    expect(spanName(ds, 0)).toBe(name);
    expect(serviceName(ds, 0)).toBe(service);
    expect(attributes(ds, 0).map((a) => a.key)).toContain(key);
    expect(Array.from(searchSpans(ds, 'name:xEND'))).toEqual([0]);
    expect(Array.from(searchSpans(ds, 'xEND'))).toEqual([0, 1]); // the service name matches too
    const g = deriveGraph(ds);
    expect(g.nodes.map((n) => n.id.length).sort((a, b) => a - b)).toEqual([4, name.length, service.length]);
    expect(graphToDot(g).length).toBeGreaterThan(2 << 20);
    expect(() => graphToMermaid(g)).not.toThrow();
  });
});

describe('search, graph and exports treat payloads as text', () => {
  const { ds } = importOne('otlp.json', hostileDocument('otlp').text);

  it('search finds payloads literally (no regular expression, no markup parsing)', () => {
    expect(searchSpans(ds, '<img').length).toBeGreaterThan(0);
    expect(searchSpans(ds, '"<script>window"').length).toBeGreaterThan(0);
    expect(searchSpans(ds, '.*').length).toBe(0);
    expect(searchSpans(ds, '__proto__=').length).toBe(3); // every resource has a __proto__ attribute
    expect(searchSpans(ds, 'constructor=').length).toBe(1);
    expect(searchSpans(ds, 'service:__proto__').length).toBe(1);
    expect(searchSpans(ds, '\u202e').length).toBeGreaterThan(0);
    expect(searchSpans(ds, 'toString').length).toBe(0);
    expect(freshObjectPolluted()).toBe(false);
  });

  it('the service graph names nodes by the payloads; DOT and Mermaid stay well formed', () => {
    for (const format of HOSTILE_FORMATS) {
      const d = importOne(`${format}.json`, hostileDocument(format).text).ds;
      const g = deriveGraph(d);
      const ids = g.nodes.map((n) => n.id);
      expect(ids).toContain(XSS_SVG);
      expect(ids).toContain('__proto__');
      // JSON: the names survive a round trip exactly
      const json = JSON.parse(JSON.stringify(graphToJson(d, g))) as { nodes: { id: string }[] };
      expect(json.nodes.map((n) => n.id)).toEqual(ids);
      // DOT: every statement is quoted ids and a bracketed attribute list, quotes escaped
      const quoted = '"(?:[^"\\\\]|\\\\.)*"';
      const stmt = new RegExp(`^  ${quoted}(?: -> ${quoted})? \\[[^\\]"]*(?:${quoted}[^\\]"]*)*\\];$`);
      for (const line of graphToDot(g).split('\n').slice(4, -1)) expect(line).toMatch(stmt);
      // Mermaid: labels carry no raw markup or quotes
      for (const line of graphToMermaid(g).split('\n').slice(1)) {
        const label = /"(.*)"/.exec(line)?.[1] ?? '';
        expect(label).not.toMatch(/[<>"]/);
      }
      expect(graphToMermaid(g)).not.toContain(XSS_IMG);
      expect(graphToMermaid(g)).not.toContain('<script');
    }
  });

  it('javascript: URLs stay attribute text and name no inferred node', () => {
    const root = byName(ds, [XSS_IMG])[0];
    expect(attributes(ds, root).find((a) => a.key === 'url.full')?.value).toEqual({ type: 'string', value: JS_URL });
    const g = deriveGraph(ds);
    expect(g.nodes.some((n) => n.id.startsWith('javascript:') || n.id.includes('alert('))).toBe(false);
    expect(searchSpans(ds, XSS_SCRIPT.slice(0, 8)).length).toBeGreaterThan(0);
  });
});
