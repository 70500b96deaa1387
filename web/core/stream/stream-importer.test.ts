import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetBuilder } from '../model/builder.ts';
import { importText } from '../formats/index.ts';
import { summarize } from '../model/summary.ts';
import type { DatasetSummary } from '../model/summary.ts';
import { StreamImporter } from './stream-importer.ts';
import type { StreamImportOptions } from './stream-importer.ts';
import { synthText } from '../../test/generator.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 0) || 25;
const enc = new TextEncoder();

function viaText(text: string, name = 'f.json'): DatasetSummary {
  const b = new DatasetBuilder();
  importText(b, name, text);
  return summarize(b.finish());
}

/**
 * Pushes `bytes` in chunks of the given sizes (cycled), each chunk a fresh copy. Unless the options
 * say otherwise, each chunk is scanned as it comes (blockBytes 0), so that its edges fall where the
 * sizes put them.
 */
function viaStream(bytes: Uint8Array, sizes: readonly number[], options: StreamImportOptions = {}, name = 'f.json') {
  const b = new DatasetBuilder();
  const s = new StreamImporter(b, name, { blockBytes: 0, ...options });
  let pos = 0;
  let k = 0;
  let progressOk = true;
  while (pos < bytes.length) {
    const n = Math.max(1, sizes[k++ % sizes.length]);
    s.push(bytes.slice(pos, pos + n));
    pos += n;
    if (s.bytesRead !== Math.min(pos, bytes.length)) progressOk = false;
  }
  expect(progressOk).toBe(true);
  const outcome = s.end();
  const ds = b.finish();
  return { summary: summarize(ds), outcome, ds, lookahead: { ...s.lookahead } };
}

const chunking = fc.record({
  sizes: fc.array(fc.oneof(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 17, max: 2000 }), fc.integer({ min: 4096, max: 40_000 })), { minLength: 1, maxLength: 8 }),
  batchBytes: fc.integer({ min: 1, max: 30_000 }),
  runBytes: fc.integer({ min: 1, max: 5000 }),
  largeBytes: fc.oneof(fc.integer({ min: 1, max: 3000 }), fc.constant(1 << 20)),
  // 0: every pushed chunk is scanned as it comes (its edges fall anywhere); else gathered into blocks
  blockBytes: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 20_000 }), fc.constant(1 << 20)),
  lookahead: fc.boolean(),
});

function samePropertyForText(text: string, name = 'f.json', runs = RUNS): void {
  const expected = viaText(text, name);
  const bytes = enc.encode(text);
  fc.assert(
    fc.property(chunking, ({ sizes, ...options }) => {
      expect(viaStream(bytes, sizes, options, name).summary).toEqual(expected);
    }),
    { seed: 42, numRuns: runs },
  );
}

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/shared');
function fixtureFiles(): string[] {
  const out: string[] = [];
  for (const dir of readdirSync(FIXTURES, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const f of readdirSync(join(FIXTURES, dir.name))) if (/\.jsonl?$/.test(f)) out.push(join(dir.name, f));
  }
  return out.sort();
}

/** Warning codes the importers report with a JSON path (relative to the batch when streamed). */
const IMPORTER_CODES = new Set(['BAD_RECORD', 'BAD_TIMESTAMP', 'ZERO_TIMESTAMP', 'MISSING_END', 'MISSING_NAME', 'NO_DURATION']);

