import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DatasetBuilder } from '../model/builder.ts';
import { attribute, attributeText, events, kindName, serviceName, spanName, statusName } from '../model/access.ts';
import { summarize } from '../model/summary.ts';
import type { Dataset, SpanKindName } from '../model/types.ts';
import { SpanFlag } from '../model/types.ts';
import { importParsed, importText } from './index.ts';
import { zipkinImporter } from './zipkin.ts';

const DIR = new URL('../../test/fixtures/shared/zipkin/', import.meta.url);

function fixture(name: string): string {
  return readFileSync(new URL(name, DIR), 'utf8');
}

function load(name: string, text: string): Dataset {
  const b = new DatasetBuilder();
  importText(b, name, text);
  return b.finish();
}

function loadJson(doc: unknown, name = 'test.json'): Dataset {
  return load(name, JSON.stringify(doc));
}

function byId(ds: Dataset, id: string, pick: (i: number) => boolean = () => true): number {
  for (let i = 0; i < ds.spanCount; i++) if (ds.spanId[i] === id && pick(i)) return i;
  throw new Error(`no span ${id}`);
}

function codes(ds: Dataset, code: string) {
  return ds.warnings.filter((w) => w.code === code);
}

/** A valid CLIENT span; fields can be overridden or removed (undefined). */
function span(over: Record<string, unknown> = {}): Record<string, unknown> {
  const s: Record<string, unknown> = {
    traceId: '4d1e00c0db9010db86154a4ba6e91385',
    id: '4d1e00c0db9010db',
    kind: 'CLIENT',
    name: 'get',
    timestamp: 1472470996199000,
    duration: 207000,
    localEndpoint: { serviceName: 'frontend', ipv4: '127.0.0.1', port: 8080 },
    ...over,
  };
  for (const k of Object.keys(s)) if (s[k] === undefined) delete s[k];
  return s;
}

const NO_KINDS: Record<SpanKindName, number> = { UNSPECIFIED: 0, INTERNAL: 0, SERVER: 0, CLIENT: 0, PRODUCER: 0, CONSUMER: 0 };

/** Counts from web/test/fixtures/shared/SOURCES.md (services exclude '' and remote-only peers). */
const EXPECTED: Record<string, { spans: number; traces: number; services: string[]; kinds: Partial<Record<SpanKindName, number>> }> = {
  'lens-yelp.json': {
    spans: 16,
    traces: 1,
    services: ['mobile_api', 'routing', 'spectre', 'unknown', 'yelp-main', 'yelp_main/api_proxy'],
    kinds: { CLIENT: 11, SERVER: 4, UNSPECIFIED: 1 },
  },
  'lens-messaging-kafka.json': { spans: 28, traces: 1, services: ['servicea', 'serviceb'], kinds: { CONSUMER: 7, PRODUCER: 9, UNSPECIFIED: 12 } },
  'lens-simple-db-p6.json': { spans: 5, traces: 1, services: ['bootifulmeters'], kinds: { CLIENT: 4, SERVER: 1 } },
  'lens-ascend.json': { spans: 8, traces: 1, services: ['auth-service', 'content-service', 'mobile-gateway'], kinds: { CLIENT: 3, SERVER: 3, UNSPECIFIED: 2 } },
  'lens-envoy.json': { spans: 1, traces: 1, services: [], kinds: { SERVER: 1 } },
  'lens-smartthings-mobile-web-install.json': {
    spans: 1041,
    traces: 1,
    services: ['account', 'alice', 'auth', 'bookie', 'bouncer', 'coreSrv', 'dove', 'execution', 'gizmo', 'guardian', 'oreck', 'paperboy', 'platformapi', 'pusher', 'stLogin', 'strongman'],
    kinds: { CLIENT: 628, SERVER: 326, UNSPECIFIED: 87 },
  },
  'contrib-receiver-sample3-error.json': { spans: 1, traces: 1, services: [], kinds: { CLIENT: 1 } },
};

