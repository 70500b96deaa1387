/**
 * Pure helpers of the details panel: exact times, attribute values as text and JSON, the attribute
 * filter, event positions and the span flags in plain words. No React, no DOM (unit-tested in Node).
 */
import type { AnyValue, Attribute } from '../../core/model/types.ts';
import { formatDuration } from '../../core/lib/time.ts';
import { valueText } from '../../core/model/access.ts';

/* ------------------------------------------------------------------------------------------ */
/* Time                                                                                        */
/* ------------------------------------------------------------------------------------------ */

const DECIMAL = /^-?\d+$/;

/**
 * Exact Unix nanoseconds (decimal text) as a UTC date and time with all nine fraction digits:
 * "2017-01-26 21:46:31.639875000 UTC". '—' for text that is not a time a Date can show.
 */
export function formatUnixNsUtc(unixNs: string): string {
  if (!DECIMAL.test(unixNs)) return '—';
  const ns = BigInt(unixNs);
  let sec = ns / 1_000_000_000n;
  let frac = ns % 1_000_000_000n;
  if (frac < 0n) {
    frac += 1_000_000_000n;
    sec -= 1n;
  }
  const ms = Number(sec) * 1000;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return '—';
  const iso = new Date(ms).toISOString(); // 2017-01-26T21:46:31.000Z (or ±YYYYYY-… outside 0000–9999)
  const t = iso.indexOf('T');
  return `${iso.slice(0, t)} ${iso.slice(t + 1, t + 9)}.${frac.toString().padStart(9, '0')} UTC`;
}

/** Exact Unix nanoseconds `offsetNs` after (or before, when negative) `unixNs`, as decimal text. */
export function addNs(unixNs: string, offsetNs: number): string {
  if (!DECIMAL.test(unixNs)) return unixNs;
  const off = Number.isFinite(offsetNs) ? BigInt(Math.round(offsetNs)) : 0n;
  return (BigInt(unixNs) + off).toString();
}

/** A signed offset for lists: "+0 ns", "+1.25 ms", "-3.00 µs". */
export function formatOffset(ns: number): string {
  return ns < 0 ? formatDuration(ns) : `+${formatDuration(ns)}`;
}

/** A whole number of nanoseconds with thousands separators: "5,000 ns". */
export function exactNs(ns: number): string {
  return `${Math.round(ns).toLocaleString('en-US')} ns`;
}

/* ------------------------------------------------------------------------------------------ */
/* Attribute values                                                                            */
/* ------------------------------------------------------------------------------------------ */

/** Plain JSON-safe data: strings, numbers, booleans, null, arrays and objects. */
export type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

/**
 * An attribute value as plain JSON data: 64-bit ints beyond 2^53 and non-finite doubles as
 * strings (exact), bytes as their base64 text, arrays as arrays, kvlists as objects.
 */
export function plainValue(v: AnyValue): Plain {
  switch (v.type) {
    case 'string':
    case 'bytes':
    case 'bool':
      return v.value;
    case 'int':
      return typeof v.value === 'bigint' ? v.value.toString() : v.value;
    case 'double':
      return Number.isFinite(v.value) ? v.value : String(v.value);
    case 'array':
      return v.value.map(plainValue);
    case 'kvlist':
      return plainObject(v.value);
    case 'empty':
      return null;
  }
}