describe('StreamImporter: same result as importText, in any chunking (property)', () => {
  for (const format of ['otlp', 'otlp-jsonl', 'jaeger', 'zipkin'] as const) {
    it(`synthetic ${format}`, () => {
      samePropertyForText(synthText(format, { spans: 240, seed: 5, batchSpans: 60 }));
    });
  }

  it('shared fixture files', () => {
    for (const f of fixtureFiles()) {
      const text = readFileSync(join(FIXTURES, f), 'utf8');
      const expected = viaText(text, f);
      const bytes = enc.encode(text);
      fc.assert(
        fc.property(chunking, ({ sizes, ...options }) => {
          const got = viaStream(bytes, sizes, options, f).summary;
          // problems the importers report carry paths relative to the batch: compare them by code
          const norm = (s: DatasetSummary) => ({ ...s, warnings: s.warnings.map((w) => (IMPORTER_CODES.has(w.code) ? { code: w.code } : w)) });
          expect(norm(got), f).toEqual(norm(expected));
        }),
        { seed: 42, numRuns: Math.max(3, Math.round(RUNS / 8)) },
      );
    }
  });

  it('pretty-printed, BOM, CRLF, snake_case, context after the spans, nested Zipkin arrays', () => {
    const otlp = JSON.parse(synthText('otlp', { spans: 120, seed: 9, batchSpans: 40 })) as { resourceSpans: Record<string, unknown>[] };
    // resource after scopeSpans, scope after spans
    const reordered = {
      resourceSpans: otlp.resourceSpans.map((rs) => ({
        scopeSpans: (rs.scopeSpans as Record<string, unknown>[]).map((ss) => ({ spans: ss.spans, scope: ss.scope })),
        resource: rs.resource,
      })),
    };
    const snake = { resource_spans: otlp.resourceSpans.map((rs) => ({ resource: rs.resource, scope_spans: rs.scopeSpans })) };
    const jaeger = JSON.parse(synthText('jaeger', { spans: 120, seed: 9 })) as { data: Record<string, unknown>[] };
    const processesFirst = { data: jaeger.data.map((t) => ({ processes: t.processes, traceID: t.traceID, spans: t.spans })) };
    const zipkin = JSON.parse(synthText('zipkin', { spans: 120, seed: 9 })) as { traceId: string }[];
    const byTrace = new Map<string, unknown[]>();
    for (const s of zipkin) byTrace.set(s.traceId, [...(byTrace.get(s.traceId) ?? []), s]);
    const texts = [
      JSON.stringify(otlp, null, 2),
      '\ufeff' + JSON.stringify(otlp),
      JSON.stringify(reordered),
      JSON.stringify(snake, null, '\t'),
      JSON.stringify(jaeger, null, 1),
      JSON.stringify(processesFirst),
      JSON.stringify(jaeger.data[0]), // a single Jaeger trace object
      JSON.stringify([...byTrace.values()]),
      synthText('otlp-jsonl', { spans: 120, seed: 9, batchSpans: 30 }).replace(/\n/g, '\r\n'),
      '\n\n' + synthText('otlp-jsonl', { spans: 120, seed: 9, batchSpans: 30 }).replace(/\n/g, '\n\n  '),
    ];
    for (const text of texts) samePropertyForText(text, 'f.json', Math.max(4, Math.round(RUNS / 4)));
  });

  it('strings with escapes and multi-byte characters split anywhere', () => {
    const doc = JSON.parse(synthText('zipkin', { spans: 30, seed: 2 })) as { name: string; tags: Record<string, string> }[];
    doc.forEach((s, k) => {
      s.name = `naïve "quoted" \\ back\\slash ${'😀'.repeat(k % 3)} ✓ \u0001 ${k}`;
      s.tags['emoji.🔥'] = '\u2028\u2029 ünïcödé \\"';
    });
    samePropertyForText(JSON.stringify(doc));
    samePropertyForText(JSON.stringify(doc, null, 3));
  });
});

describe('StreamImporter: lookahead', () => {
  for (const format of ['otlp', 'otlp-jsonl', 'jaeger', 'zipkin'] as const) {
    it(`${format}: most records are read by lookahead, with the same result as scanning every byte`, () => {
      const text = synthText(format, { spans: 3000, seed: 3 });
      const bytes = enc.encode(text);
      const expected = viaText(text);
      // 64 KiB chunks, as a browser's file stream yields them, gathered into 1 MiB blocks
      const ahead = viaStream(bytes, [65_536], { blockBytes: 1 << 20 });
      expect(ahead.summary).toEqual(expected);
      expect(ahead.lookahead.bytes / bytes.length).toBeGreaterThan(0.75);
      const scanned = viaStream(bytes, [65_536], { blockBytes: 1 << 20, lookahead: false });
      expect(scanned.lookahead.runs).toBe(0);
      expect(scanned.summary).toEqual(expected);
    });
  }
});

describe('StreamImporter: files of known size', () => {
  // 12k spans, about 7 MB: the estimate is made after the first 4 MiB of records
  const text = synthText('otlp', { spans: 12_000, seed: 9, batchSpans: 500 });
  const bytes = enc.encode(text);
  const expected = viaText(text);

  it('columns are sized from the first MBs: the Dataset keeps at most 1/8 spare, and the result is the same', () => {
    const { summary, ds } = viaStream(bytes, [1 << 20], { totalBytes: bytes.length });
    expect(summary).toEqual(expected);
    expect(ds.trace.length).toBe(ds.spanCount);
    // a view on the builder's column as the estimate sized it (a little spare, not copied by finish())
    expect(ds.trace.buffer.byteLength).toBeGreaterThan(ds.spanCount * 4);
    expect(ds.trace.buffer.byteLength).toBeLessThanOrEqual(Math.ceil(ds.spanCount * 1.125) * 4);
    expect(ds.attrKey.buffer.byteLength).toBeLessThanOrEqual(Math.ceil(ds.attrKey.length * 1.125) * 4);
  });

  it('a wrong size (ten times too large, or too small) changes nothing but the sizing', () => {
    for (const totalBytes of [bytes.length * 10, Math.round(bytes.length / 3)]) {
      const { summary, ds } = viaStream(bytes, [65_536], { totalBytes });
      expect(summary).toEqual(expected);
      expect(ds.trace.buffer.byteLength).toBeLessThanOrEqual(Math.ceil(ds.spanCount * 1.125) * 4);
    }
  });
});

