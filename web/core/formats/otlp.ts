/**
 * OTLP/JSON importer: ExportTraceServiceRequest documents as the OTLP specification's JSON mapping
 * writes them (lowerCamelCase, and the proto field names in snake_case that receivers must accept
 * too), plus the wrappers trace back ends put around them:
 *
 *   {resourceSpans: [...]}                      ExportTraceServiceRequest (collector file exporter, SDKs)
 *   [{resourceSpans: [...]}, ...]               several requests
 *   {result: {resourceSpans: [...]}}            Jaeger /api/v3
 *   {trace: {resourceSpans: [...]}}             Tempo /api/v2/traces
 *   {batches: [{resource, scopeSpans}, ...]}    Tempo /api/traces
 *
 * Older documents with `instrumentationLibrarySpans` / `instrumentationLibrary` are read as scopes.
 *
 * Speed: this runs once per span of files with millions of spans, right after JSON.parse, and is
 * benchmarked against it. The span loop allocates nothing it can avoid: scalar attributes stream
 * into the builder's columns, hot fields are read with named property loads (cached per site by
 * V8), the common forms of ids (lowercase hex) and timestamps (decimal strings) take loops without
 * regular expressions or slices before falling back to the shared helpers, resources and scopes
 * repeated in a file are read once, and JSON paths for problems are built only when a problem is
 * reported (from `trail`, a stack of path segments kept in step with the walk).
 *
 * Problems of spans that are kept get their own warning codes, with the span's ids: a start or end
 * time of 0 (proto3's "unset") is ZERO_TIMESTAMP; a negative one, one beyond 2^63-1 ns or a
 * fractional JSON number (only writable below 2^53 ns, in 1970: never a real time) BAD_TIMESTAMP;
 * such times are read as unknown, which the builder repairs. A span with a start but no end is
 * MISSING_END, one with a missing or empty name MISSING_NAME. A missing start is left to the
 * builder's MISSING_TIMESTAMP.
 *
 * Safety: every field is read as an own property, so keys such as `__proto__` in the data are just
 * data; nothing is ever keyed by a data string. Nested attribute values are cut at MAX_VALUE_DEPTH.
 */
import type { AnyValue, Attribute, SpanKind, StatusCode } from '../model/types.ts';
import type { DatasetBuilder, SpanFields } from '../model/builder.ts';
import { ID_HEX, PARENT_HEX, idleBuilder, keepHiddenClass, spanFields } from '../model/builder.ts';
import { HEX16, isLowerHexOfLength, normalizeOtlpId, parseHex16 } from '../lib/ids.ts';
import { MAX_NANOS_SEC, nanosInto, timeParts, timeRejection } from '../lib/time.ts';
import type { TimeParts } from '../lib/time.ts';
import type { ImportSink, Importer } from './types.ts';
import { isRecord, prototypeIsClean, silentSink } from './types.ts';

/** Nesting limit for arrayValue / kvlistValue (deeper parts are replaced by an empty value). */
export const MAX_VALUE_DEPTH = 64;
/** Nesting limit for arrays and `result` / `trace` wrappers around requests. */
const MAX_WRAP_DEPTH = 8;
/**
 * misfit() looks at this many elements of an array: a list of requests has one among its first,
 * and a million-span Zipkin array is turned down without a walk through all of it.
 */
const MISFIT_SCAN = 64;

const NO_REQUEST = 'no resourceSpans/batches found';
/** Slots of OtlpReader's trace id cache (a power of two). */
const TRACE_CACHE = 64;
/** A normalized all-zero span id: OTLP's "no parent" (as is ''). */
const ZERO_SPAN_ID = '0000000000000000';

type Rec = Record<string, unknown>;
type Segment = string | number;

const hasOwn = Object.prototype.hasOwnProperty;
const EMPTY: AnyValue = Object.freeze({ type: 'empty', value: null });

/**
 * prototypeIsClean() at the start of the current import: a value read from a JSON.parse object is
 * then its own, and the reads below skip the own-property check.
 */
let protoClean = false;

/** Own property `k` of `o`; null counts as absent (proto3 JSON writes null for a default). */
function get(o: Rec, k: string): unknown {
  const v = o[k];
  return v !== undefined && v !== null && (protoClean || hasOwn.call(o, k)) ? v : undefined;
}

/** Own property under its lowerCamelCase name, else under its proto (snake_case) name. */
function get2(o: Rec, camel: string, snake: string): unknown {
  let v = o[camel];
  if (v !== undefined && v !== null && (protoClean || hasOwn.call(o, camel))) return v;
  v = o[snake];
  return v !== undefined && v !== null && (protoClean || hasOwn.call(o, snake)) ? v : undefined;
}

/**
 * `v` (read by the caller as `o.k`) when it is an own, non-null property. The hot paths read with
 * named property loads at the call site, which V8 caches per site, and check ownership here.
 */
function ownValue(o: Rec, k: string, v: unknown): unknown {
  return v !== undefined && v !== null && (protoClean || hasOwn.call(o, k)) ? v : undefined;
}

/** The name a field is present under, for a problem's path (the camelCase name when absent). */
function nameOf(o: Rec, camel: string, snake: string): string {
  return get(o, camel) === undefined && get(o, snake) !== undefined ? snake : camel;
}

