/**
 * Broken structure: truncated files, missing required fields, wrong types, parent cycles and
 * self-parents, duplicate ids, ids of odd lengths, extreme timestamps, spans ending before they
 * start. Every case must end in a clear error or warning (or a documented repair flag) while the
 * rest of the file still loads, and nothing may throw: not the importers, the stream importer, the
 * builder, the service graph, nor the waterfall maths (rows, critical path, skew) or the search.
 */
import { describe, expect, it } from 'vitest';
import { DatasetBuilder } from '../../core/model/builder.ts';
import { StreamImporter } from '../../core/stream/stream-importer.ts';
import type { Dataset } from '../../core/model/types.ts';
import { SpanFlag } from '../../core/model/types.ts';
import { spanName } from '../../core/model/access.ts';
import { deriveGraph, graphToJson } from '../../core/graph/index.ts';
import { buildRows, traceTree } from '../../core/layout/rows.ts';
import { criticalPath } from '../../core/layout/critical-path.ts';
import { adjustSkew } from '../../core/layout/skew.ts';
import { searchSpans } from '../../core/search/search.ts';
import { SYNTH_FORMATS, synthText } from '../../core/synth/generator.ts';
import { importOne } from './hostile.ts';

/** Runs everything a view runs over a dataset; throws if anything does. */
export function exerciseViews(ds: Dataset): void {
  deriveGraph(ds);
  deriveGraph(ds, { brokerNodes: true, drawUnpaired: true });
  graphToJson(ds, deriveGraph(ds));
  for (let t = 0; t < ds.traces.length; t++) {
    const order = ds.traces[t].order;
    const tree = traceTree(ds, order);
    buildRows(ds, tree, { collapsed: new Set(), foldRunsOf: 8 });
    for (const r of ds.traces[t].roots) criticalPath(ds, r);
    adjustSkew(ds, order);
    deriveGraph(ds, { trace: t });
  }
  searchSpans(ds, 'a kind:server');
}

function streamOne(name: string, text: string, options = {}): { ds: Dataset; format: string | null } {
  const b = new DatasetBuilder();
  const s = new StreamImporter(b, name, options);
  const bytes = new TextEncoder().encode(text);
  for (let p = 0; p < bytes.length; p += 8191) s.push(bytes.slice(p, p + 8191));
  const out = s.end();
  return { ds: b.finish(), format: out.format };
}

const codes = (ds: Dataset) => ds.warnings.map((w) => w.code);

describe('truncated files: every 10% cut of a valid file', () => {
  for (const format of SYNTH_FORMATS) {
    const text = synthText(format, { spans: 300, seed: 5, batchSpans: 40 });
    const full = importOne('full', text).ds;
    const fullIds = new Set(full.spanId);

    it(`${format}: importText reports where the file ends; complete JSON lines still load`, () => {
      for (let p = 1; p <= 9; p++) {
        const cut = text.slice(0, Math.floor((text.length * p) / 10));
        let r: ReturnType<typeof importOne> | undefined;
        expect(() => (r = importOne('cut.json', cut))).not.toThrow();
        const { outcome, ds } = r as ReturnType<typeof importOne>;
        exerciseViews(ds);
        const lastLine = cut.lastIndexOf('\n');
        if (format === 'otlp-jsonl' && lastLine > 0) {
          // the complete lines load; the cut line is a warning with its line number
          expect(outcome.format).toBe('otlp-jsonl');
          expect(ds.spanCount).toBe(importOne('head', cut.slice(0, lastLine + 1)).ds.spanCount);
          expect(ds.spanCount).toBeGreaterThan(0);
          const bad = ds.warnings.filter((w) => w.code === 'BAD_LINE');
          expect(bad).toHaveLength(1);
          expect(bad[0].message).toMatch(/^line \d+: invalid JSON/);
        } else {
          expect(outcome.format).toBeNull();
          expect(ds.spanCount).toBe(0);
          expect(ds.errors).toHaveLength(1);
          expect(ds.errors[0].file).toBe('cut.json');
          expect(ds.errors[0].message).toMatch(/^invalid JSON at line \d+:\d+: /);
        }
      }
    });

    it(`${format}: the stream importer keeps every complete span before the cut`, () => {
      let before = 0;
      for (let p = 1; p <= 9; p++) {
        const cut = text.slice(0, Math.floor((text.length * p) / 10));
        const { ds, format: got } = streamOne('cut.json', cut);
        exerciseViews(ds);
        expect(got).toBe(format === 'otlp-jsonl' && cut.includes('\n') ? 'otlp-jsonl' : format === 'otlp-jsonl' ? 'otlp' : format);
        // more of the file never loads fewer spans, and only spans of the file load
        expect(ds.spanCount).toBeGreaterThanOrEqual(before);
        expect(ds.spanCount).toBeGreaterThan(0);
        expect(ds.spanCount).toBeLessThan(full.spanCount);
        for (const id of ds.spanId) expect(fullIds.has(id)).toBe(true);
        before = ds.spanCount;
        const problems = [...ds.errors.map((e) => e.message), ...ds.warnings.filter((w) => w.code === 'BAD_LINE').map((w) => w.message)];
        expect(problems.join('\n')).toMatch(/line \d+.*(unexpected end of input|invalid JSON)/);
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Required fields, one missing at a time

const T = '0af7651916cd43dd8448eb211c80319c';
type Rec = Record<string, unknown>;
const OTLP_SPAN: Rec = { traceId: T, spanId: 'b7ad6b7169203331', parentSpanId: 'b7ad6b7169203330', name: 'n', kind: 2, startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000000000001000', attributes: [{ key: 'a', value: { stringValue: 'b' } }], status: { code: 1 } };
const JAEGER_SPAN: Rec = { traceID: 'abc', spanID: '1', operationName: 'x', references: [{ refType: 'CHILD_OF', traceID: 'abc', spanID: '2' }], startTime: 1700000000000000, duration: 5, tags: [{ key: 'a', type: 'string', value: 'b' }], processID: 'p1' };
const ZIPKIN_SPAN: Rec = { traceId: 'abc', id: '1', parentId: '2', name: 'x', kind: 'SERVER', timestamp: 1700000000000000, duration: 5, localEndpoint: { serviceName: 's' }, tags: { a: 'b' } };

/** A document holding `bad` and a good sibling span (named "good"). */
function docWith(format: 'otlp' | 'jaeger' | 'zipkin', bad: unknown): string {
  switch (format) {
    case 'otlp':
      return JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 's' } }] }, scopeSpans: [{ spans: [bad, { ...OTLP_SPAN, spanId: 'b7ad6b7169203332', parentSpanId: '', name: 'good' }] }] }] });
    case 'jaeger':
      return JSON.stringify({ data: [{ traceID: 'abc', spans: [bad, { ...JAEGER_SPAN, spanID: '3', references: [], operationName: 'good' }], processes: { p1: { serviceName: 's' } } }] });
    case 'zipkin':
      return JSON.stringify([bad, { ...ZIPKIN_SPAN, id: '3', parentId: undefined, name: 'good' }]);
  }
}