describe('zipkin fixtures (SOURCES.md counts)', () => {
  it('covers every file of the fixture folder', () => {
    expect(readdirSync(DIR).filter((f) => f.endsWith('.json')).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [file, want] of Object.entries(EXPECTED)) {
    it(`loads ${file}`, () => {
      const ds = load(file, fixture(file));
      const s = summarize(ds);
      expect(s.files).toEqual([{ file, format: 'zipkin' }]);
      expect(s.errors).toEqual([]);
      expect(s.spans).toBe(want.spans);
      expect(s.traces).toBe(want.traces);
      expect(s.services).toEqual(want.services);
      expect(s.kinds).toEqual({ ...NO_KINDS, ...want.kinds });
      expect(ds.files[0].spanRecords).toBe(want.spans);
      // the fixtures are well-formed Zipkin: nothing is reported as broken
      expect(codes(ds, 'BAD_RECORD')).toEqual([]);
    });
  }

  it('lens-envoy.json: a local endpoint without serviceName gives the empty service, ip kept', () => {
    const ds = load('envoy.json', fixture('lens-envoy.json'));
    expect(serviceName(ds, 0)).toBe('');
    expect(ds.resources[ds.resource[0]].attributes).toEqual([{ key: 'network.local.address', value: { type: 'string', value: '169.254.65.45' } }]);
    expect(ds.flags[0] & SpanFlag.SHARED).toBe(SpanFlag.SHARED);
    expect(ds.parent[0]).toBe(-1);
    expect(ds.warnings).toEqual([]);
  });

  it('contrib sample3: otel.status_code / otel.status_description give the status; annotations give events', () => {
    const ds = load('sample3.json', fixture('contrib-receiver-sample3-error.json'));
    expect(statusName(ds, 0)).toBe('ERROR');
    expect(ds.statusMessage.get(0)).toBe('Something failed');
    expect(ds.traces[0].id).toBe('4d1e00c0db9010db86154a4ba6e91385');
    expect(attributeText(ds, 0, 'peer.service')).toBe('backend');
    expect(attributeText(ds, 0, 'network.peer.address')).toBe('192.168.99.101');
    expect(attribute(ds, 0, 'network.peer.port')).toEqual({ type: 'int', value: 9000 });
    expect(ds.resources[ds.resource[0]]).toEqual({ serviceName: '', attributes: [{ key: 'network.local.address', value: { type: 'string', value: '7::0.128.128.127' } }] });
    expect(events(ds, 0).map((e) => [e.name, e.offsetNs])).toEqual([
      ['foo', 39_000_000],
      ['bar', 204_000_000],
    ]);
    // the parent is not in the file
    expect(ds.missingParentId.get(0)).toBe('86154a4ba6e91385');
  });

  it('lens-messaging-kafka.json: error tags give status ERROR; remote kafka is peer.service', () => {
    const ds = load('kafka.json', fixture('lens-messaging-kafka.json'));
    let errors = 0;
    for (let i = 0; i < ds.spanCount; i++) {
      if (statusName(ds, i) === 'ERROR') {
        errors++;
        expect(attribute(ds, i, 'error')).toBeDefined();
      }
      if (kindName(ds, i) === 'PRODUCER' || kindName(ds, i) === 'CONSUMER') expect(attributeText(ds, i, 'peer.service')).toBe('kafka');
    }
    expect(errors).toBe(3);
  });
});

describe('zipkin shared spans', () => {
  /** Every shared SERVER whose id has a CLIENT record hangs under it; spans naming that id as parent hang under the SERVER. */
  function checkShared(ds: Dataset, ids: ReadonlySet<string> | null): number {
    let checked = 0;
    for (let i = 0; i < ds.spanCount; i++) {
      if (!(ds.flags[i] & SpanFlag.SHARED)) continue;
      const id = ds.spanId[i];
      if (ids && !ids.has(id)) continue;
      let client = -1;
      for (let k = 0; k < ds.spanCount && client === -1; k++) if (ds.spanId[k] === id && !(ds.flags[k] & SpanFlag.SHARED)) client = k;
      if (client === -1) continue; // no CLIENT record for this id in the file
      expect(kindName(ds, client)).toBe('CLIENT');
      expect(kindName(ds, i)).toBe('SERVER');
      expect(ds.parent[i]).toBe(client);
      expect(ds.depth[i]).toBe(ds.depth[client] + 1);
      // the CLIENT's only child is its SERVER half; the id's children are under the SERVER
      for (let c = ds.firstChild[client]; c !== -1; c = ds.nextSibling[c]) expect(c).toBe(i);
      checked++;
    }
    return checked;
  }

  it('lens-yelp.json: CLIENT -> SERVER(shared) -> children, as Zipkin shows it', () => {
    const ds = load('yelp.json', fixture('lens-yelp.json'));
    expect(checkShared(ds, null)).toBe(3); // the 4th shared span (the root, 2e8cfb154b59a41f) has no CLIENT record
    const server = byId(ds, 'f5f268651b2a2b34', (i) => kindName(ds, i) === 'SERVER');
    const client = byId(ds, 'f5f268651b2a2b34', (i) => kindName(ds, i) === 'CLIENT');
    expect(serviceName(ds, server)).toBe('mobile_api');
    expect(serviceName(ds, client)).toBe('yelp-main');
    expect(ds.parent[server]).toBe(client);
    const kids: string[] = [];
    for (let c = ds.firstChild[server]; c !== -1; c = ds.nextSibling[c]) kids.push(ds.spanId[c]);
    expect(kids.sort()).toEqual(['15fc03927f0f68df', '6a65182ea4f684c3', '7a778764a0d0b594', 'cb4d73f31cd90cae']);
    const root = byId(ds, '2e8cfb154b59a41f');
    expect(ds.traces[0].roots).toEqual([root]);
    expect(ds.flags[root] & SpanFlag.SHARED).toBe(SpanFlag.SHARED);
    expect(ds.warnings).toEqual([]);
    // the py_zipkin annotation is an event
    const annotated = byId(ds, '668ed78ad94b35a1', (i) => kindName(ds, i) === 'SERVER');
    expect(events(ds, annotated).map((e) => e.name)).toEqual(['py_zipkin.logging_end']);
  });

  it('lens-ascend.json: both shared SERVER halves hang under their CLIENT, local spans under the SERVER', () => {
    const ds = load('ascend.json', fixture('lens-ascend.json'));
    expect(checkShared(ds, null)).toBe(2);
    const authServer = byId(ds, '52b1ab4956917c39', (i) => kindName(ds, i) === 'SERVER');
    expect(ds.parent[byId(ds, '80c0d1d62f437a1b')]).toBe(authServer);
    const contentServer = byId(ds, 'ecc00062ceef4bf0', (i) => kindName(ds, i) === 'SERVER');
    expect(ds.parent[byId(ds, 'e6422f7ff7d78099')]).toBe(contentServer);
    expect(ds.parent[byId(ds, 'c21c6c51ac71b3ba')]).toBe(contentServer);
    expect(ds.traces[0].roots).toEqual([byId(ds, 'ef86c83c0a05a6d6')]);
    expect(ds.warnings).toEqual([]);
  });

  it('lens-smartthings: duplicates are kept and reported, CLIENT+SERVER(shared) pairs are not duplicates', () => {
    const text = fixture('lens-smartthings-mobile-web-install.json');
    const records = JSON.parse(text) as { id: string; kind?: string; shared?: boolean; timestamp?: number }[];
    const ds = load('smartthings.json', text);
    expect(ds.spanCount).toBe(records.length);

    // Ids whose records are exactly one CLIENT and one shared SERVER.
    const groups = new Map<string, string[]>();
    for (const r of records) groups.set(r.id, [...(groups.get(r.id) ?? []), `${r.kind ?? '-'}${r.shared ? '*' : ''}`]);
    const pairs = new Set([...groups].filter(([, g]) => g.sort().join() === 'CLIENT,SERVER*').map(([id]) => id));
    expect(pairs.size).toBe(205);
    const dupWarnings = codes(ds, 'DUPLICATE_SPAN_ID');
    for (const w of dupWarnings) expect(pairs.has(w.spanId ?? '')).toBe(false);
    for (let i = 0; i < ds.spanCount; i++) if (pairs.has(ds.spanId[i])) expect(ds.flags[i] & SpanFlag.DUPLICATE_ID).toBe(0);
    expect(checkShared(ds, pairs)).toBe(205);

    // 84 ids have a kind-less fragment (no timestamp) next to the CLIENT record, and one shared
    // SERVER id (a Kafka consumer) appears 5 times: 84 + 4 duplicate records, all kept.
    expect(dupWarnings).toHaveLength(88);
    expect(dupWarnings.filter((w) => w.spanId === 'cbab506b53f336fc')).toHaveLength(4);
    let flagged = 0;
    for (let i = 0; i < ds.spanCount; i++) if (ds.flags[i] & SpanFlag.DUPLICATE_ID) flagged++;
    expect(flagged).toBe(84 * 2 + 5);

    // records without a timestamp are placed and reported
    const noTimestamp = records.filter((r) => r.timestamp === undefined).length;
    expect(noTimestamp).toBe(84);
    expect(codes(ds, 'MISSING_TIMESTAMP')).toHaveLength(84);
    let repaired = 0;
    for (let i = 0; i < ds.spanCount; i++) {
      if (ds.flags[i] & SpanFlag.NO_TIMESTAMP) {
        repaired++;
        expect(Number.isFinite(ds.start[i])).toBe(true);
      }
    }
    expect(repaired).toBe(84);
    expect(codes(ds, 'BAD_RECORD')).toEqual([]);
  });

  it('a shared span whose parentId is its own id still hangs under its CLIENT', () => {
    const ds = loadJson([
      span({ id: 'aaaaaaaaaaaaaaaa', parentId: 'aaaaaaaaaaaaaaaa' }),
      span({ id: 'aaaaaaaaaaaaaaaa', parentId: 'aaaaaaaaaaaaaaaa', kind: 'SERVER', shared: true, localEndpoint: { serviceName: 'backend' } }),
      span({ id: 'bbbbbbbbbbbbbbbb', parentId: 'aaaaaaaaaaaaaaaa', kind: undefined, name: 'work', localEndpoint: { serviceName: 'backend' } }),
    ]);
    const client = byId(ds, 'aaaaaaaaaaaaaaaa', (i) => kindName(ds, i) === 'CLIENT');
    const server = byId(ds, 'aaaaaaaaaaaaaaaa', (i) => kindName(ds, i) === 'SERVER');
    expect(ds.parent[client]).toBe(-1); // its self-parent was dropped
    expect(ds.parent[server]).toBe(client);
    expect(ds.parent[byId(ds, 'bbbbbbbbbbbbbbbb')]).toBe(server);
    expect(ds.warnings).toEqual([]);
  });
});

describe('zipkin field mapping', () => {
  it('maps kinds: 1:1, absent -> UNSPECIFIED, span.kind=internal tag -> INTERNAL, unknown reported', () => {
    const kinds = ['CLIENT', 'SERVER', 'PRODUCER', 'CONSUMER', undefined, 'client', 'BOGUS'];
    const doc = kinds.map((kind, k) => span({ id: `00000000000000a${k}`, kind }));
    doc.push(span({ id: '00000000000000b0', kind: undefined, tags: { 'span.kind': 'internal' } }));
    doc.push(span({ id: '00000000000000b1', kind: 'SERVER', tags: { 'span.kind': 'internal' } }));
    const ds = loadJson(doc, 'kinds.json');
    const got = Array.from({ length: ds.spanCount }, (_, i) => kindName(ds, i));
    expect(got).toEqual(['CLIENT', 'SERVER', 'PRODUCER', 'CONSUMER', 'UNSPECIFIED', 'CLIENT', 'UNSPECIFIED', 'INTERNAL', 'SERVER']);
    expect(codes(ds, 'BAD_RECORD').map((w) => w.where)).toEqual(['kinds.json: [6].kind']);
  });

  it('reads microsecond times exactly and repairs a missing timestamp with a warning', () => {
    const ds = loadJson([
      span({ id: '000000000000000a', timestamp: 1472470996199000, duration: 207000 }),
      span({ id: '000000000000000b', parentId: '000000000000000a', kind: 'SERVER', timestamp: 1472470996199001.5, duration: 1 }),
      span({ id: '000000000000000c', parentId: '000000000000000a', kind: 'SERVER', timestamp: undefined, duration: 5 }),
      span({ id: '000000000000000d', parentId: '000000000000000a', kind: 'SERVER', timestamp: 1472470996200000, duration: undefined }),
      span({ id: '000000000000000e', parentId: '000000000000000a', kind: 'SERVER', timestamp: 0, duration: 5 }),
    ]);
    const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map((x) => byId(ds, `000000000000000${x}`));
    expect(ds.traces[0].epochNs).toBe(1472470996199000000n);
    expect(ds.start[a]).toBe(0);
    expect(ds.duration[a]).toBe(207_000_000);
    expect(ds.start[b]).toBe(1500);
    expect(ds.duration[b]).toBe(1000);
    // no timestamp (and Zipkin's 0 = unset): placed at the parent's start, flagged and reported
    for (const i of [c, e]) {
      expect(ds.flags[i] & SpanFlag.NO_TIMESTAMP).toBe(SpanFlag.NO_TIMESTAMP);
      expect(ds.start[i]).toBe(ds.start[a]);
    }
    expect(codes(ds, 'MISSING_TIMESTAMP').map((w) => w.spanId)).toEqual(['000000000000000c', '000000000000000e']);
    expect(ds.flags[d] & SpanFlag.NO_DURATION).toBe(SpanFlag.NO_DURATION);
    expect(ds.start[d]).toBe(1_000_000);
    expect(codes(ds, 'BAD_RECORD')).toEqual([]);
  });

  it('reports bad times with their own codes, paths and ids; a left-out duration softly', () => {
    const ds = loadJson(
      [
        span({ id: '000000000000000a', timestamp: 0 }),
        span({ id: '000000000000000b', timestamp: -1 }),
        span({ id: '000000000000000c', duration: 2 ** 60 }),
        [span({ id: '000000000000000d', duration: undefined }), span({ id: '000000000000000e', timestamp: undefined, duration: undefined })],
      ],
      'z.json',
    );
    expect(ds.spanCount).toBe(5);
    const got = ds.warnings.filter((w) => w.code !== 'MISSING_TIMESTAMP').map((w) => [w.code, w.where, w.traceId, w.spanId]);
    const tid = '4d1e00c0db9010db86154a4ba6e91385';
    expect(got).toEqual([
      ['ZERO_TIMESTAMP', 'z.json: [0].timestamp', tid, '000000000000000a'],
      ['BAD_TIMESTAMP', 'z.json: [1].timestamp', tid, '000000000000000b'],
      ['BAD_TIMESTAMP', 'z.json: [2].duration', tid, '000000000000000c'],
      ['NO_DURATION', 'z.json: [3][0].duration', tid, '000000000000000d'],
    ]);
    expect(ds.warnings[0].message).toBe('[0].timestamp: timestamp 0 means unset in Zipkin; start unknown (placed from related spans)');
    expect(ds.warnings[3].message).toBe('[3][0].duration: no duration (Zipkin omits it when unknown); the span is shown without one');
    expect(codes(ds, 'MISSING_TIMESTAMP').map((w) => w.spanId)).toEqual(['000000000000000a', '000000000000000b', '000000000000000e']);
    for (const id of ['c', 'd']) expect(ds.flags[byId(ds, `000000000000000${id}`)] & SpanFlag.NO_DURATION).toBeTruthy();
    expect(codes(ds, 'BAD_RECORD')).toEqual([]);
  });

  it('turns annotations into events; an annotation named error does not set the status', () => {
    const ds = loadJson([
      span({
        annotations: [
          { timestamp: 1472470996238000, value: 'ws' },
          { timestamp: 1472470996403000, value: 'error' },
        ],
      }),
    ]);
    expect(events(ds, 0)).toEqual([
      { name: 'ws', offsetNs: 39_000_000, attributes: [] },
      { name: 'error', offsetNs: 204_000_000, attributes: [] },
    ]);
    expect(statusName(ds, 0)).toBe('UNSET');
  });

  it('maps the error tag and otel.status_* tags to the status', () => {
    const ds = loadJson([
      span({ id: '0000000000000001', tags: { error: 'connection refused' } }),
      span({ id: '0000000000000002', tags: { error: '' } }),
      span({ id: '0000000000000003', tags: { error: 'true' } }),
      span({ id: '0000000000000004', tags: { 'otel.status_code': 'OK' } }),
      span({ id: '0000000000000005', tags: { 'otel.status_code': 'ERROR', 'otel.status_description': 'boom' } }),
      span({ id: '0000000000000006', tags: { 'otel.status_code': 'OK', error: 'late failure' } }),
      span({ id: '0000000000000007', tags: { 'http.status_code': '500' } }),
    ]);
    const got = Array.from({ length: ds.spanCount }, (_, i) => [statusName(ds, i), ds.statusMessage.get(i) ?? '']);
    expect(got).toEqual([
      ['ERROR', 'connection refused'],
      ['ERROR', ''],
      ['ERROR', ''],
      ['OK', ''],
      ['ERROR', 'boom'],
      ['ERROR', 'late failure'],
      ['UNSET', ''],
    ]);
    // tags stay attributes, as strings
    expect(attribute(ds, 0, 'error')).toEqual({ type: 'string', value: 'connection refused' });
  });

  it('keeps the remote endpoint as peer attributes; a peer.service tag wins', () => {
    const ds = loadJson([
      span({ id: '0000000000000001', remoteEndpoint: { serviceName: 'backend', ipv4: '192.168.99.101', port: 9000 } }),
      span({ id: '0000000000000002', remoteEndpoint: { serviceName: 'backend', ipv6: '2001:db8::c001' }, tags: { 'peer.service': 'from-tag' } }),
      span({ id: '0000000000000003', remoteEndpoint: { ipv4: '10.0.0.1', ipv6: '::1' } }),
    ]);
    expect(attributeText(ds, 0, 'peer.service')).toBe('backend');
    expect(attributeText(ds, 0, 'network.peer.address')).toBe('192.168.99.101');
    expect(attribute(ds, 0, 'network.peer.port')).toEqual({ type: 'int', value: 9000 });
    expect(attributeText(ds, 1, 'peer.service')).toBe('from-tag');
    expect(ds.attrCount[1]).toBe(2); // the tag and the address: no second peer.service
    expect(attributeText(ds, 1, 'network.peer.address')).toBe('2001:db8::c001');
    expect(attributeText(ds, 2, 'peer.service')).toBeUndefined();
    expect(attributeText(ds, 2, 'network.peer.address')).toBe('10.0.0.1');
    expect(attributeText(ds, 2, 'network.peer.address.ipv6')).toBe('::1');
    // remote-only services are not services of the dataset
    expect(summarize(ds).services).toEqual(['frontend']);
  });

  it('makes one resource per local endpoint (service + address + port)', () => {
    const ds = loadJson([
      span({ id: '0000000000000001' }),
      span({ id: '0000000000000002' }),
      span({ id: '0000000000000003', localEndpoint: { serviceName: 'frontend', ipv4: '127.0.0.2', port: 8080 } }),
      span({ id: '0000000000000004', localEndpoint: undefined }),
      span({ id: '0000000000000005', localEndpoint: { serviceName: 'backend' } }),
    ]);
    expect(ds.resource[0]).toBe(ds.resource[1]);
    expect(ds.resource[2]).not.toBe(ds.resource[0]);
    expect(ds.resources[ds.resource[0]]).toEqual({
      serviceName: 'frontend',
      attributes: [
        { key: 'service.name', value: { type: 'string', value: 'frontend' } },
        { key: 'network.local.address', value: { type: 'string', value: '127.0.0.1' } },
        { key: 'network.local.port', value: { type: 'int', value: 8080 } },
      ],
    });
    expect(ds.resources[ds.resource[3]]).toEqual({ serviceName: '', attributes: [] });
    expect(serviceName(ds, 4)).toBe('backend');
    expect(summarize(ds).services).toEqual(['backend', 'frontend']);
  });

  it('normalizes ids: lowercase, short hex padded, 64- and 128-bit trace ids; self-parent dropped', () => {
    const ds = loadJson([
      span({ traceId: '4D1E00C0DB9010DB86154A4BA6E91385', id: 'ABCDEF0123456789' }),
      span({ traceId: '4d1e00c0db9010db86154a4ba6e91385', id: '1f', parentId: 'abcdef0123456789', kind: 'SERVER' }),
      span({ traceId: '86154a4ba6e91385', id: 'c0ffee', parentId: '0000000000000000' }),
      span({ traceId: '86154a4ba6e91385', id: '00000000000c0de5', parentId: 'C0DE5' }),
    ]);
    expect(ds.traces.map((t) => t.id)).toEqual(['4d1e00c0db9010db86154a4ba6e91385', '86154a4ba6e91385']);
    expect(ds.spanId).toEqual(['abcdef0123456789', '000000000000001f', '0000000000c0ffee', '00000000000c0de5']);
    expect(ds.parent[1]).toBe(0);
    expect(ds.parent[2]).toBe(-1);
    expect(ds.missingParentId.size).toBe(0);
    // a plain span naming itself as parent is a root, silently (as the collector drops it)
    expect(ds.parent[3]).toBe(-1);
    expect(codes(ds, 'SELF_PARENT')).toEqual([]);
    expect(codes(ds, 'BAD_RECORD')).toEqual([]);
  });

  it('reads a list of traces (array of arrays) and ignores debug and unknown fields', () => {
    const ds = loadJson([
      [span({ traceId: '0000000000000001', id: '000000000000000a', debug: true, extra: { x: 1 } })],
      [span({ traceId: '0000000000000002', id: '000000000000000b' }), span({ traceId: '0000000000000002', id: '000000000000000c', parentId: '000000000000000b' })],
      [],
    ]);
    expect(ds.traces.map((t) => t.id)).toEqual(['0000000000000001', '0000000000000002']);
    expect(ds.spanCount).toBe(3);
    expect(ds.parent[2]).toBe(1);
    expect(ds.warnings).toEqual([]);
  });

  it('loads an empty array as an empty Zipkin file', () => {
    const b = new DatasetBuilder();
    expect(importText(b, 'empty.json', '[]')).toEqual({ format: 'zipkin', spans: 0 });
    expect(b.finish().errors).toEqual([]);
  });
});

describe('zipkin misfit', () => {
  const misfit = (v: unknown) => zipkinImporter.misfit(v);

  it('accepts a list of spans and a list of traces', () => {
    expect(misfit([span()])).toBeNull();
    expect(misfit([[span()], [span()]])).toBeNull();
    expect(misfit([[], [span()]])).toBeNull();
    expect(misfit(JSON.parse(fixture('lens-yelp.json')))).toBeNull();
  });

  it('rejects OTLP, Jaeger and other JSON with a one-line reason', () => {
    const reasons = [
      misfit({ resourceSpans: [] }),
      misfit({ data: [{ traceID: 'a', spans: [], processes: {} }] }),
      misfit({ traceID: 'a', spans: [], processes: {} }),
      misfit([{ traceID: 'a', spanID: 'b', operationName: 'x' }]),
      misfit([{ name: 'x' }]),
      misfit([1, 2, 3]),
      misfit('text'),
      misfit(null),
      misfit({}),
    ];
    for (const r of reasons) {
      expect(typeof r).toBe('string');
      expect(r).not.toContain('\n');
    }
    expect(reasons[0]).toMatch(/OTLP/);
    expect(reasons[1]).toMatch(/Jaeger/);
    expect(reasons[2]).toMatch(/Jaeger/);
    expect(reasons[3]).toMatch(/Jaeger/);
    expect(reasons[4]).toBe('not an array of spans with traceId and id');
  });

  it('is used by the dispatcher: a non-trace array fails with the reasons of every format', () => {
    const b = new DatasetBuilder();
    const out = importText(b, 'x.json', '[{"a": 1}]');
    expect(out.format).toBeNull();
    expect(out.error).toContain('Zipkin v2 JSON: not an array of spans with traceId and id');
  });
});

describe('zipkin broken records', () => {
  it('skips and reports broken spans with exact paths, and loads the rest', () => {
    const ok = (id: string) => span({ id });
    const ds = loadJson(
      [
        ok('0000000000000001'),
        span({ traceId: undefined, id: '0000000000000002' }),
        span({ traceId: 7, id: '0000000000000003' }),
        span({ id: undefined }),
        span({ id: '' }),
        span({ id: '0000000000000000' }),
        42,
        null,
        [ok('0000000000000004'), 'x', span({ id: { hex: 'ab' } }), ok('0000000000000005'), span({ traceId: '' })],
      ],
      'broken.json',
    );
    expect(ds.spanId).toEqual(['0000000000000001', '0000000000000004', '0000000000000005']);
    expect(codes(ds, 'BAD_RECORD').map((w) => w.where)).toEqual([
      'broken.json: [1].traceId',
      'broken.json: [2].traceId',
      'broken.json: [3].id',
      'broken.json: [4].id',
      'broken.json: [5].id',
      'broken.json: [6]',
      'broken.json: [7]',
      'broken.json: [8][1]',
      'broken.json: [8][2].id',
      'broken.json: [8][4].traceId',
    ]);
    const messages = codes(ds, 'BAD_RECORD').map((w) => w.message);
    expect(messages[0]).toBe('[1].traceId: missing traceId; span skipped');
    expect(messages[1]).toBe('[2].traceId: traceId is a number, not a string; span skipped');
    expect(messages[4]).toMatch(/all zeros/);
    expect(messages[5]).toBe('[6]: expected a span object, got a number; skipped');
  });

  it('reports wrongly typed fields and keeps the span', () => {
    const ds = loadJson(
      [
        span({
          parentId: 12,
          name: ['x'],
          kind: 3,
          timestamp: 'soon',
          duration: -5,
          shared: 'yes',
          tags: { good: 'yes', 'http.status_code': 200, nested: { a: 1 }, flag: true },
          annotations: [{ timestamp: 1472470996238000, value: 'ok' }, { value: 'no time' }, 'junk', { timestamp: 1472470996238000, value: 5 }],
          localEndpoint: { serviceName: 5, ipv4: 1, port: 99999 },
          remoteEndpoint: 'db',
        }),
      ],
      'types.json',
    );
    expect(ds.spanCount).toBe(1);
    expect(codes(ds, 'BAD_RECORD').map((w) => w.where.replace('types.json: ', ''))).toEqual([
      '[0].shared',
      '[0].parentId',
      '[0].name',
      '[0].kind',
      '[0].tags["http.status_code"]',
      '[0].tags.nested',
      '[0].tags.flag',
      '[0].remoteEndpoint',
      '[0].annotations[1].timestamp',
      '[0].annotations[2]',
      '[0].annotations[3].value',
      '[0].localEndpoint.serviceName',
      '[0].localEndpoint.ipv4',
      '[0].localEndpoint.port',
    ]);
    // bad times have their own code, with the span's ids
    expect(codes(ds, 'BAD_TIMESTAMP').map((w) => [w.where, w.message, w.spanId])).toEqual([
      ['types.json: [0].timestamp', '[0].timestamp: timestamp "soon" is not a count of microseconds (0 to 2^53); start unknown (placed from related spans)', '4d1e00c0db9010db'],
      ['types.json: [0].duration', '[0].duration: duration -5 is negative; duration unknown', '4d1e00c0db9010db'],
    ]);
    expect(spanName(ds, 0)).toBe('');
    expect(kindName(ds, 0)).toBe('UNSPECIFIED');
    expect(ds.flags[0] & SpanFlag.SHARED).toBe(0);
    expect(ds.flags[0] & SpanFlag.NO_TIMESTAMP).toBe(SpanFlag.NO_TIMESTAMP);
    expect(attributeText(ds, 0, 'good')).toBe('yes');
    expect(attribute(ds, 0, 'http.status_code')).toEqual({ type: 'string', value: '200' });
    expect(attribute(ds, 0, 'flag')).toEqual({ type: 'string', value: 'true' });
    expect(attribute(ds, 0, 'nested')).toBeUndefined();
    expect(events(ds, 0).map((e) => e.name)).toEqual(['ok', 'no time']);
    expect(serviceName(ds, 0)).toBe('');
  });

  it('reports a document that is not an array when given one directly', () => {
    const problems: string[] = [];
    zipkinImporter.importJson({ traceId: 'a' }, { builder: new DatasetBuilder(), fileName: 'x', problem: (p, m) => problems.push(`${p}|${m}`), warn: () => undefined });
    expect(problems).toEqual(['|expected a JSON array of Zipkin spans, got an object']);
  });

  it('never lets __proto__ keys reach a prototype', () => {
    const text = `[
      {"traceId": "0000000000000001", "id": "000000000000000a", "__proto__": {"polluted": "span"},
       "tags": {"__proto__": "tag", "constructor": "c", "toString": "t"},
       "localEndpoint": {"serviceName": "svc", "__proto__": {"polluted": "endpoint"}},
       "remoteEndpoint": {"__proto__": {"serviceName": "evil"}},
       "annotations": [{"__proto__": {"value": "x"}, "timestamp": 1}]},
      {"__proto__": {"traceId": "0000000000000001", "id": "000000000000000b"}}
    ]`;
    const ds = load('proto.json', text);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(ds.spanCount).toBe(1);
    expect(attributeText(ds, 0, '__proto__')).toBe('tag');
    expect(attributeText(ds, 0, 'constructor')).toBe('c');
    expect(attributeText(ds, 0, 'toString')).toBe('t');
    expect(attributeText(ds, 0, 'peer.service')).toBeUndefined();
    expect(events(ds, 0)).toEqual([]);
    expect(serviceName(ds, 0)).toBe('svc');
    // the second record has its fields only under __proto__: it has no traceId of its own
    expect(codes(ds, 'BAD_RECORD').map((w) => w.where)).toEqual(['proto.json: [0].annotations[0].value', 'proto.json: [1].traceId']);
  });
});

describe('zipkin property: never throws', () => {
  const RUNS = Number(process.env.FUZZ_RUNS) || 200;
  const valid = JSON.parse(fixture('lens-ascend.json')) as unknown[];

  /** Every (container, key) slot of a JSON value, in a stable order. */
  function slots(root: unknown): [Record<string, unknown> | unknown[], string | number][] {
    const out: [Record<string, unknown> | unknown[], string | number][] = [];
    const stack: unknown[] = [root];
    while (stack.length > 0) {
      const v = stack.pop();
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          out.push([v, i]);
          stack.push(v[i]);
        }
      } else if (v !== null && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          out.push([v as Record<string, unknown>, k]);
          stack.push(x);
        }
      }
    }
    return out;
  }

  /** The importer's last-resort catch must never be what kept it from throwing. */
  function noInternalError(ds: Dataset): void {
    expect(ds.warnings.filter((w) => w.message.includes('internal error while reading Zipkin'))).toEqual([]);
  }

  function mustNotThrow(text: string): void {
    const b = new DatasetBuilder();
    importText(b, 'fuzz.json', text);
    const ds = b.finish();
    summarize(ds);
    noInternalError(ds);
  }

  it('property: random JSON values never make importText throw', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        mustNotThrow(JSON.stringify(v) ?? 'null');
        mustNotThrow(JSON.stringify([v]));
        mustNotThrow(JSON.stringify([[v, span()]]));
      }),
      { seed: 42, numRuns: RUNS },
    );
  });

  it('property: mutations of a valid Zipkin document never make importText throw', () => {
    const special = fc.constantFrom<unknown>('', '0000000000000000', 'ABCDEF', -1, 0, 1e300, 2 ** 53, 1.5, true, null, [], {}, '__proto__', 'SERVER', 'ecc00062ceef4bf0');
    const mutation = fc.record({ at: fc.nat(), op: fc.constantFrom('set', 'delete', 'rename'), value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), special) });
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 8 }), (mutations) => {
        const doc = structuredClone(valid);
        for (const m of mutations) {
          const all = slots(doc);
          if (all.length === 0) break;
          const [container, key] = all[m.at % all.length];
          if (Array.isArray(container)) {
            if (m.op === 'delete') container.splice(key as number, 1);
            else container[key as number] = m.value;
          } else if (m.op === 'delete') delete container[key as string];
          else if (m.op === 'rename') {
            // defineProperty: a '__proto__' name becomes an own key, as JSON.parse makes it
            const value = container[key as string];
            delete container[key as string];
            Object.defineProperty(container, typeof m.value === 'string' ? m.value : '__proto__', { value, enumerable: true, writable: true, configurable: true });
          } else container[key as string] = m.value;
        }
        mustNotThrow(JSON.stringify(doc));
        // the same document as a list of traces, and straight into the importer
        mustNotThrow(JSON.stringify([doc, doc]));
        const b = new DatasetBuilder();
        importParsed(b, 'fuzz.json', JSON.parse(JSON.stringify(doc)));
        noInternalError(b.finish());
      }),
      { seed: 42, numRuns: RUNS },
    );
  });

  it('property: any JavaScript value given to importJson directly never throws', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withBigInt: true, withMap: true, withSet: true, withSparseArray: true, withTypedArray: true, withDate: true }), (v) => {
        const b = new DatasetBuilder();
        const sink = {
          builder: b,
          fileName: 'any',
          problem: (_path: string, message: string) => {
            if (message.startsWith('internal error')) throw new Error(message);
          },
          warn: () => undefined,
        };
        zipkinImporter.importJson(v, sink);
        zipkinImporter.importJson([v], sink);
        zipkinImporter.importJson([[v]], sink);
        zipkinImporter.importJson([{ ...span(), tags: v, annotations: v, localEndpoint: v, remoteEndpoint: v, timestamp: v, parentId: v }], sink);
        zipkinImporter.misfit(v);
        b.finish();
      }),
      { seed: 42, numRuns: RUNS },
    );
  });
});
