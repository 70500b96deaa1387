import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CAPTURE, DESCEND, JsonSplitter } from './json-splitter.ts';
import type { SplitError, SplitterOptions } from './json-splitter.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 0) || 40;
const enc = new TextEncoder();

/** Splits `text` (a JSON array, or JSON lines of arrays; or its bytes) into its elements, pushed in chunks of `size`. */
function split(text: string | Uint8Array, size: number, options: SplitterOptions) {
  const elements: unknown[] = [];
  const errors: SplitError[] = [];
  const splitter = new JsonSplitter(
    {
      docStart: () => undefined,
      descend: (_key, isArray, inArray) => (isArray && !inArray ? DESCEND : CAPTURE),
      open: () => undefined,
      close: () => undefined,
      member: () => undefined,
      elements: (values) => {
        for (const v of values) elements.push(v);
      },
      value: (v) => elements.push(v),
      docEnd: () => undefined,
      error: (e) => {
        errors.push(e);
        return 'stop';
      },
    },
    options,
  );
  const bytes = typeof text === 'string' ? enc.encode(text) : text;
  for (let at = 0; at < bytes.length; at += size) splitter.push(bytes.slice(at, at + size));
  splitter.end();
  return { elements, errors, stats: splitter.stats };
}

/**
 * Records that share a first key and whose inner arrays hold objects with that same first key, so
 * that the boundary the lookahead learns (`},{"id"`) also occurs inside records, where it is no
 * boundary at all; string values may hold the same text, escapes and non-ASCII characters.
 */
const lookalike = fc.string({ unit: fc.constantFrom('}', ',', '{', '"', 'i', 'd', ':', '\\', 'a', ' ') });
/** Now and then a character of several bytes (then the lookahead must count bytes, not characters). */
const text = fc.oneof({ weight: 12, arbitrary: lookalike }, { weight: 1, arbitrary: fc.string({ unit: 'grapheme' }) });
const inner = fc.record({ id: fc.oneof(fc.integer(), lookalike), v: fc.oneof(fc.constant(null), fc.boolean(), text) });
const record = fc.record(
  {
    id: fc.oneof(fc.integer(), lookalike),
    name: text,
    items: fc.array(inner, { maxLength: 4 }),
    tail: fc.oneof(fc.integer(), text, fc.array(inner, { maxLength: 2 })),
  },
  { requiredKeys: ['id'] },
);

describe('JsonSplitter lookahead', () => {
  it('delivers exactly the elements of the array, in order, whatever the boundaries look like (property)', () => {
    let engaged = 0;
    let missed = 0;
    fc.assert(
      fc.property(
        fc.array(record, { minLength: 1, maxLength: 300, size: 'max' }),
        fc.constantFrom(0, 2) as fc.Arbitrary<number>,
        fc.integer({ min: 1, max: 9000 }),
        fc.integer({ min: 40, max: 2000 }),
        fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 8000 })),
        (records, indent, size, runBytes, blockBytes) => {
          const text = JSON.stringify(records, null, indent);
          const got = split(text, size, { runBytes, blockBytes, largeBytes: 1 << 20 });
          expect(got.errors).toEqual([]);
          expect(got.elements).toEqual(records);
          if (got.stats.runs > 0) engaged++;
          if (got.stats.misses > 0) missed++;
        },
      ),
      { seed: 7, numRuns: RUNS * 5 },
    );
    // the property is about the lookahead: it must have run, and guessed wrong, in many cases
    expect(engaged).toBeGreaterThan(RUNS);
    expect(missed).toBeGreaterThan(0);
  });

  it('a boundary lookalike inside records is caught by JSON.parse: the run is read again, nothing changes', () => {
    // records end in different ways ("q"} and 7}): the learned boundary is `},{"a"`, which also
    // separates the objects inside every record
    const records = Array.from({ length: 400 }, (_, k) => ({ a: [{ a: k }, { a: k + 1 }, { a: k + 2 }], z: k % 2 === 0 ? 'q' : 7 }));
    const text = JSON.stringify(records);
    const got = split(text, 1 << 20, { runBytes: 2000 });
    expect(got.elements).toEqual(records);
    expect(got.stats.misses).toBeGreaterThan(0);
    expect(got.stats.runs).toBeGreaterThan(0);
  });

  it('line numbers stay exact after runs read by lookahead', () => {
    const records = Array.from({ length: 8000 }, (_, k) => ({ id: k, name: `span ${k}` }));
    const lines = JSON.stringify(records, null, 2).split('\n'); // one line per member
    // break a record far into the file: its name loses its closing quote
    const at = lines.findIndex((l, k) => k >= 20_000 && l.includes('"name"'));
    const broken = Number(/span (\d+)/.exec(lines[at])?.[1]);
    lines[at] = lines[at].replace(/"$/, '');
    const text = lines.join('\n');
    const got = split(text, 1 << 16, {});
    expect(got.stats.runs).toBeGreaterThan(0); // (about 100 KB of the 240 KB before the error)
    expect(got.stats.bytes).toBeGreaterThan(50_000);
    expect(got.errors).toHaveLength(1);
    expect(got.errors[0].line).toBe(at + 1);
    // every record before the broken one was delivered
    expect(got.elements).toEqual(records.slice(0, broken));
  });

  it('characters of several bytes: runs are sized in bytes; bytes that are not UTF-8 are scanned', () => {
    const records = Array.from({ length: 2000 }, (_, k) => ({ id: k, name: k % 50 === 0 ? `größe ${k} 😀` : `name ${k}` }));
    const text = JSON.stringify(records);
    const got = split(text, 1 << 20, { runBytes: 4096 });
    expect(got.elements).toEqual(records);
    expect(got.stats.bytes).toBeGreaterThan(enc.encode(text).length / 2);
    const off = split(text, 1 << 20, { runBytes: 4096, lookahead: false });
    expect(off.stats.runs).toBe(0);
    expect(off.elements).toEqual(records);
    // an invalid byte (0xff) in every tenth record: decoded as U+FFFD by both ways of reading
    const withBad = text.replace(/name (\d*0)"/g, 'name $1\u0001"');
    const raw = enc.encode(withBad);
    for (let k = 0; k < raw.length; k++) if (raw[k] === 1) raw[k] = 0xff;
    const scanned = split(raw, 1 << 20, { runBytes: 4096, lookahead: false }).elements;
    expect(scanned).toHaveLength(2000);
    expect(String((scanned[10] as { name: string }).name)).toBe('name 10\ufffd');
    expect(split(raw, 1 << 20, { runBytes: 4096 }).elements).toEqual(scanned);
  });
});