/**
 * What a missing field does. skip: the span is dropped with a BAD_RECORD warning naming the field;
 * warn: kept, with a warning naming the field (or MISSING_TIMESTAMP); end: kept without a duration
 * (repair flag NO_DURATION), with a warning naming the field (MISSING_END; Zipkin, whose v2 spans may
 * leave it out, NO_DURATION); optional: the format allows the field to be absent.
 */
type Missing = 'skip' | 'warn' | 'end' | 'optional';
const MISSING: Record<'otlp' | 'jaeger' | 'zipkin', [Rec, Record<string, Missing>]> = {
  otlp: [OTLP_SPAN, { traceId: 'skip', spanId: 'skip', parentSpanId: 'optional', name: 'warn', kind: 'optional', startTimeUnixNano: 'warn', endTimeUnixNano: 'end', attributes: 'optional', status: 'optional' }],
  jaeger: [JAEGER_SPAN, { traceID: 'warn', spanID: 'skip', operationName: 'warn', references: 'optional', startTime: 'warn', duration: 'end', tags: 'optional', processID: 'warn' }],
  zipkin: [ZIPKIN_SPAN, { traceId: 'skip', id: 'skip', parentId: 'optional', name: 'optional', kind: 'optional', timestamp: 'warn', duration: 'end', localEndpoint: 'optional', tags: 'optional' }],
};

