import { describe, expect, it } from 'vitest';
import type { Attribute } from '../../core/model/types.ts';
import { KIND_NAMES } from '../../core/model/types.ts';
import { SpanFlag } from '../../core/model/types.ts';
import { addNs, attributeMatches, attributesJson, cutAt, eventPosition, exactNs, filterAttributes, flagTexts, FLAG_TEXT, formatOffset, formatUnixNsUtc, plainValue, valueDisplay } from './format.ts';
import { KIND_TEXT, kindSentence } from './kind-text.ts';

const attrs: Attribute[] = [
  { key: 'http.url', value: { type: 'string', value: 'javascript:alert(1)' } },
  { key: 'http.status_code', value: { type: 'int', value: 200 } },
  { key: 'big', value: { type: 'int', value: 12345678901234567890n } },
  { key: 'ratio', value: { type: 'double', value: 0.25 } },
  { key: 'ok', value: { type: 'bool', value: true } },
  { key: 'blob', value: { type: 'bytes', value: 'AAAwOQ==' } },
  { key: 'list', value: { type: 'array', value: [{ type: 'string', value: 'a"b' }, { type: 'int', value: 2 }] } },
  { key: 'map', value: { type: 'kvlist', value: [{ key: 'x', value: { type: 'empty', value: null } }] } },
  { key: 'ok', value: { type: 'bool', value: false } },
];

describe('time', () => {
  it('formats exact Unix nanoseconds as UTC with nine fraction digits', () => {
    expect(formatUnixNsUtc('1485467191639875000')).toBe('2017-01-26 21:46:31.639875000 UTC');
    expect(formatUnixNsUtc('1700000000000000001')).toBe('2023-11-14 22:13:20.000000001 UTC');
    expect(formatUnixNsUtc('0')).toBe('1970-01-01 00:00:00.000000000 UTC');
    expect(formatUnixNsUtc('-1')).toBe('1969-12-31 23:59:59.999999999 UTC');
    expect(formatUnixNsUtc('abc')).toBe('—');
    expect(formatUnixNsUtc('9'.repeat(30))).toBe('—');
  });
  it('adds offsets exactly beyond 2^53', () => {
    expect(addNs('1700000000123456789', 1001)).toBe('1700000000123457790');
    expect(addNs('1700000000123456789', -789)).toBe('1700000000123456000');
    expect(addNs('5', Number.NaN)).toBe('5');
  });
  it('formats signed offsets and exact ns', () => {
    expect(formatOffset(0)).toBe('+0 ns');
    expect(formatOffset(1_250_000)).toBe('+1.25 ms');
    expect(formatOffset(-3000)).toBe('-3.00 µs');
    expect(exactNs(5000)).toBe('5,000 ns');
  });
});

describe('attribute values', () => {
  it('shows values exactly, arrays and kvlists as JSON', () => {
    expect(attrs.map((a) => valueDisplay(a.value))).toEqual(['javascript:alert(1)', '200', '12345678901234567890', '0.25', 'true', 'AAAwOQ==', '["a\\"b",2]', '{"x":null}', 'false']);
  });
  it('copies all as one JSON object, exact, with repeated keys kept', () => {
    const obj = JSON.parse(attributesJson(attrs));
    expect(obj).toEqual({
      'http.url': 'javascript:alert(1)',
      'http.status_code': 200,
      big: '12345678901234567890',
      ratio: 0.25,
      ok: true,
      blob: 'AAAwOQ==',
      list: ['a"b', 2],
      map: { x: null },
      'ok (2)': false,
    });
    expect(plainValue({ type: 'double', value: Number.POSITIVE_INFINITY })).toBe('Infinity');
  });
  it('filters by key, value or type, case-insensitively', () => {
    expect(filterAttributes(attrs, '').length).toBe(attrs.length);
    expect(filterAttributes(attrs, '  HTTP ').map((a) => a.key)).toEqual(['http.url', 'http.status_code']);
    expect(filterAttributes(attrs, 'bool').map((a) => a.key)).toEqual(['ok', 'ok']);
    expect(filterAttributes(attrs, '1234567890123').map((a) => a.key)).toEqual(['big']);
    expect(attributeMatches(attrs[6], 'a"b')).toBe(true);
    expect(filterAttributes(attrs, 'nothing-like-this')).toEqual([]);
  });
});

describe('events, long text, flags and kinds', () => {
  it('places events on the span and marks the ones outside it', () => {
    expect(eventPosition(50, 200)).toEqual({ pct: 25, outside: null });
    expect(eventPosition(0, 0)).toEqual({ pct: 0, outside: null });
    expect(eventPosition(-1, 200)).toEqual({ pct: 0, outside: 'before' });
    expect(eventPosition(201, 200)).toEqual({ pct: 100, outside: 'after' });
  });
  it('cuts long text by characters or lines, never inside a surrogate pair', () => {
    expect(cutAt('short')).toBe(-1);
    expect(cutAt('x'.repeat(300))).toBe(240);
    expect(cutAt('a\nb\nc\nd\ne\nf\ng')).toBe(11);
    expect(cutAt('a\nb\nc\nd\ne\nf')).toBe(-1);
    expect(cutAt(`${'x'.repeat(239)}😀tail`.padEnd(300, 'y'))).toBe(239);
  });
  it('has plain words for every flag', () => {
    for (const name of Object.keys(SpanFlag)) expect(FLAG_TEXT[name], name).toBeDefined();
    expect(flagTexts(['ORPHAN'], 'abc')[0].text).toContain('id abc');
    expect(flagTexts(['SOMETHING_NEW'], '')[0].label).toBe('SOMETHING_NEW');
  });
  it('explains every kind', () => {
    for (const k of KIND_NAMES) expect(KIND_TEXT[k].meaning.length).toBeGreaterThan(10);
    expect(kindSentence('CLIENT')).toBe('an outgoing request to another service; its duration includes network and queueing time and the server’s work.');
    expect(kindSentence('UNSPECIFIED')).toContain('the instrumentation did not say; Spanmap cannot tell a remote call from local work');
  });
});

describe('copy all as JSON with hostile keys', () => {
  it('keeps "__proto__" as a plain attribute and changes no prototype', () => {
    const attrs: Attribute[] = [
      { key: '__proto__', value: { type: 'kvlist', value: [{ key: 'polluted', value: { type: 'string', value: 'yes' } }] } },
      { key: 'constructor', value: { type: 'string', value: 'x' } },
    ];
    const text = attributesJson(attrs);
    expect(text).toContain('"__proto__"');
    const back = JSON.parse(text) as Record<string, unknown>;
    expect(Object.prototype.hasOwnProperty.call(back, '__proto__')).toBe(true);
    expect(Object.prototype.hasOwnProperty.call(back, 'constructor')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
