/**
 * Span search over a Dataset (runs in the worker, next to the data).
 *
 * Query language (all terms must match; case-insensitive; "double quotes" group words):
 *   text            the span name, service, an attribute key or value contains `text`
 *   key=value       an attribute (span or resource) `key` whose value is `value`
 *   key=            any span that has attribute `key`
 *   kind:client     span kind (server, client, producer, consumer, internal, unspecified)
 *   service:name    service name contains `name`
 *   name:text       span name contains `text`
 *   error | is:error | status:error   spans with status ERROR
 *   trace:id        spans of the trace whose id starts with `id`
 *
 * Each text term is matched once per distinct string (the interned string table), not once per
 * span, so a search over a million spans costs a pass over the strings plus one over the columns.
 */
import type { Dataset } from '../model/types.ts';
import { KIND_NAMES, StatusCode } from '../model/types.ts';
import { valueText } from '../model/access.ts';

type Term =
  | { t: 'text'; q: string }
  | { t: 'attr'; key: string; value: string | null }
  | { t: 'kind'; kind: number }
  | { t: 'service'; q: string }
  | { t: 'name'; q: string }
  | { t: 'error' }
  | { t: 'trace'; q: string }
  | { t: 'never' };

export function parseQuery(query: string): Term[] {
  const terms: Term[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  for (let m = re.exec(query); m !== null; m = re.exec(query)) {
    const raw = m[1] ?? m[2];
    const low = raw.toLowerCase();
    if (m[1] !== undefined) {
      if (raw) terms.push({ t: 'text', q: low });
      continue;
    }
    if (low === 'error' || low === 'is:error' || low === 'status:error') terms.push({ t: 'error' });
    else if (low.startsWith('kind:')) {
      const k = KIND_NAMES.indexOf(low.slice(5).toUpperCase() as (typeof KIND_NAMES)[number]);
      terms.push(k >= 0 ? { t: 'kind', kind: k } : { t: 'never' });
    } else if (low.startsWith('service:')) terms.push({ t: 'service', q: low.slice(8) });
    else if (low.startsWith('name:')) terms.push({ t: 'name', q: low.slice(5) });
    else if (low.startsWith('trace:')) terms.push({ t: 'trace', q: low.slice(6) });
    else if (raw.includes('=') && raw.indexOf('=') > 0) {
      const eq = raw.indexOf('=');
      const value = raw.slice(eq + 1);
      terms.push({ t: 'attr', key: raw.slice(0, eq), value: value === '' ? null : value.toLowerCase() });
    } else terms.push({ t: 'text', q: low });
  }
  return terms;
}

/** Span indices matching the query, ascending. An empty query matches nothing. */
export function searchSpans(ds: Dataset, query: string, scopeTrace: number | null = null): Int32Array {
  const terms = parseQuery(query);
  if (terms.length === 0) return new Int32Array(0);
  const n = ds.spanCount;
  let alive: Uint8Array = new Uint8Array(n).fill(1);
  if (scopeTrace !== null) for (let i = 0; i < n; i++) if (ds.trace[i] !== scopeTrace) alive[i] = 0;
  const lowered: (string | undefined)[] = new Array(ds.strings.length);
  const low = (s: number) => (lowered[s] ??= ds.strings[s].toLowerCase());
  for (const term of terms) alive = applyTerm(ds, term, alive, low);
  let count = 0;
  for (let i = 0; i < n; i++) count += alive[i];
  const out = new Int32Array(count);
  for (let i = 0, k = 0; i < n; i++) if (alive[i]) out[k++] = i;
  return out;
}

function applyTerm(ds: Dataset, term: Term, alive: Uint8Array, low: (s: number) => string): Uint8Array {
  const n = ds.spanCount;
  const keep = (pred: (i: number) => boolean) => {
    for (let i = 0; i < n; i++) if (alive[i] && !pred(i)) alive[i] = 0;
    return alive;
  };
  switch (term.t) {
    case 'never':
      return alive.fill(0);
    case 'error':
      return keep((i) => ds.status[i] === StatusCode.ERROR);
    case 'kind':
      return keep((i) => ds.kind[i] === term.kind);
    case 'trace': {
      const ok = ds.traces.map((t) => t.id.toLowerCase().startsWith(term.q));
      return keep((i) => ok[ds.trace[i]]);
    }
    case 'service': {
      const ok = ds.resources.map((r) => r.serviceName.toLowerCase().includes(term.q));
      return keep((i) => ok[ds.resource[i]]);
    }
    case 'name': {
      const hit = stringHits(ds, (s) => low(s).includes(term.q));
      return keep((i) => hit[ds.name[i]] === 1);
    }
    case 'attr': {
      const key = term.key;
      const value = term.value;
      const resHit = ds.resources.map((r) => r.attributes.some((a) => a.key === key && (value === null || valueText(a.value).toLowerCase() === value)));
      return keep((i) => {
        if (resHit[ds.resource[i]]) return true;
        const s = ds.attrStart[i];
        const e = s + ds.attrCount[i];
        for (let a = s; a < e; a++) {
          if (ds.strings[ds.attrKey[a]] !== key) continue;
          if (value === null) return true;
          const v = ds.attrType[a] === 0 ? low(ds.attrVal[a]) : attrText(ds, a).toLowerCase();
          if (v === value) return true;
        }
        return false;
      });
    }
    case 'text': {
      const q = term.q;
      const hit = stringHits(ds, (s) => low(s).includes(q));
      const resHit = ds.resources.map((r) => r.serviceName.toLowerCase().includes(q) || r.attributes.some((a) => a.key.toLowerCase().includes(q) || valueText(a.value).toLowerCase().includes(q)));
      return keep((i) => {
        if (hit[ds.name[i]] === 1 || resHit[ds.resource[i]]) return true;
        const s = ds.attrStart[i];
        const e = s + ds.attrCount[i];
        for (let a = s; a < e; a++) {
          if (hit[ds.attrKey[a]] === 1) return true;
          if (ds.attrType[a] === 0 ? hit[ds.attrVal[a]] === 1 : attrText(ds, a).toLowerCase().includes(q)) return true;
        }
        return false;
      });
    }
  }
}

function stringHits(ds: Dataset, pred: (s: number) => boolean): Uint8Array {
  const hit = new Uint8Array(ds.strings.length);
  for (let s = 0; s < ds.strings.length; s++) if (pred(s)) hit[s] = 1;
  return hit;
}

function attrText(ds: Dataset, a: number): string {
  const t = ds.attrType[a];
  const v = ds.attrVal[a];
  if (t === 1) return v ? 'true' : 'false';
  if (t === 2 || t === 3) return String(v);
  const c = ds.complexValues[v];
  return c ? valueText(c) : '';
}