describe('required fields missing in turn', () => {
  for (const format of ['otlp', 'jaeger', 'zipkin'] as const) {
    const [span, table] = MISSING[format];
    it(`${format}: every field of a span, one at a time`, () => {
      expect(Object.keys(table).sort()).toEqual(Object.keys(span).sort());
      for (const [field, what] of Object.entries(table)) {
        const bad = { ...span };
        delete bad[field];
        const { outcome, ds } = importOne(`${format}.json`, docWith(format, bad));
        exerciseViews(ds);
        const names = Array.from({ length: ds.spanCount }, (_, i) => spanName(ds, i));
        expect(outcome.format, field).toBe(format);
        expect(names, field).toContain('good');
        const own = ds.warnings.filter((w) => w.code !== 'MISSING_PARENT');
        if (what === 'skip') {
          expect(ds.spanCount, field).toBe(1);
          expect(own.some((w) => w.code === 'BAD_RECORD' && w.message.includes(field)), `${field}: ${JSON.stringify(own)}`).toBe(true);
        } else {
          expect(ds.spanCount, field).toBe(2);
          const i = names.indexOf('good') === 0 ? 1 : 0;
          if (what === 'warn') expect(own.some((w) => w.message.includes(field) || (w.code === 'MISSING_TIMESTAMP' && w.spanId === ds.spanId[i])), `${field}: ${JSON.stringify(own)}`).toBe(true);
          if (what === 'end') {
            expect(ds.flags[i] & SpanFlag.NO_DURATION, field).toBeTruthy();
            const w = own.filter((x) => x.code === (format === 'zipkin' ? 'NO_DURATION' : 'MISSING_END'));
            expect(w.map((x) => [x.where.endsWith(`.${field}`), x.spanId]), `${field}: ${JSON.stringify(own)}`).toEqual([[true, ds.spanId[i]]]);
          }
        }
      }
    });
  }

  it('documents without their span containers: a clear file error, or an empty load', () => {
    expect(importOne('a.json', '{}').ds.errors[0].message).toMatch(/^not a recognised trace file; tried OTLP\/JSON: .*; Jaeger JSON: .*; Zipkin v2 JSON: /);
    expect(importOne('b.json', '{"data": [{"traceID": "1", "processes": {}}]}').ds.errors[0].message).toMatch(/Jaeger JSON: data\[\] holds no traces with traceID and spans/);
    expect(importOne('c.json', '{"data": [{"traceID": "1", "processes": {}}, {"traceID": "2", "spans": []}]}').ds.warnings.map((w) => w.message)).toEqual(['data[0].spans: missing spans array; trace skipped']);
    for (const text of ['{"resourceSpans": [{"resource": {}}]}', '{"resourceSpans": [{"scopeSpans": [{}]}]}', '[]', '{"data": [], "total": 0}']) {
      const { outcome, ds } = importOne('empty.json', text);
      expect(outcome.format).not.toBeNull();
      expect(ds.spanCount).toBe(0);
      expect(ds.errors).toEqual([]);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Wrong types

const WRONG: readonly unknown[] = [null, true, false, 0, -1, 1.5, 1e308, '', 'text', [], [1, 'a'], {}, { a: 1 }, '\u0000', 'NaN'];

describe('wrong types in every field', () => {
  for (const format of ['otlp', 'jaeger', 'zipkin'] as const) {
    const span = MISSING[format][0];
    it(`${format}: each field set to each JSON type; nothing throws, the good span loads, the problem is reported`, () => {
      let unreported: string[] = [];
      for (const field of Object.keys(span)) {
        for (const value of WRONG) {
          const bad = { ...span, [field]: value };
          let r: ReturnType<typeof importOne> | undefined;
          expect(() => (r = importOne(`${format}.json`, docWith(format, bad)))).not.toThrow();
          const { ds } = r as ReturnType<typeof importOne>;
          expect(() => exerciseViews(ds)).not.toThrow();
          expect(Array.from({ length: ds.spanCount }, (_, i) => spanName(ds, i)), `${field}=${JSON.stringify(value)}`).toContain('good');
          const sameType = typeof value === typeof span[field] && Array.isArray(value) === Array.isArray(span[field]);
          if (!sameType && value !== null && ds.warnings.filter((w) => w.code !== 'MISSING_PARENT').length === 0) unreported.push(`${field}=${JSON.stringify(value)}`);
        }
      }
      // a value of the wrong JSON type is reported, except where the format reads it leniently
      unreported = unreported.filter((u) => !LENIENT[format].some((re) => re.test(u)));
      expect(unreported, unreported.join(" ")).toEqual([]);
    });
  }

  for (const format of ['otlp', 'jaeger', 'zipkin'] as const) {
    it(`${format}: the document and its containers as every JSON type`, () => {
      for (const value of WRONG) {
        const texts =
          format === 'otlp'
            ? [{ resourceSpans: value }, { resourceSpans: [value] }, { resourceSpans: [{ resource: value, scopeSpans: [{ spans: [OTLP_SPAN] }] }] }, { resourceSpans: [{ scopeSpans: value }] }, { resourceSpans: [{ scopeSpans: [value] }] }, { resourceSpans: [{ scopeSpans: [{ scope: value, spans: value }] }] }]
            : format === 'jaeger'
              ? [{ data: value }, { data: [value] }, { data: [{ traceID: value, spans: value, processes: value }] }, { data: [{ traceID: 'a', spans: [JAEGER_SPAN], processes: { p1: value } }] }, { data: [{ traceID: 'a', spans: [{ ...JAEGER_SPAN, logs: [value], references: [value], tags: [value] }] }], errors: value }]
              : [[value], [[value]], [{ ...ZIPKIN_SPAN, annotations: [value], localEndpoint: value, remoteEndpoint: value, tags: { a: value } }]];
        for (const doc of texts) {
          let r: ReturnType<typeof importOne> | undefined;
          expect(() => (r = importOne('t.json', JSON.stringify(doc)))).not.toThrow();
          const { ds } = r as ReturnType<typeof importOne>;
          expect(() => exerciseViews(ds)).not.toThrow();
          // a file error, or the format was recognised (an empty container is a valid empty load)
          if (ds.errors.length === 0) expect(ds.files[0].format, JSON.stringify(doc)).toBe(format);
        }
      }
    });
  }
});

/** Field/value pairs a format accepts on purpose (values read by their JSON type, as the format's own readers do). */
const LENIENT: Record<'otlp' | 'jaeger' | 'zipkin', RegExp[]> = {
  // proto3 JSON: an empty string id or parent is "unset"; kind/status by number
  otlp: [/^parentSpanId=""$/],
  // Jaeger: typed tags and ids are read leniently by the collector too; startTime/duration may be digit strings
  jaeger: [/^references=\{\}$/, /^references=\{"a":1\}$/, /^tags=\{/],
  // Zipkin: empty parentId means none; an all-zero id means none
  zipkin: [/^parentId=""$/],
};

// ---------------------------------------------------------------------------------------------
// Parents: cycles, self-parents, duplicates

describe('parent cycles, self-parents and duplicate ids', () => {
  const otlpChain = (links: [string, string][]) =>
    JSON.stringify({
      resourceSpans: [{ scopeSpans: [{ spans: links.map(([id, parent], k) => ({ traceId: T, spanId: id, parentSpanId: parent, name: `s${k}`, kind: k % 2 ? 3 : 2, startTimeUnixNano: `${1_700_000_000_000_000_000 + k * 1000}`, endTimeUnixNano: `${1_700_000_000_000_000_000 + 100_000}` })) }] }],
    });
  const id = (k: number) => k.toString(16).padStart(16, 'a');

  it('otlp: a two-span cycle, a long cycle and a self-parent are cut with warnings; every span stays', () => {
    const links: [string, string][] = [
      [id(1), id(2)],
      [id(2), id(1)],
      [id(3), id(3)],
      ...Array.from({ length: 50 }, (_, k) => [id(100 + k), id(100 + ((k + 1) % 50))] as [string, string]),
      [id(200), id(100)],
    ];
    const { ds } = importOne('cycles.json', otlpChain(links));
    exerciseViews(ds);
    expect(ds.spanCount).toBe(links.length);
    expect(codes(ds).filter((c) => c === 'PARENT_CYCLE')).toHaveLength(2);
    expect(codes(ds).filter((c) => c === 'SELF_PARENT')).toHaveLength(1);
    // every span is reachable from a root in the trace order
    expect(ds.traces[0].order.length).toBe(links.length);
    for (let i = 0; i < ds.spanCount; i++) if (ds.flags[i] & SpanFlag.CYCLE_BROKEN) expect(ds.parent[i]).toBe(-1);
  });

  it('jaeger and zipkin: cycles through references / parentId are cut with warnings', () => {
    const j = JSON.stringify({ data: [{ traceID: 'abc', spans: ['1', '2', '3'].map((s, k) => ({ ...JAEGER_SPAN, spanID: s, references: [{ refType: 'CHILD_OF', spanID: ['2', '3', '1'][k] }] })), processes: { p1: { serviceName: 's' } } }] });
    const z = JSON.stringify(['1', '2', '3'].map((s, k) => ({ ...ZIPKIN_SPAN, id: s, parentId: ['2', '3', '1'][k] })));
    for (const text of [j, z]) {
      const { ds } = importOne('c.json', text);
      exerciseViews(ds);
      expect(ds.spanCount).toBe(3);
      expect(codes(ds)).toContain('PARENT_CYCLE');
    }
    const self = importOne('self.json', JSON.stringify({ data: [{ traceID: 'abc', spans: [{ ...JAEGER_SPAN, references: [{ refType: 'CHILD_OF', spanID: '1' }] }], processes: { p1: { serviceName: 's' } } }] })).ds;
    expect(codes(self)).toEqual(['SELF_PARENT']);
    // Zipkin: a parentId equal to the span's own id is dropped by design (zipkin.ts), shown as a root
    const zSelf = importOne('zself.json', JSON.stringify([{ ...ZIPKIN_SPAN, parentId: '1' }])).ds;
    expect(zSelf.parent[0]).toBe(-1);
  });

  it('10^5 spans with one id: all kept, warnings capped with a count, views still work', () => {
    const b = new DatasetBuilder();
    b.beginFile('dups', 'otlp', 0);
    const res = b.resource('svc', []);
    const scope = b.scope('', '', []);
    for (let i = 0; i < 100_000; i++) {
      b.beginSpan();
      b.endSpan({ traceId: 't', spanId: 'aaaaaaaaaaaaaaaa', parentSpanId: i % 3 === 0 ? '' : 'aaaaaaaaaaaaaaaa', name: 'dup', kind: (i % 2 ? 3 : 2) as 2 | 3, resource: res, scope, startSec: 1_700_000_000, startNano: i, endSec: 1_700_000_001, endNano: 0, statusCode: 0, statusMessage: '', traceState: '', flags: 0 });
    }
    const ds = b.finish();
    expect(ds.spanCount).toBe(100_000);
    const dup = ds.warnings.filter((w) => w.code === 'DUPLICATE_SPAN_ID');
    expect(dup).toHaveLength(101); // 100 listed + one summary
    expect(dup[100].message).toBe('99899 more DUPLICATE_SPAN_ID warnings not listed (99999 in all)');
    expect(ds.warnings.length).toBeLessThan(300);
    exerciseViews(ds);
  });

  it('duplicate ids in each format: both records kept, a warning each', () => {
    const texts = [
      JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [OTLP_SPAN, OTLP_SPAN, { ...OTLP_SPAN, parentSpanId: OTLP_SPAN.spanId }] }] }] }),
      JSON.stringify({ data: [{ traceID: 'abc', spans: [JAEGER_SPAN, JAEGER_SPAN], processes: { p1: { serviceName: 's' } } }] }),
      JSON.stringify([ZIPKIN_SPAN, ZIPKIN_SPAN]),
    ];
    for (const text of texts) {
      const { ds } = importOne('d.json', text);
      exerciseViews(ds);
      expect(ds.spanCount).toBeGreaterThanOrEqual(2);
      expect(codes(ds)).toContain('DUPLICATE_SPAN_ID');
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Ids and times

describe('ids of odd lengths', () => {
  const ODD = ['a', 'abc', '0', '123456789abcdef', '123456789abcdef01', '0af7651916cd43dd8448eb211c80319', '0af7651916cd43dd8448eb211c80319c0', 'x'.repeat(1000), 'ABCDEF0123456789', ' 1', '\u202e1234', '12345678-1234-1234-1234-123456789abc'];
  it('otlp: an id that is not 16/32 hex digits (or their base64) skips the span with its path', () => {
    for (const bad of ODD) {
      for (const field of ['traceId', 'spanId']) {
        const { ds } = importOne('o.json', docWith('otlp', { ...OTLP_SPAN, [field]: bad }));
        exerciseViews(ds);
        const upper = bad.toUpperCase() === bad && /^[0-9A-F]{16}$/.test(bad) && field === 'spanId';
        if (upper) continue; // upper-case hex of the right length is accepted and lowercased
        expect(ds.spanCount, `${field}=${bad.slice(0, 20)}`).toBe(1);
        expect(ds.warnings.find((w) => w.code === 'BAD_RECORD')?.message).toMatch(new RegExp(`spans\\[0\\]\\.${field}: not a hex id$`));
      }
      const parent = importOne('p.json', docWith('otlp', { ...OTLP_SPAN, parentSpanId: bad })).ds;
      if (!/^[0-9A-F]{16}$/.test(bad)) expect(parent.warnings.some((w) => w.message.includes('parentSpanId: not a hex id; the span is shown as a root')), bad).toBe(true);
    }
  });

  it('jaeger and zipkin: odd ids are kept (short hex padded to 16, others as written) and still link parents', () => {
    for (const bad of ODD) {
      const j = importOne('j.json', JSON.stringify({ data: [{ traceID: bad, spans: [{ ...JAEGER_SPAN, traceID: bad, spanID: bad, references: [] }, { ...JAEGER_SPAN, traceID: bad, spanID: 'c', references: [{ refType: 'CHILD_OF', traceID: bad, spanID: bad }] }], processes: { p1: { serviceName: 's' } } }] })).ds;
      const z = importOne('z.json', JSON.stringify([{ ...ZIPKIN_SPAN, traceId: bad, id: bad, parentId: undefined }, { ...ZIPKIN_SPAN, traceId: bad, id: 'c', parentId: bad }])).ds;
      for (const ds of [j, z]) {
        exerciseViews(ds);
        if (/^0+$/.test(bad)) continue; // an all-zero Zipkin id is "none": skipped with a warning
        expect(ds.spanCount, bad).toBe(2);
        expect(ds.parent[1], bad).toBe(0);
      }
    }
    expect(importOne('z0.json', JSON.stringify([{ ...ZIPKIN_SPAN, traceId: '0' }])).ds.warnings[0].message).toBe('[0].traceId: traceId "0" is all zeros; span skipped');
  });
});

describe('timestamps: 0, negative, beyond 2^63, floats; ends before starts', () => {
  const otlpTimes = (start: unknown, end: unknown) => importOne('t.json', docWith('otlp', { ...OTLP_SPAN, startTimeUnixNano: start, endTimeUnixNano: end })).ds;
  const jaegerTimes = (start: unknown, duration: unknown) => importOne('t.json', docWith('jaeger', { ...JAEGER_SPAN, startTime: start, duration })).ds;
  const zipkinTimes = (timestamp: unknown, duration: unknown) => importOne('t.json', docWith('zipkin', { ...ZIPKIN_SPAN, timestamp, duration })).ds;
  const badSpan = (ds: Dataset) => (spanName(ds, 0) === 'good' ? 1 : 0);
  const SPAN_PATH = { otlp: 'resourceSpans[0].scopeSpans[0].spans[0]', jaeger: 'data[0].spans[0]', zipkin: '[0]' } as const;

  /**
   * The bad span's time warning: exactly one of `code`, at the field's JSON path, with the span's
   * ids and a message naming the field; both spans loaded; never also a BAD_RECORD.
   */
  function expectTimeWarning(ds: Dataset, format: keyof typeof SPAN_PATH, code: string, field: string, message: RegExp): void {
    exerciseViews(ds);
    expect(ds.spanCount).toBe(2);
    const i = badSpan(ds);
    const w = ds.warnings.filter((x) => x.code === code);
    expect(w, JSON.stringify(ds.warnings)).toHaveLength(1);
    expect(w[0].where).toBe(`t.json: ${SPAN_PATH[format]}.${field}`);
    expect(w[0].message).toMatch(new RegExp(`^${SPAN_PATH[format].replace(/[[\].]/g, '\\$&')}\\.${field}: `));
    expect(w[0].message).toMatch(message);
    expect(w[0].spanId).toBe(ds.spanId[i]);
    expect(w[0].traceId).toBe(ds.traces[ds.trace[i]].id);
    expect(codes(ds)).not.toContain('BAD_RECORD');
    for (let k = 0; k < ds.spanCount; k++) {
      expect(Number.isFinite(ds.start[k])).toBe(true);
      expect(ds.duration[k]).toBeGreaterThanOrEqual(0);
    }
  }
  const noStart = (ds: Dataset) => {
    expect(ds.flags[badSpan(ds)] & SpanFlag.NO_TIMESTAMP).toBeTruthy();
    expect(codes(ds)).toContain('MISSING_TIMESTAMP'); // the builder's repair note
  };
  const noEnd = (ds: Dataset) => {
    expect(ds.flags[badSpan(ds)] & SpanFlag.NO_DURATION).toBeTruthy();
    expect(codes(ds)).not.toContain('END_BEFORE_START');
  };
  const END = '1700000000000001000';

  it('otlp: 0 is proto3\'s "unset": ZERO_TIMESTAMP, the time is unknown', () => {
    for (const zero of ['0', 0, '0000000000000000000']) {
      const start = otlpTimes(zero, END);
      expectTimeWarning(start, 'otlp', 'ZERO_TIMESTAMP', 'startTimeUnixNano', /is proto3's "unset"; start time unknown/);
      noStart(start);
      const end = otlpTimes('1700000000000000000', zero);
      expectTimeWarning(end, 'otlp', 'ZERO_TIMESTAMP', 'endTimeUnixNano', /is proto3's "unset"; end time unknown/);
      noEnd(end);
    }
    // snake_case fields are named as written
    const snake = importOne('t.json', docWith('otlp', { ...OTLP_SPAN, startTimeUnixNano: undefined, start_time_unix_nano: '0' })).ds;
    expectTimeWarning(snake, 'otlp', 'ZERO_TIMESTAMP', 'start_time_unix_nano', /unset/);
  });

  it('otlp: negative, beyond 2^63-1 ns and fractional times: BAD_TIMESTAMP, the time is unknown', () => {
    const cases: [unknown, RegExp][] = [
      ['-5', /^.*: "-5" is negative; /],
      [-5, /: -5 is negative; /],
      ['9223372036854775808', /"9223372036854775808" is beyond 2\^63-1 ns \(the year 2262\)/],
      ['99999999999999999999', /is beyond 2\^63-1 ns/],
      [2 ** 63, /is beyond 2\^63-1 ns/],
      [1e308, /1e\+308 is beyond 2\^63-1 ns/],
      [1.5, /1\.5 is not a whole number of nanoseconds/],
      ['1700000000000000000.5', /is not a whole number of nanoseconds/],
      ['soon', /"soon" is not a nanosecond timestamp/],
    ];
    for (const [bad, message] of cases) {
      const start = otlpTimes(bad, END);
      expectTimeWarning(start, 'otlp', 'BAD_TIMESTAMP', 'startTimeUnixNano', message);
      noStart(start);
      const end = otlpTimes('1700000000000000000', bad);
      expectTimeWarning(end, 'otlp', 'BAD_TIMESTAMP', 'endTimeUnixNano', message);
      noEnd(end);
    }
  });

  it('otlp: 2^63-1 ns is the last time read, exactly and without a warning', () => {
    // in a trace of its own, so that its offset from the trace's epoch is exact
    const ds = importOne('t.json', docWith('otlp', { ...OTLP_SPAN, traceId: 'f'.repeat(32), startTimeUnixNano: '9223372036854775806', endTimeUnixNano: '9223372036854775807' })).ds;
    exerciseViews(ds);
    expect(ds.warnings.filter((w) => w.code !== 'MISSING_PARENT')).toEqual([]);
    const i = badSpan(ds);
    expect(ds.traces[ds.trace[i]].epochNs + BigInt(ds.start[i])).toBe(9223372036854775806n);
    expect(ds.duration[i]).toBe(1);
  });

  it('otlp: a missing end is MISSING_END; a missing or empty name is MISSING_NAME', () => {
    const end = importOne('t.json', docWith('otlp', { ...OTLP_SPAN, endTimeUnixNano: undefined })).ds;
    expectTimeWarning(end, 'otlp', 'MISSING_END', 'endTimeUnixNano', /missing; the span is shown without a duration/);
    noEnd(end);
    for (const name of [undefined, '']) {
      const ds = importOne('t.json', docWith('otlp', { ...OTLP_SPAN, name })).ds;
      expectTimeWarning(ds, 'otlp', 'MISSING_NAME', 'name', name === undefined ? /: missing \(a span name is required\)/ : /: empty \(a span name is required\)/);
      expect(spanName(ds, badSpan(ds))).toBe('');
    }
  });

  it('jaeger: startTime 0, negative, beyond 2^53 µs; duration missing or beyond', () => {
    for (const zero of [0, '0']) {
      const ds = jaegerTimes(zero, 10);
      expectTimeWarning(ds, 'jaeger', 'ZERO_TIMESTAMP', 'startTime', /startTime is .*0.*, which means unset; start time unknown/);
      noStart(ds);
    }
    const cases: [unknown, RegExp][] = [
      [-5, /startTime is a number \(-5\), negative; /],
      ['-5', /startTime is a string "-5", negative; /],
      [2 ** 64, /beyond 2\^53 µs \(the year 2255\)/],
      [1e308, /beyond 2\^53 µs/],
      ['99999999999999999', /beyond 2\^53 µs/],
      ['99999999999999999999', /beyond 2\^53 µs/],
      ['NaN', /expected microseconds since the epoch/],
    ];
    for (const [bad, message] of cases) {
      const ds = jaegerTimes(bad, 10);
      expectTimeWarning(ds, 'jaeger', 'BAD_TIMESTAMP', 'startTime', message);
      noStart(ds);
    }
    for (const missing of [undefined, null]) {
      const ds = jaegerTimes(1_700_000_000_000_000, missing);
      expectTimeWarning(ds, 'jaeger', 'MISSING_END', 'duration', /duration.*; the span is shown without a duration/);
      noEnd(ds);
    }
    for (const bad of [2 ** 64, 'NaN', '1.5']) {
      const ds = jaegerTimes(1_700_000_000_000_000, bad);
      expectTimeWarning(ds, 'jaeger', 'BAD_TIMESTAMP', 'duration', /expected microseconds; the span is shown without a duration/);
      noEnd(ds);
    }
  });

  it('zipkin: timestamp 0, negative, beyond 2^53 µs; duration negative, beyond or left out', () => {
    for (const zero of [0, '0']) {
      const ds = zipkinTimes(zero, 10);
      expectTimeWarning(ds, 'zipkin', 'ZERO_TIMESTAMP', 'timestamp', /means unset in Zipkin; start unknown/);
      noStart(ds);
    }
    for (const [bad, message] of [
      [-5, /timestamp -5 is negative/],
      [2 ** 64, /is beyond 2\^53 µs/],
      ['soon', /is not a count of microseconds/],
    ] as [unknown, RegExp][]) {
      const ds = zipkinTimes(bad, 10);
      expectTimeWarning(ds, 'zipkin', 'BAD_TIMESTAMP', 'timestamp', message);
      noStart(ds);
    }
    for (const [bad, message] of [
      [-10, /duration -10 is negative; duration unknown/],
      [2 ** 64, /is beyond 2\^53 µs/],
    ] as [unknown, RegExp][]) {
      const ds = zipkinTimes(1_700_000_000_000_000, bad);
      expectTimeWarning(ds, 'zipkin', 'BAD_TIMESTAMP', 'duration', message);
      noEnd(ds);
    }
    // Zipkin v2 leaves duration out when unknown: a softer code of its own
    const open = zipkinTimes(1_700_000_000_000_000, undefined);
    expectTimeWarning(open, 'zipkin', 'NO_DURATION', 'duration', /no duration \(Zipkin omits it when unknown\)/);
    noEnd(open);
    // without a timestamp too, only the builder's MISSING_TIMESTAMP: nothing to say about the duration
    expect(codes(zipkinTimes(undefined, undefined)).filter((c) => c !== 'MISSING_PARENT')).toEqual(['MISSING_TIMESTAMP']);
  });

  it('ends before starts: END_BEFORE_START (OTLP, Jaeger negative duration); duration 0', () => {
    for (const ds of [otlpTimes('1700000000000000100', '1700000000000000000'), jaegerTimes(1_700_000_000_000_000, -10)]) {
      exerciseViews(ds);
      expect(codes(ds)).toContain('END_BEFORE_START');
      expect(ds.flags[badSpan(ds)] & SpanFlag.END_BEFORE_START).toBeTruthy();
      expect(ds.duration[badSpan(ds)]).toBe(0);
    }
  });

  it('fractional microseconds (Jaeger, Zipkin) are read to the nanosecond without a warning', () => {
    // OpenTelemetry's Zipkin exporter writes them (hrTimeToMicroseconds): real data, not an error
    for (const ds of [jaegerTimes(1_700_000_000_000_000.5, 10.25), zipkinTimes(1_700_000_000_000_000.5, 10.25)]) {
      exerciseViews(ds);
      expect(ds.warnings.filter((w) => w.code !== 'MISSING_PARENT')).toEqual([]);
      expect(ds.duration[badSpan(ds)]).toBe(10_250);
    }
  });

  it('the warnings keep their line in JSON lines files', () => {
    const line = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ ...OTLP_SPAN, startTimeUnixNano: 0 }] }] }] });
    const ds = importOne('t.jsonl', `${line}\n${line.replace('"startTimeUnixNano":0', '"startTimeUnixNano":"1700000000000000000"')}\n`).ds;
    const w = ds.warnings.filter((x) => x.code === 'ZERO_TIMESTAMP');
    expect(w.map((x) => x.where)).toEqual(['t.jsonl: line 1: resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano']);
  });
});