describe('StreamImporter: errors', () => {
  it('not a trace file, empty input, a scalar: the same errors as importText', () => {
    for (const text of ['{"hello":"world"}', '[1,2,3]', '42', '"x"', '{"resourceSpans":[]}', '[]', '{"data":[]}']) {
      const expected = viaText(text);
      for (const size of [1, 2, 100]) expect(viaStream(enc.encode(text), [size]).summary, text).toEqual(expected);
    }
    for (const text of ['', '   \n ']) {
      const got = viaStream(enc.encode(text), [1]);
      expect(got.outcome.format).toBeNull();
      expect(got.summary.errors).toHaveLength(1);
      expect(got.summary.errors[0].message).toMatch(/invalid JSON at line \d+ \(byte \d+\): unexpected end of input/);
    }
  });

  it('truncated input gives an error and keeps exactly the complete records (property)', () => {
    // lay out documents whose span records' byte ranges are known
    const cases: { text: string; ends: number[] }[] = [];
    {
      const zipkin = JSON.parse(synthText('zipkin', { spans: 60, seed: 4 })) as unknown[];
      let text = '[';
      const ends: number[] = [];
      zipkin.forEach((s, k) => {
        text += (k ? ',\n ' : '') + JSON.stringify(s);
        ends.push(text.length);
      });
      cases.push({ text: text + ']', ends });
    }
    {
      const otlp = JSON.parse(synthText('otlp', { spans: 60, seed: 4, batchSpans: 20 })) as { resourceSpans: { resource: unknown; scopeSpans: { scope: unknown; spans: unknown[] }[] }[] };
      let text = '{"resourceSpans":[';
      const ends: number[] = [];
      otlp.resourceSpans.forEach((rs, r) => {
        text += `${r ? ',' : ''}{"resource":${JSON.stringify(rs.resource)},"scopeSpans":[`;
        rs.scopeSpans.forEach((ss, s) => {
          text += `${s ? ',' : ''}{"scope":${JSON.stringify(ss.scope)},"spans":[`;
          ss.spans.forEach((sp, k) => {
            text += (k ? ',' : '') + JSON.stringify(sp);
            ends.push(text.length);
          });
          text += ']}';
        });
        text += ']}';
      });
      cases.push({ text: text + ']}', ends });
    }
    {
      // Jaeger with processes before the spans (after them, a cut trace has no processes to name its services)
      const jaeger = JSON.parse(synthText('jaeger', { spans: 60, seed: 4 })) as { data: { traceID: string; processes: unknown; spans: unknown[] }[] };
      let text = '{"data":[';
      const ends: number[] = [];
      jaeger.data.forEach((t, k) => {
        text += `${k ? ',' : ''}{"traceID":"${t.traceID}","processes":${JSON.stringify(t.processes)},"spans":[`;
        t.spans.forEach((sp, j) => {
          text += (j ? ',' : '') + JSON.stringify(sp);
          ends.push(text.length);
        });
        text += ']}';
      });
      cases.push({ text: text + ']}', ends });
    }
    for (const { text, ends } of cases) {
      const bytes = enc.encode(text); // ASCII: byte offsets are string offsets
      expect(bytes.length).toBe(text.length);
      fc.assert(
        fc.property(fc.integer({ min: 1, max: text.length - 1 }), chunking, (cut, { sizes, ...options }) => {
          const got = viaStream(bytes.subarray(0, cut), sizes, options);
          const complete = ends.filter((e) => e <= cut).length;
          expect(got.summary.spans).toBe(complete);
          expect(got.summary.errors).toHaveLength(1);
          expect(got.summary.errors[0].message).toBe(`invalid JSON at line ${text.slice(0, cut).split('\n').length} (byte ${cut}): unexpected end of input`);
          if (complete > 0) expect(got.outcome.format).not.toBeNull();
        }),
        { seed: 42, numRuns: RUNS },
      );
    }
  });

  it('invalid JSON inside a record: error with line and byte offset, the records before it kept', () => {
    const spans = JSON.parse(synthText('zipkin', { spans: 40, seed: 8 })) as unknown[];
    const good = spans.slice(0, 25).map((s) => JSON.stringify(s));
    const head = '[\n' + good.join(',\n') + ',\n';
    const bad = '{"traceId":"aa","id":"bb","name":tru}';
    const text = head + bad + ',\n' + spans.slice(25).map((s) => JSON.stringify(s)).join(',\n') + '\n]';
    const badByte = head.length + bad.indexOf('tru}');
    for (const sizes of [[1], [7, 3], [100000]]) {
      const got = viaStream(enc.encode(text), sizes, { batchBytes: 3000 });
      expect(got.summary.spans).toBe(25);
      expect(got.summary.errors).toHaveLength(1);
      expect(got.summary.errors[0].message).toMatch(new RegExp(`^invalid JSON at line 27 \\(byte ${badByte}\\): `));
    }
    // a structural error between records
    const broken = '[' + good.slice(0, 3).join(',') + ' x ' + good.slice(3).join(',') + ']';
    const got = viaStream(enc.encode(broken), [5]);
    expect(got.summary.spans).toBe(3);
    expect(got.summary.errors[0].message).toMatch(/^invalid JSON at line 1 \(byte \d+\): expected ',' or '\]'/);
    // text after the document on the same line
    const trailing = viaStream(enc.encode(JSON.stringify(spans) + ' {}'), [9]);
    expect(trailing.summary.spans).toBe(40);
    expect(trailing.summary.errors[0].message).toContain('unexpected text after the JSON value');
  });

  it('invalid JSON inside a span of a ResourceSpans read whole: the complete spans before it are kept', () => {
    const otlp = JSON.parse(synthText('otlp', { spans: 80, seed: 3, batchSpans: 40 })) as { resourceSpans: { resource: unknown; scopeSpans: { scope: unknown; spans: unknown[] }[] }[] };
    let text = '{"resourceSpans":[\n';
    let before = -1;
    let count = 0;
    otlp.resourceSpans.forEach((rs, r) => {
      text += `${r ? ',\n' : ''}{"resource":${JSON.stringify(rs.resource)},"scopeSpans":[`;
      rs.scopeSpans.forEach((ss, s) => {
        text += `${s ? ',' : ''}{"scope":${JSON.stringify(ss.scope)},"spans":[`;
        ss.spans.forEach((sp, k) => {
          let j = JSON.stringify(sp);
          if (r >= 3 && k >= 1 && before < 0) {
            before = count;
            j = j.replace('"kind":', '"kind":+');
          }
          text += (k ? ',' : '') + j;
          count++;
        });
        text += ']}';
      });
      text += ']}';
    });
    text += '\n]}';
    expect(before).toBeGreaterThan(0);
    const badByte = text.indexOf('"kind":+') + 7;
    for (const [sizes, largeBytes] of [[[1], 1 << 20], [[100000], 1 << 20], [[33], 200], [[4096], 5000]] as const) {
      const got = viaStream(enc.encode(text), sizes, { largeBytes });
      expect(got.summary.spans, `${sizes} ${largeBytes}`).toBe(before);
      expect(got.summary.errors).toHaveLength(1);
      expect(got.summary.errors[0].message).toMatch(new RegExp(`^invalid JSON at line ${text.slice(0, badByte).split('\n').length} \\(byte ${badByte}\\): `));
    }
  });

  it('JSON lines: a broken or foreign line is skipped with its line number, the rest loads', () => {
    const lines = synthText('otlp-jsonl', { spans: 200, seed: 6, batchSpans: 25 }).trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(5);
    const broken = [...lines];
    const marker = '"flags":257,"name":"';
    broken[2] = broken[2].slice(0, broken[2].indexOf(marker, 2000) + marker.length + 2); // cut inside a span name
    broken.splice(3, 0, '{"not":"a trace"}');
    const text = broken.join('\n') + '\n';
    // every span of the other lines, and the complete spans of the broken line before the cut
    const expected = viaText(lines.filter((_, k) => k !== 2).join('\n')).spans + broken[2].split(marker).length - 2;
    for (const [sizes, largeBytes] of [[[13, 1000], 1 << 20], [[13, 1000], 100], [[100_000], 1 << 20]] as const) {
      const got = viaStream(enc.encode(text), sizes, { largeBytes });
      expect(got.summary.files).toEqual([{ file: 'f.json', format: 'otlp-jsonl' }]);
      expect(got.summary.errors).toEqual([]);
      expect(got.summary.warnings.map((w) => [w.code, w.where])).toEqual([
        ['BAD_LINE', 'f.json:3'],
        ['BAD_LINE', 'f.json:4'],
      ]);
      expect(got.summary.warnings[0].message).toContain('control character in string');
      expect(got.summary.spans).toBe(expected);
    }
  });
});
