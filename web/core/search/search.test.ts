import { describe, expect, it } from 'vitest';
import { DatasetBuilder } from '../model/builder.ts';
import { SpanKind, StatusCode } from '../model/types.ts';
import { parseQuery, searchSpans } from './search.ts';

function ds() {
  const b = new DatasetBuilder();
  b.beginFile('f', 'otlp', 0);
  const web = b.resource('web', [{ key: 'deployment.environment', value: { type: 'string', value: 'prod' } }]);
  const db = b.resource('db', []);
  const rows: [string, number, number, number, [string, string | number][]][] = [
    ['GET /cart', web, SpanKind.SERVER, StatusCode.UNSET, [['http.response.status_code', 200]]],
    ['SELECT cart', db, SpanKind.CLIENT, StatusCode.ERROR, [['db.system', 'postgresql']]],
    ['render', web, SpanKind.INTERNAL, StatusCode.UNSET, [['template', 'Cart.html']]],
  ];
  rows.forEach(([name, res, kind, status, attrs], k) => {
    b.beginSpan();
    for (const [key, v] of attrs) {
      if (typeof v === 'number') b.attrInt(key, v);
      else b.attrString(key, v);
    }
    b.endSpan({ traceId: 't', spanId: `s${k}`, parentSpanId: '', name, kind: kind as 0, resource: res, scope: 0, startSec: 1, startNano: k, endSec: 1, endNano: k + 1, statusCode: status as 0, statusMessage: '', traceState: '', flags: 0 });
  });
  return b.finish();
}

describe('span search', () => {
  const d = ds();
  const q = (s: string) => Array.from(searchSpans(d, s));
  it('matches text in names, services, attribute keys and values', () => {
    expect(q('cart')).toEqual([0, 1, 2]);
    expect(q('postgres')).toEqual([1]);
    expect(q('db')).toEqual([1]);
    expect(q('nothing-like-this')).toEqual([]);
    expect(q('')).toEqual([]);
  });
  it('matches key=value on span and resource attributes, and key= presence', () => {
    expect(q('http.response.status_code=200')).toEqual([0]);
    expect(q('deployment.environment=PROD')).toEqual([0, 2]);
    expect(q('db.system=')).toEqual([1]);
  });
  it('matches kind, service, name, error, and combines terms', () => {
    expect(q('kind:client')).toEqual([1]);
    expect(q('kind:bogus')).toEqual([]);
    expect(q('service:web')).toEqual([0, 2]);
    expect(q('error')).toEqual([1]);
    expect(q('service:web cart')).toEqual([0, 2]);
    expect(q('name:"get /cart"')).toEqual([]); // quoted text is one text term, not a prefix
    expect(parseQuery('"get /cart"')).toEqual([{ t: 'text', q: 'get /cart' }]);
    expect(q('"get /cart"')).toEqual([0]);
  });
});