// ---------------------------------------------------------------------------------------------
// Size: 10^6 siblings, a chain 10^5 deep

describe('extreme shapes (built with DatasetBuilder directly)', () => {
  const scopeOf = (b: DatasetBuilder) => b.scope('', '', []);
  const hex = (i: number) => i.toString(16).padStart(16, '0');

  it('a trace of 1,000,000 siblings: builder, rows, critical path, skew, graph, search', () => {
    const n = 1_000_000;
    const b = new DatasetBuilder();
    b.beginFile('wide', 'otlp', 0);
    // siblings in runs of 1024 identical spans (folded by the waterfall), alternating CLIENT/api and SERVER/db
    const scope = scopeOf(b);
    const api = b.resource('api', [{ key: 'service.name', value: { type: 'string', value: 'api' } }]);
    const db = b.resource('db', [{ key: 'service.name', value: { type: 'string', value: 'db' } }]);
    for (let i = 0; i < n; i++) {
      b.beginSpan();
      if (i > 0 && i % 1000 === 0) b.attrString('peer.service', 'db');
      b.endSpan({ traceId: 'w', spanId: hex(i), parentSpanId: i === 0 ? '' : hex(0), name: i === 0 ? 'root' : 'SELECT', kind: (i === 0 || (i >> 10) % 2 ? 2 : 3) as 2 | 3, resource: i === 0 || (i >> 10) % 2 ? db : api, scope, startSec: 1_700_000_000, startNano: i, endSec: 1_700_000_000, endNano: i === 0 ? 999_999_999 : i + 500, statusCode: 0, statusMessage: '', traceState: '', flags: 0 });
    }
    const ds = b.finish();
    expect(ds.spanCount).toBe(n);
    expect(ds.traces[0].roots).toEqual([0]);
    expect(ds.depth[n - 1]).toBe(1);
    const tree = traceTree(ds, ds.traces[0].order);
    expect(tree.subtreeSize[0]).toBe(n);
    expect(buildRows(ds, tree, { collapsed: new Set() }).count).toBe(n);
    expect(buildRows(ds, tree, { collapsed: new Set([0]) }).count).toBe(1);
    expect(buildRows(ds, tree, { collapsed: new Set(), foldRunsOf: 8 }).count).toBeLessThan(1000);
    const cp = criticalPath(ds, 0);
    expect(cp.length).toBeGreaterThan(0);
    expect(cp[0].start).toBe(0);
    expect(adjustSkew(ds, ds.traces[0].order).start.length).toBe(n);
    const g = deriveGraph(ds);
    expect(g.nodes.map((x) => x.id)).toEqual(expect.arrayContaining(['api', 'db']));
    expect(searchSpans(ds, 'name:root')).toEqual(new Int32Array([0]));
  }, 30_000);

  it('a chain 100,000 deep: no recursion anywhere (import, builder, rows, critical path, skew, graph, search)', () => {
    const n = 100_000;
    // through an importer too: Zipkin text of a chain (each span the child of the previous)
    const spans: string[] = [];
    for (let i = 0; i < n; i++) spans.push(`{"traceId":"c","id":"${hex(i + 1)}"${i > 0 ? `,"parentId":"${hex(i)}"` : ''},"name":"hop","kind":"${i % 2 ? 'CLIENT' : 'SERVER'}","timestamp":${1_700_000_000_000_000 + i},"duration":${2 * n - 2 * i},"localEndpoint":{"serviceName":"s${i % 7}"}}`);
    const text = `[${spans.join(',')}]`;
    const { ds } = importOne('chain.json', text);
    expect(ds.spanCount).toBe(n);
    expect(ds.errors).toEqual([]);
    expect(ds.depth[ds.traces[0].order[n - 1]]).toBe(n - 1);
    const tree = traceTree(ds, ds.traces[0].order);
    expect(tree.subtreeSize[0]).toBe(n);
    expect(buildRows(ds, tree, { collapsed: new Set() }).count).toBe(n);
    expect(criticalPath(ds, ds.traces[0].roots[0]).length).toBeGreaterThanOrEqual(n);
    expect(adjustSkew(ds, ds.traces[0].order).start.length).toBe(n);
    expect(deriveGraph(ds).edges.length).toBeGreaterThan(0);
    expect(searchSpans(ds, 'hop').length).toBe(n);
    // the stream importer, in small batches
    const streamed = streamOne('chain.json', text, { batchBytes: 64 * 1024, runBytes: 16 * 1024 });
    expect(streamed.ds.spanCount).toBe(n);
    expect(streamed.ds.depth[streamed.ds.traces[0].order[n - 1]]).toBe(n - 1);
    // a cycle through the whole chain: cut once, still one tree
    const b = new DatasetBuilder();
    b.beginFile('ring', 'otlp', 0);
    const scope = scopeOf(b);
    const res = b.resource('r', []);
    for (let i = 0; i < n; i++) {
      b.beginSpan();
      b.endSpan({ traceId: 'r', spanId: hex(i), parentSpanId: hex((i + n - 1) % n), name: 'ring', kind: 1, resource: res, scope, startSec: 1_700_000_000, startNano: i, endSec: 1_700_000_001, endNano: 0, statusCode: 0, statusMessage: '', traceState: '', flags: 0 });
    }
    const ring = b.finish();
    expect(codes(ring)).toEqual(['PARENT_CYCLE']);
    expect(ring.traces[0].roots).toHaveLength(1);
    exerciseViews(ring);
  }, 30_000);
});