/** Attributes as one object, key -> plain value (a repeated key gets " (2)", " (3)" … appended). */
export function plainObject(attrs: readonly Attribute[]): { [key: string]: Plain } {
  const out: { [key: string]: Plain } = {};
  for (const a of attrs) {
    let key = a.key;
    for (let n = 2; Object.prototype.hasOwnProperty.call(out, key); n++) key = `${a.key} (${n})`;
    // defineProperty, not assignment: a key such as "__proto__" must stay a plain data property.
    Object.defineProperty(out, key, { value: plainValue(a.value), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** "Copy all as JSON": the attributes as a pretty JSON object. */
export function attributesJson(attrs: readonly Attribute[]): string {
  return JSON.stringify(plainObject(attrs), null, 2);
}

/**
 * A value as the text that is shown and copied: strings and bytes as they are, numbers exactly
 * (64-bit ints included), booleans as true/false, arrays and kvlists as JSON, empty as ''.
 */
export function valueDisplay(v: AnyValue): string {
  switch (v.type) {
    case 'string':
    case 'bytes':
      return v.value;
    case 'int':
    case 'double':
    case 'bool':
      return String(v.value);
    case 'array':
    case 'kvlist':
      return JSON.stringify(plainValue(v));
    case 'empty':
      return '';
  }
}

/** Does the attribute match the filter text (case-insensitive, in its key, value or type name)? */
export function attributeMatches(a: Attribute, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (q === '') return true;
  if (a.key.toLowerCase().includes(q) || a.value.type === q || valueDisplay(a.value).toLowerCase().includes(q)) return true;
  // arrays and kvlists: also the strings inside them as they are (the JSON form escapes quotes)
  return (a.value.type === 'array' || a.value.type === 'kvlist') && valueText(a.value).toLowerCase().includes(q);
}

export function filterAttributes(attrs: readonly Attribute[], query: string): readonly Attribute[] {
  return query.trim() === '' ? attrs : attrs.filter((a) => attributeMatches(a, query));
}

/* ------------------------------------------------------------------------------------------ */
/* Events                                                                                      */
/* ------------------------------------------------------------------------------------------ */

/** Where an event sits on the span's mini timeline: 0…100 (%), and whether it lies outside the span. */
export function eventPosition(offsetNs: number, durationNs: number): { pct: number; outside: 'before' | 'after' | null } {
  if (!Number.isFinite(offsetNs)) return { pct: 0, outside: null };
  if (offsetNs < 0) return { pct: 0, outside: 'before' };
  if (offsetNs > durationNs) return { pct: 100, outside: 'after' };
  return { pct: durationNs > 0 ? (offsetNs / durationNs) * 100 : 0, outside: null };
}

/* ------------------------------------------------------------------------------------------ */
/* Flags                                                                                       */
/* ------------------------------------------------------------------------------------------ */

/** Each SpanFlag (by name) in plain words. `{parent}` is replaced by the parent id the source named. */
export const FLAG_TEXT: Readonly<Record<string, { label: string; text: string }>> = {
  ORPHAN: { label: 'Orphan', text: 'its parent span ({parent}) is not among the loaded spans, so it is shown as a root of the trace' },
  DUPLICATE_ID: { label: 'Duplicate span id', text: 'another span of this trace has the same span id, so children and links that name this id are ambiguous' },
  CYCLE_BROKEN: { label: 'Parent cycle broken', text: 'following the parents led back to this span; Spanmap made it a root to break the cycle' },
  SHARED: { label: 'Shared span id (Zipkin)', text: 'the server half of an RPC that reused its client’s span id; Spanmap shows it as a SERVER child of that CLIENT' },
  NO_TIMESTAMP: { label: 'No start time', text: 'the source had no start time; the start was taken from its parent or its earliest child, and the duration is shown as 0' },
  NO_DURATION: { label: 'No duration', text: 'the source had no end time or duration; it is shown with a duration of 0' },
  END_BEFORE_START: { label: 'End before start', text: 'the source’s end time is before its start time (a clock or instrumentation error); it is shown with a duration of 0' },
};

/** The set flags as labels and sentences, in a stable order. */
export function flagTexts(flagNames: readonly string[], parentSpanId: string): { name: string; label: string; text: string }[] {
  return flagNames.map((name) => {
    const t = FLAG_TEXT[name];
    if (!t) return { name, label: name, text: 'a condition Spanmap flagged while loading' };
    return { name, label: t.label, text: t.text.replace('{parent}', parentSpanId ? `id ${parentSpanId}` : 'no id given') };
  });
}

/* ------------------------------------------------------------------------------------------ */
/* Long text                                                                                   */
/* ------------------------------------------------------------------------------------------ */

/** Text longer than this many characters (or lines) is cut, with a button to show it whole. */
export const LONG_TEXT_CHARS = 240;
export const LONG_TEXT_LINES = 6;

/** Where to cut `text` for its short form, or -1 when it is short enough to show whole. */
export function cutAt(text: string, chars = LONG_TEXT_CHARS, lines = LONG_TEXT_LINES): number {
  let cut = text.length > chars ? chars : -1;
  let nl = -1;
  for (let k = 0; k < lines; k++) {
    nl = text.indexOf('\n', nl + 1);
    if (nl < 0) break;
  }
  if (nl >= 0 && (cut < 0 || nl < cut)) cut = nl;
  // never split a surrogate pair
  if (cut > 0) {
    const c = text.charCodeAt(cut - 1);
    if (c >= 0xd800 && c <= 0xdbff) cut--;
  }
  return cut;
}