function hasOwnKeys(o: Rec): boolean {
  for (const k in o) if (hasOwn.call(o, k) && o[k] !== null) return true;
  return false;
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** A short rendering of a bad value for a message (strings quoted and cut at 40 characters). */
function shown(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return typeName(v);
}

function formatPath(trail: readonly Segment[], tail: readonly Segment[]): string {
  let s = '';
  for (const seg of trail) s += typeof seg === 'number' ? `[${seg}]` : s === '' ? seg : `.${seg}`;
  for (const seg of tail) s += typeof seg === 'number' ? `[${seg}]` : s === '' ? seg : `.${seg}`;
  return s === '' ? '(document)' : s;
}

/**
 * Reads Unix nanoseconds into `t` exactly, as nanosInto does (same results, same rejections).
 * Digit strings of 10 to 19 characters (every timestamp from 1970 + 10 s to 2262) take a fast path
 * without a regular expression or slices; everything else, and the edges (0, the last second
 * before 2^63 ns), go to nanosInto.
 */
export function readNanos(v: unknown, t: TimeParts): boolean {
  if (typeof v === 'string') {
    const n = v.length;
    if (n >= 10 && n <= 19) {
      const split = n - 9;
      let sec = 0;
      for (let i = 0; i < split; i++) {
        const d = v.charCodeAt(i) - 48;
        if (d < 0 || d > 9) return false;
        sec = sec * 10 + d;
      }
      let nano = 0;
      for (let i = split; i < n; i++) {
        const d = v.charCodeAt(i) - 48;
        if (d < 0 || d > 9) return false;
        nano = nano * 10 + d;
      }
      if (sec > 0 && sec < MAX_NANOS_SEC) {
        t.sec = sec;
        t.nano = nano;
        return true;
      }
    }
  }
  return nanosInto(v, t);
}

/**
 * The warning code and message for a span time that readNanos rejected (`what`: 'start' or 'end').
 * Called on that branch only. A rejected time is read as unknown, which the builder repairs.
 */
function badNanos(raw: unknown, what: 'start' | 'end' | 'event'): [code: string, message: string] {
  const unknown = what === 'start' ? 'start time unknown (placed from related spans)' : what === 'end' ? 'end time unknown (shown without a duration)' : 'placed at the span start';
  switch (timeRejection(raw, 'ns')) {
    case 'zero':
      return ['ZERO_TIMESTAMP', `${shown(raw)} is proto3's "unset"; ${unknown}`];
    case 'negative':
      return ['BAD_TIMESTAMP', `${shown(raw)} is negative; ${unknown}`];
    case 'beyond':
      return ['BAD_TIMESTAMP', `${shown(raw)} is beyond 2^63-1 ns (the year 2262); ${unknown}`];
    case 'fraction':
      return ['BAD_TIMESTAMP', `${shown(raw)} is not a whole number of nanoseconds; ${unknown}`];
    default:
      return ['BAD_TIMESTAMP', `${shown(raw)} is not a nanosecond timestamp; ${unknown}`];
  }
}

/** The JSON text of a parsed value, as a cache key; null when it has none (a hostile depth). */
function jsonKey(v: unknown): string | null {
  try {
    return JSON.stringify(v) ?? null;
  } catch {
    return null;
  }
}

/**
 * A cache key for a raw attribute list: equal keys read as equal attributes (string entries are
 * written length-prefixed, others as their JSON). Null when no key can be made.
 */
function attributesKey(list: unknown): string | null {
  if (list === undefined) return '';
  if (!Array.isArray(list)) return null;
  let key = '';
  for (let i = 0; i < list.length; i++) {
    const kv: unknown = list[i];
    if (isRecord(kv)) {
      const k = ownValue(kv, 'key', kv.key);
      const v = ownValue(kv, 'value', kv.value);
      if (typeof k === 'string' && isRecord(v)) {
        const s = ownValue(v, 'stringValue', v.stringValue);
        if (typeof s === 'string') {
          key += `s${k.length}:${k}${s.length}:${s}`;
          continue;
        }
      }
    }
    const j = jsonKey(kv);
    if (j === null) return null;
    key += `j${j.length}:${j}`;
  }
  return key;
}

/** OTLP span kind: integer or enum name (SPAN_KIND_SERVER; the bare SERVER is accepted too); -1 when unknown. */
function kindOf(v: unknown): number {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v <= 5 ? v : -1;
  if (typeof v !== 'string') return -1;
  switch (v.startsWith('SPAN_KIND_') ? v.slice(10) : v) {
    case 'UNSPECIFIED':
      return 0;
    case 'INTERNAL':
      return 1;
    case 'SERVER':
      return 2;
    case 'CLIENT':
      return 3;
    case 'PRODUCER':
      return 4;
    case 'CONSUMER':
      return 5;
    default:
      return -1;
  }
}

/** OTLP status code: integer or enum name (STATUS_CODE_ERROR; the bare ERROR is accepted too); -1 when unknown. */
function statusOf(v: unknown): number {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v <= 2 ? v : -1;
  if (typeof v !== 'string') return -1;
  switch (v.startsWith('STATUS_CODE_') ? v.slice(12) : v) {
    case 'UNSET':
      return 0;
    case 'OK':
      return 1;
    case 'ERROR':
      return 2;
    default:
      return -1;
  }
}

/**
 * An OTLP int64 (intValue): a decimal string or a JSON number. Safe integers come back as numbers,
 * others as exact bigints; undefined when it is not an integer.
 */
export function parseInt64(x: unknown): number | bigint | undefined {
  if (typeof x === 'number') return Number.isInteger(x) ? (Number.isSafeInteger(x) ? x : BigInt(x)) : undefined;
  if (typeof x !== 'string') return undefined;
  const n = x.length;
  const first = n > 0 ? x.charCodeAt(0) : 0;
  let i = first === 45 /* - */ || first === 43 /* + */ ? 1 : 0;
  const digits = n - i;
  if (digits < 1 || digits > 20) return undefined;
  for (; i < n; i++) {
    const c = x.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  if (digits <= 15) return Number(x);
  const big = BigInt(first === 43 ? x.slice(1) : x);
  return big >= -9007199254740991n && big <= 9007199254740991n ? Number(big) : big;
}

/** A proto3 JSON double: a number, or a string holding one ("NaN", "Infinity", "-Infinity", "1.5"). */
function parseDouble(x: unknown): number | undefined {
  if (typeof x === 'number') return x;
  if (typeof x !== 'string') return undefined;
  if (x === 'NaN') return Number.NaN;
  if (x === '' || x.trim() !== x) return undefined;
  const v = Number(x);
  return Number.isNaN(v) ? undefined : v;
}

/** True when `v` holds an ExportTraceServiceRequest (possibly wrapped; no deeper than MAX_WRAP_DEPTH, arrays by their first MISFIT_SCAN elements). */
function holdsRequest(v: unknown, depth: number): boolean {
  if (depth > MAX_WRAP_DEPTH) return false;
  if (Array.isArray(v)) {
    const n = Math.min(v.length, MISFIT_SCAN);
    for (let i = 0; i < n; i++) if (holdsRequest(v[i], depth + 1)) return true;
    return false;
  }
  if (!isRecord(v)) return false;
  if (Array.isArray(get(v, 'resourceSpans')) || Array.isArray(get(v, 'resource_spans'))) return true;
  if (isBatches(get(v, 'batches'))) return true;
  return holdsRequest(get(v, 'result'), depth + 1) || holdsRequest(get(v, 'trace'), depth + 1);
}

/** Tempo's `batches`: an array of ResourceSpans (checked on its first element only). */
function isBatches(v: unknown): v is unknown[] {
  if (!Array.isArray(v)) return false;
  if (v.length === 0) return true;
  const first: unknown = v[0];
  if (!isRecord(first)) return false;
  return (
    get(first, 'resource') !== undefined ||
    get2(first, 'scopeSpans', 'scope_spans') !== undefined ||
    get2(first, 'instrumentationLibrarySpans', 'instrumentation_library_spans') !== undefined
  );
}

/**
 * How many spans a list of ResourceSpans holds (their spans arrays' lengths), for
 * DatasetBuilder.reserve. Runs once per list, so mostly unoptimized: plain named loads, no calls.
 * Only a hint (lengths of arrays, nothing else is read), so inherited values do no harm here.
 */
function countSpans(list: readonly unknown[]): number {
  let count = 0;
  for (let i = 0; i < list.length; i++) {
    const rs = list[i] as Rec | null;
    if (rs === null || typeof rs !== 'object') continue;
    const ss = rs.scopeSpans ?? rs.scope_spans ?? rs.instrumentationLibrarySpans;
    if (!Array.isArray(ss)) continue;
    for (let k = 0; k < ss.length; k++) {
      const e = ss[k] as Rec | null;
      if (e === null || typeof e !== 'object') continue;
      const spans = e.spans;
      if (Array.isArray(spans)) count += spans.length;
    }
  }
  return count;
}

/** A resource or scope index known for a flat source (see OtlpReader.flatList). */
interface FlatKnown {
  readonly strings: readonly string[];
  readonly index: number;
}

/** One import run: the builder, the sink, and the path trail of the walk. */
class OtlpReader {
  private readonly b: DatasetBuilder;
  private readonly trail: Segment[] = [];
  private readonly t = timeParts();
  private inSpan = false;
  /** The last trace id as written and normalized (null: none yet). */
  /** Raw trace ids lately read and their normalized forms, by slot (see span()). */
  private readonly traceRaw: (string | null)[] = new Array<string | null>(TRACE_CACHE).fill(null);
  private readonly traceNorm: string[] = new Array<string>(TRACE_CACHE).fill('');
  /** Problems reported so far (a resource or scope read with problems is not cached). */
  private problems = 0;
  /** Resource / scope index by a key of the source object's content: most files repeat a few. */
  private readonly resourceCache = new Map<string, number>();
  private readonly scopeCache = new Map<string, number>();
  /**
   * The same indices for flat sources (attributes all {key, value: {stringValue}}), by a hash of
   * their strings and compared string by string: checked first, so that the repeated resources and
   * scopes of a file (one per ResourceSpans / ScopeSpans) need no key string built and hashed.
   */
  private readonly resourceFlat = new Map<number, FlatKnown[]>();
  private readonly scopeFlat = new Map<number, FlatKnown[]>();
  /** Scratch for flatList(): the strings of the source read last. */
  private readonly flat: string[] = [];
  /** Reused for every span: endSpan copies the fields out. */
  private readonly fields: SpanFields = spanFields();

  constructor(private readonly sink: ImportSink) {
    this.b = sink.builder;
  }

  private problem(tail: readonly Segment[], message: string): void {
    this.problems++;
    this.sink.problem(formatPath(this.trail, tail), message);
  }

  /** A warning about the span at the trail (its field `field`), with its own code and ids. */
  private spanWarning(code: string, field: string, message: string, traceId: string, spanId: string): void {
    this.sink.warn(code, formatPath(this.trail, [field]), message, traceId, spanId);
  }

  /** A document level: a request, an array of them, or a wrapper around them. */
  document(v: unknown, depth: number): void {
    const trail = this.trail;
    if (depth > MAX_WRAP_DEPTH) {
      this.problem([], `nested deeper than ${MAX_WRAP_DEPTH} levels; skipped`);
      return;
    }
    if (Array.isArray(v)) {
      trail.push(0);
      const top = trail.length - 1;
      for (let i = 0; i < v.length; i++) {
        trail[top] = i;
        this.document(v[i], depth + 1);
      }
      trail.pop();
      return;
    }
    if (!isRecord(v)) {
      this.problem([], `${typeName(v)}, not an OTLP request; skipped`);
      return;
    }
    let found = false;
    const rsKey = get(v, 'resourceSpans') !== undefined ? 'resourceSpans' : get(v, 'resource_spans') !== undefined ? 'resource_spans' : '';
    if (rsKey !== '') {
      found = true;
      this.resourceSpansList(get(v, rsKey), rsKey);
    }
    const batches = get(v, 'batches');
    if (batches !== undefined && (rsKey === '' || Array.isArray(batches))) {
      found = true;
      this.resourceSpansList(batches, 'batches');
    }
    if (!found) {
      for (const w of ['result', 'trace']) {
        const inner = get(v, w);
        if (inner === undefined || !(isRecord(inner) || Array.isArray(inner))) continue;
        found = true;
        trail.push(w);
        this.document(inner, depth + 1);
        trail.pop();
      }
    }
    if (!found) this.problem([], NO_REQUEST);
  }

  private resourceSpansList(list: unknown, key: string): void {
    const trail = this.trail;
    if (!Array.isArray(list)) {
      this.problem([key], `${typeName(list)}, not an array`);
      return;
    }
    this.b.reserve(countSpans(list));
    trail.push(key, 0);
    const top = trail.length - 1;
    for (let i = 0; i < list.length; i++) {
      trail[top] = i;
      try {
        this.resourceSpans(list[i]);
      } catch (e) {
        // Not expected for any input; kept so one bad record can never stop the import.
        if (this.inSpan) this.b.abortSpan();
        this.inSpan = false;
        trail.length = top + 1;
        this.problem([], `internal error, record skipped: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    trail.pop();
    trail.pop();
  }

  private resourceSpans(rs: unknown): void {
    if (!isRecord(rs)) {
      this.problem([], `${typeName(rs)}, not a ResourceSpans object; skipped`);
      return;
    }
    const trail = this.trail;
    const res = this.resource(get(rs, 'resource'));

    let key = get(rs, 'scopeSpans') !== undefined ? 'scopeSpans' : 'scope_spans';
    let list = get(rs, key);
    if (list === undefined || (Array.isArray(list) && list.length === 0)) {
      const oldKey = get(rs, 'instrumentationLibrarySpans') !== undefined ? 'instrumentationLibrarySpans' : 'instrumentation_library_spans';
      const old = get(rs, oldKey);
      if (old !== undefined) {
        key = oldKey;
        list = old;
      }
    }
    if (list === undefined) return;
    if (!Array.isArray(list)) {
      this.problem([key], `${typeName(list)}, not an array`);
      return;
    }
    trail.push(key, 0);
    const top = trail.length - 1;
    for (let i = 0; i < list.length; i++) {
      trail[top] = i;
      this.scopeSpans(list[i], res);
    }
    trail.pop();
    trail.pop();
  }

  /** The builder's index of a resource (trail at the ResourceSpans). */
  private resource(resource: unknown): number {
    if (resource === undefined) return this.b.resource('', []);
    if (!isRecord(resource)) {
      this.problem(['resource'], `${typeName(resource)}, not an object`);
      return this.b.resource('', []);
    }
    const rawList = get(resource, 'attributes');
    this.flat.length = 0;
    const hash = rawList === undefined ? 0 : Array.isArray(rawList) ? this.flatList(rawList, 0) : -1;
    if (hash >= 0) {
      const known = this.knownFlat(this.resourceFlat, hash);
      if (known >= 0) return known;
    }
    const key = attributesKey(rawList);
    if (key !== null) {
      const known = this.resourceCache.get(key);
      if (known !== undefined) {
        if (hash >= 0) this.rememberFlat(this.resourceFlat, hash, known);
        return known;
      }
    }
    const before = this.problems;
    this.trail.push('resource');
    const attrs = this.attributeList(resource);
    this.trail.pop();
    let serviceName = '';
    for (const a of attrs) {
      if (a.key === 'service.name' && a.value.type === 'string') {
        serviceName = a.value.value;
        break;
      }
    }
    const index = this.b.resource(serviceName, attrs);
    if (key !== null && this.problems === before) {
      this.resourceCache.set(key, index);
      if (hash >= 0) this.rememberFlat(this.resourceFlat, hash, index);
    }
    return index;
  }

  /** The builder's index of a scope (trail at the ScopeSpans). */
  private scope(ss: Rec): number {
    const scopeKey =
      get(ss, 'scope') !== undefined ? 'scope' : get(ss, 'instrumentationLibrary') !== undefined ? 'instrumentationLibrary' : 'instrumentation_library';
    const scope = get(ss, scopeKey);
    if (scope === undefined) return this.b.scope('', '', []);
    if (!isRecord(scope)) {
      this.problem([scopeKey], `${typeName(scope)}, not an object`);
      return this.b.scope('', '', []);
    }
    const rawName = get(scope, 'name') ?? '';
    const rawVersion = get(scope, 'version') ?? '';
    let key: string | null = null;
    let hash = -1;
    if (typeof rawName === 'string' && typeof rawVersion === 'string') {
      const rawList = get(scope, 'attributes');
      const flat = this.flat;
      flat.length = 0;
      flat.push(rawName, rawVersion);
      const h0 = Math.imul(rawName.length ^ (rawVersion.length << 12) ^ (rawName.length > 0 ? rawName.charCodeAt(rawName.length - 1) << 20 : 0), 0x9e3779b1);
      hash = rawList === undefined ? h0 & 0x3fffffff : Array.isArray(rawList) ? this.flatList(rawList, h0) : -1;
      if (hash >= 0) {
        const known = this.knownFlat(this.scopeFlat, hash);
        if (known >= 0) return known;
      }
      const attrsKey = attributesKey(rawList);
      if (attrsKey !== null) key = `${rawName.length}:${rawName}${rawVersion.length}:${rawVersion}${attrsKey}`;
    }
    if (key !== null) {
      const known = this.scopeCache.get(key);
      if (known !== undefined) {
        if (hash >= 0) this.rememberFlat(this.scopeFlat, hash, known);
        return known;
      }
    }
    const before = this.problems;
    this.trail.push(scopeKey);
    const scopeName = this.optString(scope, 'name');
    const scopeVersion = this.optString(scope, 'version');
    const index = this.b.scope(scopeName, scopeVersion, this.attributeList(scope));
    this.trail.pop();
    if (key !== null && this.problems === before) {
      this.scopeCache.set(key, index);
      if (hash >= 0) this.rememberFlat(this.scopeFlat, hash, index);
    }
    return index;
  }

  /**
   * Appends the strings of `list` to this.flat (key, value, key, value...) and returns a hash of
   * them (from h, a Smi), when every entry is {key: string, value: {stringValue: string}} (own
   * properties); else -1. Such lists have equal strings exactly when attributesKey() makes equal
   * keys of them.
   */
  private flatList(list: readonly unknown[], h: number): number {
    const flat = this.flat;
    h = Math.imul(h ^ list.length, 0x9e3779b1);
    for (let k = 0; k < list.length; k++) {
      const kv: unknown = list[k];
      if (!isRecord(kv)) return -1;
      const key = ownValue(kv, 'key', kv.key);
      const v = ownValue(kv, 'value', kv.value);
      if (typeof key !== 'string' || !isRecord(v)) return -1;
      const str = ownValue(v, 'stringValue', v.stringValue);
      if (typeof str !== 'string') return -1;
      flat.push(key, str);
      const n = str.length;
      h = Math.imul(h ^ (key.length << 12) ^ n ^ (n > 0 ? str.charCodeAt(n - 1) << 20 : 0), 0x9e3779b1);
    }
    return h & 0x3fffffff;
  }

  /** The index remembered for the strings in this.flat under `hash`, or -1. */
  private knownFlat(cache: Map<number, FlatKnown[]>, hash: number): number {
    const bucket = cache.get(hash);
    if (bucket === undefined) return -1;
    const flat = this.flat;
    for (let e = 0; e < bucket.length; e++) {
      const strings = bucket[e].strings;
      if (strings.length !== flat.length) continue;
      let k = 0;
      while (k < flat.length && strings[k] === flat[k]) k++;
      if (k === flat.length) return bucket[e].index;
    }
    return -1;
  }

  private rememberFlat(cache: Map<number, FlatKnown[]>, hash: number, index: number): void {
    const entry: FlatKnown = { strings: this.flat.slice(), index };
    const bucket = cache.get(hash);
    if (bucket === undefined) cache.set(hash, [entry]);
    else bucket.push(entry);
  }

  private scopeSpans(ss: unknown, res: number): void {
    if (!isRecord(ss)) {
      this.problem([], `${typeName(ss)}, not a ScopeSpans object; skipped`);
      return;
    }
    const trail = this.trail;
    const scopeIndex = this.scope(ss);
    const spans = get(ss, 'spans');
    if (spans === undefined) return;
    if (!Array.isArray(spans)) {
      this.problem(['spans'], `${typeName(spans)}, not an array`);
      return;
    }
    trail.push('spans', 0);
    const top = trail.length - 1;
    for (let i = 0; i < spans.length; i++) {
      trail[top] = i;
      this.span(spans[i], res, scopeIndex);
    }
    trail.pop();
    trail.pop();
  }

  /** A string field that may be absent ('' then); other types are reported and read as ''. */
  private optString(o: Rec, key: string, snake?: string): string {
    const v = snake === undefined ? get(o, key) : get2(o, key, snake);
    if (v === undefined || typeof v === 'string') return v ?? '';
    this.problem([snake === undefined ? key : nameOf(o, key, snake)], `${typeName(v)}, not a string; read as ''`);
    return '';
  }

  /** A required OTLP id (hex, or base64 of the bytes); null (reported) when missing or invalid. */
  private id(o: Rec, camel: string, snake: string, bytes: 8 | 16, raw: unknown = get2(o, camel, snake)): string | null {
    if (typeof raw === 'string') {
      if (isLowerHexOfLength(raw, bytes * 2)) return raw;
      const id = normalizeOtlpId(raw, bytes);
      if (id !== null) return id;
      this.problem([nameOf(o, camel, snake)], 'not a hex id');
    } else this.problem([nameOf(o, camel, snake)], raw === undefined ? 'missing' : `${typeName(raw)}, not a hex id`);
    return null;
  }

  private span(sp: unknown, res: number, scope: number): void {
    if (!isRecord(sp)) {
      this.problem([], `${typeName(sp)}, not a span object; skipped`);
      return;
    }
    // Trace id (consecutive spans usually share it: normalize once per run of equal ids).
    let traceId: string;
    const rawTrace = ownValue(sp, 'traceId', sp.traceId) ?? ownValue(sp, 'trace_id', sp.trace_id);
    // Spans of several traces interleave (a request's spans are grouped by service): the last few
    // dozen raw ids and their normalizations are kept, by a hash of their last characters.
    const slot = typeof rawTrace === 'string' && rawTrace.length > 2 ? (rawTrace.charCodeAt(rawTrace.length - 1) ^ (rawTrace.charCodeAt(rawTrace.length - 2) << 3)) & (TRACE_CACHE - 1) : 0;
    if (typeof rawTrace === 'string' && rawTrace === this.traceRaw[slot]) traceId = this.traceNorm[slot];
    else {
      const id = this.id(sp, 'traceId', 'trace_id', 16, rawTrace);
      if (id === null) return;
      traceId = id;
      this.traceRaw[slot] = rawTrace as string;
      this.traceNorm[slot] = id;
    }
    const f = this.fields;
    // The span id: parseHex16 checks the usual form and leaves its halves for the builder.
    const rawSpan = ownValue(sp, 'spanId', sp.spanId) ?? ownValue(sp, 'span_id', sp.span_id);
    let hexIds = 0;
    let spanId: string | null;
    if (typeof rawSpan === 'string' && parseHex16(rawSpan)) {
      spanId = rawSpan;
      hexIds = ID_HEX;
      f.idHi = HEX16[0];
      f.idLo = HEX16[1];
    } else spanId = this.id(sp, 'spanId', 'span_id', 8, rawSpan);
    if (spanId === null) return;

    let parentSpanId = '';
    const rawParent = ownValue(sp, 'parentSpanId', sp.parentSpanId) ?? ownValue(sp, 'parent_span_id', sp.parent_span_id);
    if (rawParent !== undefined) {
      if (typeof rawParent === 'string' && parseHex16(rawParent)) {
        // (all zeros is OTLP's "no parent")
        if ((HEX16[0] | HEX16[1]) !== 0) {
          parentSpanId = rawParent;
          hexIds |= PARENT_HEX;
          f.parentHi = HEX16[0];
          f.parentLo = HEX16[1];
        }
      } else {
        const p = typeof rawParent === 'string' ? (rawParent === '' ? '' : normalizeOtlpId(rawParent, 8)) : null;
        if (p === null) this.problem([nameOf(sp, 'parentSpanId', 'parent_span_id')], `${typeof rawParent === 'string' ? 'not a hex id' : `${typeName(rawParent)}, not a hex id`}; the span is shown as a root`);
        else if (p !== '' && p !== ZERO_SPAN_ID) parentSpanId = p;
      }
    }

    let name = '';
    const rawName = ownValue(sp, 'name', sp.name);
    if (typeof rawName === 'string' && rawName.length > 0) name = rawName;
    else if (rawName === undefined || rawName === '') this.spanWarning('MISSING_NAME', 'name', `${rawName === undefined ? 'missing' : 'empty'} (a span name is required); shown without a name`, traceId, spanId);
    else this.problem(['name'], `${typeName(rawName)}, not a string; read as ''`);

    let kind = 0;
    const rawKind = ownValue(sp, 'kind', sp.kind);
    if (rawKind !== undefined) {
      kind = kindOf(rawKind);
      if (kind < 0) {
        this.problem(['kind'], `unknown span kind ${shown(rawKind)}; read as UNSPECIFIED`);
        kind = 0;
      }
    }

    const t = this.t;
    let startSec = Number.NaN;
    let startNano = 0;
    const rawStart = ownValue(sp, 'startTimeUnixNano', sp.startTimeUnixNano) ?? ownValue(sp, 'start_time_unix_nano', sp.start_time_unix_nano);
    // A missing start is reported by the builder (MISSING_TIMESTAMP) when it places the span.
    if (rawStart !== undefined) {
      if (readNanos(rawStart, t)) {
        startSec = t.sec;
        startNano = t.nano;
      } else this.badTime(sp, 'startTimeUnixNano', 'start_time_unix_nano', rawStart, 'start', traceId, spanId);
    }
    let endSec = Number.NaN;
    let endNano = 0;
    const rawEnd = ownValue(sp, 'endTimeUnixNano', sp.endTimeUnixNano) ?? ownValue(sp, 'end_time_unix_nano', sp.end_time_unix_nano);
    if (rawEnd !== undefined) {
      if (readNanos(rawEnd, t)) {
        endSec = t.sec;
        endNano = t.nano;
      } else this.badTime(sp, 'endTimeUnixNano', 'end_time_unix_nano', rawEnd, 'end', traceId, spanId);
    } else if (startSec === startSec) this.spanWarning('MISSING_END', 'endTimeUnixNano', 'missing; the span is shown without a duration', traceId, spanId);

    let statusCode = 0;
    let statusMessage = '';
    const status = ownValue(sp, 'status', sp.status);
    if (status !== undefined) {
      if (!isRecord(status)) this.problem(['status'], `${typeName(status)}, not an object`);
      else {
        const code = ownValue(status, 'code', status.code);
        if (code !== undefined) {
          statusCode = statusOf(code);
          if (statusCode < 0) {
            this.problem(['status', 'code'], `unknown status code ${shown(code)}; read as UNSET`);
            statusCode = 0;
          }
        }
        const msg = ownValue(status, 'message', status.message);
        if (typeof msg === 'string') statusMessage = msg;
        else if (msg !== undefined) this.problem(['status', 'message'], `${typeName(msg)}, not a string`);
      }
    }
    let traceState = '';
    const rawState = ownValue(sp, 'traceState', sp.traceState) ?? ownValue(sp, 'trace_state', sp.trace_state);
    if (typeof rawState === 'string') traceState = rawState;
    else if (rawState !== undefined) this.problem([nameOf(sp, 'traceState', 'trace_state')], `${typeName(rawState)}, not a string; read as ''`);

    const b = this.b;
    b.beginSpan();
    this.inSpan = true;
    const attrs = ownValue(sp, 'attributes', sp.attributes);
    if (attrs !== undefined) this.streamAttributes(attrs);
    const events = ownValue(sp, 'events', sp.events);
    if (events !== undefined) this.events(events);
    const links = ownValue(sp, 'links', sp.links);
    if (links !== undefined) this.links(links);
    f.hexIds = hexIds;
    f.traceId = traceId;
    f.spanId = spanId;
    f.parentSpanId = parentSpanId;
    f.name = name;
    f.kind = kind as SpanKind;
    f.resource = res;
    f.scope = scope;
    f.startSec = startSec;
    f.startNano = startNano;
    f.endSec = endSec;
    f.endNano = endNano;
    f.statusCode = statusCode as StatusCode;
    f.statusMessage = statusMessage;
    f.traceState = traceState;
    b.endSpan(f);
    this.inSpan = false;
  }

  /** Reports a span time that readNanos rejected (read as unknown). */
  private badTime(sp: Rec, camel: string, snake: string, raw: unknown, what: 'start' | 'end', traceId: string, spanId: string): void {
    const [code, message] = badNanos(raw, what);
    this.spanWarning(code, nameOf(sp, camel, snake), message, traceId, spanId);
  }

  /** Span attributes, straight into the builder's columns (the common scalar values without allocating). */
  private streamAttributes(list: unknown): void {
    const trail = this.trail;
    if (!Array.isArray(list)) {
      this.problem(['attributes'], `${typeName(list)}, not an array`);
      return;
    }
    const b = this.b;
    trail.push('attributes', 0);
    const top = trail.length - 1;
    for (let k = 0; k < list.length; k++) {
      const kv: unknown = list[k];
      trail[top] = k;
      const key = this.attributeKey(kv);
      if (key === null) continue;
      const v = (kv as Rec).value;
      if (v !== null && typeof v === 'object' && (protoClean || hasOwn.call(kv, 'value'))) {
        const o = v as Rec;
        let x = o.stringValue;
        if (typeof x === 'string' && (protoClean || hasOwn.call(o, 'stringValue'))) {
          b.attrString(key, x);
          continue;
        }
        x = o.intValue;
        if (x !== undefined && (protoClean || hasOwn.call(o, 'intValue'))) {
          if (typeof x === 'number' && Number.isSafeInteger(x)) {
            b.attrInt(key, x);
            continue;
          }
          if (typeof x === 'string' && x.length <= 15) {
            const n = parseInt64(x);
            if (n !== undefined) {
              b.attrInt(key, n);
              continue;
            }
          }
        } else {
          x = o.boolValue;
          if (typeof x === 'boolean' && (protoClean || hasOwn.call(o, 'boolValue'))) {
            b.attrBool(key, x);
            continue;
          }
          x = o.doubleValue;
          if (typeof x === 'number' && (protoClean || hasOwn.call(o, 'doubleValue'))) {
            b.attrDouble(key, x);
            continue;
          }
        }
      }
      trail.push('value');
      const value = this.anyValue(get(kv as Rec, 'value'), 0);
      trail.pop();
      if (value !== null) b.attr(key, value);
    }
    trail.pop();
    trail.pop();
  }

  /** The key of a {key, value} entry (trail at the entry), or null (reported) when it has none. */
  private attributeKey(kv: unknown): string | null {
    if (!isRecord(kv)) {
      this.problem([], `${typeName(kv)}, not a {key, value} object; skipped`);
      return null;
    }
    const key = kv.key;
    if (typeof key === 'string' && (protoClean || hasOwn.call(kv, 'key'))) return key;
    const own = get(kv, 'key');
    this.problem(['key'], own === undefined ? 'missing; attribute skipped' : `${typeName(own)}, not a string; attribute skipped`);
    return null;
  }

  /** `o.attributes` as Attribute objects (resources, scopes, events, links); trail at `o`. */
  private attributeList(o: Rec): Attribute[] {
    const list = get(o, 'attributes');
    const out: Attribute[] = [];
    if (list === undefined) return out;
    if (!Array.isArray(list)) {
      this.problem(['attributes'], `${typeName(list)}, not an array`);
      return out;
    }
    this.trail.push('attributes', 0);
    this.keyValues(list, 0, out);
    this.trail.pop();
    this.trail.pop();
    return out;
  }

  /** Reads {key, value} entries into `out`; the trail ends with a placeholder index for the entry. */
  private keyValues(list: readonly unknown[], depth: number, out: Attribute[]): void {
    const trail = this.trail;
    const top = trail.length - 1;
    for (let k = 0; k < list.length; k++) {
      trail[top] = k;
      const key = this.attributeKey(list[k]);
      if (key === null) continue;
      trail.push('value');
      const value = this.anyValue(get(list[k] as Rec, 'value'), depth);
      trail.pop();
      if (value !== null) out.push({ key, value });
    }
  }

  /**
   * Materializes an AnyValue (trail at the value). An absent value is the empty value. Returns null,
   * after reporting, for a value that cannot be read; the caller skips it.
   */
  private anyValue(v: unknown, depth: number): AnyValue | null {
    if (v === undefined) return EMPTY;
    if (!isRecord(v)) {
      this.problem([], `${typeName(v)}, not an AnyValue object; skipped`);
      return null;
    }
    let x = get2(v, 'stringValue', 'string_value');
    if (x !== undefined) {
      if (typeof x === 'string') return { type: 'string', value: x };
      return this.badValue(v, 'stringValue', 'string_value', x, 'not a string');
    }
    x = get2(v, 'intValue', 'int_value');
    if (x !== undefined) {
      const n = parseInt64(x);
      if (n !== undefined) return { type: 'int', value: n };
      if (typeof x === 'number' && Number.isFinite(x)) {
        this.problem([nameOf(v, 'intValue', 'int_value')], `${x} is not an integer; kept as a double`);
        return { type: 'double', value: x };
      }
      return this.badValue(v, 'intValue', 'int_value', x, 'not a 64-bit integer');
    }
    x = get2(v, 'boolValue', 'bool_value');
    if (x !== undefined) {
      if (typeof x === 'boolean') return { type: 'bool', value: x };
      if (x === 'true' || x === 'false') return { type: 'bool', value: x === 'true' };
      return this.badValue(v, 'boolValue', 'bool_value', x, 'not a boolean');
    }
    x = get2(v, 'doubleValue', 'double_value');
    if (x !== undefined) {
      const d = parseDouble(x);
      if (d !== undefined) return { type: 'double', value: d };
      return this.badValue(v, 'doubleValue', 'double_value', x, 'not a number');
    }
    x = get2(v, 'bytesValue', 'bytes_value');
    if (x !== undefined) {
      if (typeof x === 'string') return { type: 'bytes', value: x };
      return this.badValue(v, 'bytesValue', 'bytes_value', x, 'not base64 text');
    }
    const isArray = get2(v, 'arrayValue', 'array_value') !== undefined;
    if (isArray || get2(v, 'kvlistValue', 'kvlist_value') !== undefined) {
      const key = isArray ? nameOf(v, 'arrayValue', 'array_value') : nameOf(v, 'kvlistValue', 'kvlist_value');
      const inner = get(v, key);
      if (!isRecord(inner)) return this.badValue(v, key, key, inner, 'not an object');
      if (depth >= MAX_VALUE_DEPTH) {
        this.problem([key], `nested deeper than ${MAX_VALUE_DEPTH} levels; replaced by an empty value`);
        return EMPTY;
      }
      const values = get(inner, 'values') ?? [];
      if (!Array.isArray(values)) return this.badValue(inner, 'values', 'values', values, 'not an array', key);
      const trail = this.trail;
      trail.push(key, 'values', 0);
      const top = trail.length - 1;
      let result: AnyValue;
      if (isArray) {
        const out: AnyValue[] = [];
        for (let i = 0; i < values.length; i++) {
          trail[top] = i;
          const e = this.anyValue(values[i] === null ? undefined : values[i], depth + 1);
          if (e !== null) out.push(e);
        }
        result = { type: 'array', value: out };
      } else {
        const out: Attribute[] = [];
        this.keyValues(values, depth + 1, out);
        result = { type: 'kvlist', value: out };
      }
      trail.pop();
      trail.pop();
      trail.pop();
      return result;
    }
    if (hasOwnKeys(v)) {
      this.problem([], 'no known AnyValue field (stringValue, intValue, ...); skipped');
      return null;
    }
    return EMPTY;
  }

  private badValue(o: Rec, camel: string, snake: string, x: unknown, what: string, parent?: string): null {
    const tail: Segment[] = parent === undefined ? [nameOf(o, camel, snake)] : [parent, nameOf(o, camel, snake)];
    this.problem(tail, `${typeName(x)}, ${what}; skipped`);
    return null;
  }

  private events(list: unknown): void {
    if (!Array.isArray(list)) {
      this.problem(['events'], `${typeName(list)}, not an array`);
      return;
    }
    const trail = this.trail;
    const t: TimeParts = this.t;
    trail.push('events', 0);
    const top = trail.length - 1;
    for (let i = 0; i < list.length; i++) {
      trail[top] = i;
      const e: unknown = list[i];
      if (!isRecord(e)) {
        this.problem([], `${typeName(e)}, not an event object; skipped`);
        continue;
      }
      let sec = Number.NaN;
      let nano = 0;
      const rawTime = get2(e, 'timeUnixNano', 'time_unix_nano');
      if (rawTime !== undefined) {
        if (readNanos(rawTime, t)) {
          sec = t.sec;
          nano = t.nano;
        } else this.problem([nameOf(e, 'timeUnixNano', 'time_unix_nano')], badNanos(rawTime, 'event')[1]);
      }
      const name = this.optString(e, 'name');
      this.b.event(sec, nano, name, this.attributeList(e));
    }
    trail.pop();
    trail.pop();
  }

  private links(list: unknown): void {
    if (!Array.isArray(list)) {
      this.problem(['links'], `${typeName(list)}, not an array`);
      return;
    }
    const trail = this.trail;
    trail.push('links', 0);
    const top = trail.length - 1;
    for (let i = 0; i < list.length; i++) {
      trail[top] = i;
      const l: unknown = list[i];
      if (!isRecord(l)) {
        this.problem([], `${typeName(l)}, not a link object; skipped`);
        continue;
      }
      const traceId = this.id(l, 'traceId', 'trace_id', 16);
      const spanId = this.id(l, 'spanId', 'span_id', 8);
      if (traceId === null || spanId === null) continue;
      const traceState = this.optString(l, 'traceState', 'trace_state');
      this.b.link({ traceId, spanId, traceState, attributes: this.attributeList(l) });
    }
    trail.pop();
    trail.pop();
  }
}

// An idle reader keeps OtlpReader's hidden class, and the optimized code built on it, alive between
// imports (see keepHiddenClass in model/builder.ts).
keepHiddenClass(new OtlpReader(silentSink(idleBuilder())));

export const otlpImporter: Importer = {
  id: 'otlp',
  label: 'OTLP/JSON',
  misfit(json: unknown): string | null {
    if (holdsRequest(json, 0)) return null;
    if (!isRecord(json) && !Array.isArray(json)) return 'not a JSON object or array';
    return NO_REQUEST;
  },
  importJson(json: unknown, sink: ImportSink): void {
    protoClean = prototypeIsClean();
    try {
      new OtlpReader(sink).document(json, 0);
    } catch (e) {
      // Unreachable by design (records are guarded one by one); never let an import throw.
      sink.problem('(document)', `internal error: ${e instanceof Error ? e.message : String(e)}`);
    }
  },
};
