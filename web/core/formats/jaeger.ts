/**
 * Jaeger JSON importer.
 *
 * Accepted documents:
 * - the query API response / UI download `{data: [trace...], total, limit, offset, errors}` (also an
 *   error response with `data: null`, and `data` holding a single trace object);
 * - a bare trace object `{traceID, spans, processes}`;
 * - an array of trace objects.
 *
 * Mapping (jaeger-idl's Span.ParentSpanID; the OpenTelemetry collector's Jaeger translator):
 * - parent: the first CHILD_OF reference of the same trace, else the first same-trace FOLLOWS_FROM;
 *   when the references give none, the older top-level `parentSpanID` (all-zero = none). Every
 *   other reference becomes a link with attribute `opentracing.ref_type` = child_of | follows_from.
 * - kind: the `span.kind` tag (any case). A recognised value is not kept as an attribute; an
 *   unrecognised one is kept (nothing else records it) and the kind stays UNSPECIFIED.
 * - service and resource attributes: the span's embedded `process` object if any, else
 *   `processes[processID]`. The resource attributes are `service.name` followed by the process tags.
 * - scope: tags `otel.scope.name`/`otel.scope.version`, else `otel.library.name`/`.version`; these
 *   tags are not kept as attributes.
 * - status (as the collector's Jaeger translator does): tag `error` = true or "true" gives ERROR and
 *   is dropped; any other `error` value (false, "timeout", ...) stays an attribute. Otherwise tag
 *   `otel.status_code` ERROR / OK / UNSET (any case) gives the status. A recognised
 *   `otel.status_code` is always dropped (even when `error` decided the status);
 *   `otel.status_description` (a string) always becomes the status message and is dropped.
 * - tags: typed (string, bool, int64, float64, binary; any case). Values may arrive as strings,
 *   numbers or booleans; int64 digit strings beyond 2^53 stay exact (bigint); binary stays base64
 *   text (bytes). A tag without a type (or an unknown one) is read by its JSON value's type.
 * - logs become events: name from field `event`, else `message`, else "log"; the field used as
 *   the name is not repeated as an attribute.
 * - span/trace `warnings` and the response's `errors` become SOURCE_WARNING load warnings.
 * - times are microseconds (`startTime`, `duration`); end = start + duration. A startTime of 0
 *   (unset) is ZERO_TIMESTAMP, a negative one or one beyond 2^53 µs BAD_TIMESTAMP, and the start is
 *   unknown; a missing duration is MISSING_END, an unusable one BAD_TIMESTAMP (no duration); a
 *   negative duration is kept for the builder's END_BEFORE_START. Fractions are kept to the ns.
 *
 * Broken records are reported through `sink.problem` with their JSON path and skipped or repaired;
 * nothing here throws and nothing recurses. Hot path: no closures, regexes or path strings per span
 * (paths are only built when something is reported); one SpanFields object is reused.
 */
import type { AnyValue, Attribute } from '../model/types.ts';
import { SpanKind, StatusCode } from '../model/types.ts';
import type { DatasetBuilder, SpanFields } from '../model/builder.ts';
import { idleBuilder, keepHiddenClass, spanFields } from '../model/builder.ts';
import { microsInto, timeParts, timeRejection } from '../lib/time.ts';
import { isEmptyId, isLowerHexOfLength, normalizeLooseId } from '../lib/ids.ts';
import type { ImportSink, Importer } from './types.ts';
import { isRecord, own, prototypeIsClean, silentSink } from './types.ts';

// ---------------------------------------------------------------------------------------------
// Detection

/** How many leading items of an array (or `data`) are looked at to decide the format. */
const SNIFF = 16;

function isTraceLike(v: unknown): boolean {
  if (!isRecord(v)) return false;
  const spans = own(v, 'spans');
  if (!Array.isArray(spans)) return false;
  if (typeof own(v, 'traceID') === 'string' || isRecord(own(v, 'processes'))) return true;
  const first: unknown = spans[0];
  return isRecord(first) && own(first, 'spanID') !== undefined;
}

function anyTraceLike(a: readonly unknown[]): boolean {
  const n = Math.min(a.length, SNIFF);
  for (let i = 0; i < n; i++) if (isTraceLike(a[i])) return true;
  return false;
}

function misfit(json: unknown): string | null {
  if (Array.isArray(json)) {
    if (json.length === 0) return 'an empty array: no traces with traceID and spans';
    if (anyTraceLike(json)) return null;
    const first: unknown = json[0];
    if (isRecord(first) && own(first, 'traceId') !== undefined && own(first, 'id') !== undefined) return 'an array of spans with traceId and id (Zipkin), not Jaeger traces with traceID and spans';
    if (Array.isArray(first)) return 'an array of arrays (a Zipkin trace list), not Jaeger traces with traceID and spans';
    return 'array items are not traces with traceID and spans';
  }
  if (!isRecord(json)) return 'not a JSON object or array';
  if (own(json, 'resourceSpans') !== undefined) return 'has resourceSpans (OTLP), not Jaeger traces with traceID and spans';
  const data = own(json, 'data');
  if (Array.isArray(data)) {
    if (anyTraceLike(data)) return null;
    if (data.length === 0 && (own(json, 'total') !== undefined || own(json, 'errors') !== undefined)) return null;
    return 'data[] holds no traces with traceID and spans';
  }
  if (data === null && Array.isArray(own(json, 'errors'))) return null; // the query API's error response
  if (isTraceLike(data)) return null;
  if (isTraceLike(json)) return null;
  return 'no traces with traceID and spans (expected {data: [...]}, a trace object or an array of traces)';
}

// ---------------------------------------------------------------------------------------------
// Small helpers (no regexes: they run per span or per tag)

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * own(o, k) for a record, given `v`, the caller's `o.k`: a named property load, which V8 caches per
 * call site, where own() does a keyed load in a call that is not inlined everywhere (it was a few
 * percent of an import). An inherited value never counts as data.
 */
function field(o: Record<string, unknown>, k: string, v: unknown): unknown {
  return v !== undefined && (protoClean || hasOwn.call(o, k)) ? v : undefined;
}

/** prototypeIsClean() at the start of the current import: then field() needs no own check. */
let protoClean = false;

/** normalizeLooseId with a fast path for ids that are already 16/32 lowercase hex digits. */
function looseId(s: string): string {
  const n = s.length;
  if ((n === 16 || n === 32) && isLowerHexOfLength(s, n)) return s;
  return normalizeLooseId(s);
}

function kindExact(v: string): number {
  switch (v) {
    case 'server':
      return SpanKind.SERVER;
    case 'client':
      return SpanKind.CLIENT;
    case 'producer':
      return SpanKind.PRODUCER;
    case 'consumer':
      return SpanKind.CONSUMER;
    case 'internal':
      return SpanKind.INTERNAL;
    default:
      return -1;
  }
}

/** SpanKind of a `span.kind` value, or -1 when it is not one of the five names. */
function kindOf(v: string): number {
  const k = kindExact(v);
  return k >= 0 ? k : kindExact(v.toLowerCase());
}

function statusExact(v: string): number {
  switch (v) {
    case 'ERROR':
      return StatusCode.ERROR;
    case 'OK':
      return StatusCode.OK;
    case 'UNSET':
      return StatusCode.UNSET;
    default:
      return -1;
  }
}

function statusOf(v: string): number {
  const s = statusExact(v);
  return s >= 0 ? s : statusExact(v.toUpperCase());
}

/** A short description of a JSON value for messages (never calls a data-supplied toString). */
function describe(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  switch (typeof v) {
    case 'string':
      return `a string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
    case 'number':
      return `a number (${v})`;
    case 'boolean':
      return `a boolean (${v})`;
    default:
      return `an ${typeof v}`;
  }
}

function keyPath(base: string, key: string): string {
  const sep = base === '' ? '' : '.';
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${base}${sep}${key}` : `${base}[${JSON.stringify(key)}]`;
}

function isDigits(s: string, from: number): boolean {
  if (from >= s.length) return false;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Tag values: decoded into module-level scratch slots so the span path allocates nothing.

const D_BAD = 0;
const D_STRING = 1;
const D_BOOL = 2;
const D_INT = 3;
const D_BIGINT = 4;
const D_DOUBLE = 5;
const D_BYTES = 6;

let vStr = '';
let vNum = 0;
let vBig = 0n;
let vWhy = '';

function bad(why: string): number {
  vWhy = why;
  return D_BAD;
}

/** Reads a value by its JSON type (tags without a known `type`). */
function decodeUntyped(value: unknown): number {
  switch (typeof value) {
    case 'string':
      vStr = value;
      return D_STRING;
    case 'boolean':
      vNum = value ? 1 : 0;
      return D_BOOL;
    case 'number':
      vNum = value;
      return Number.isInteger(value) ? D_INT : D_DOUBLE;
    default:
      return bad(`value is ${describe(value)}; expected a string, number or boolean`);
  }
}

function decodeInt(value: unknown): number {
  if (typeof value === 'number') {
    vNum = value;
    return Number.isInteger(value) ? D_INT : D_DOUBLE; // a fraction is kept as a double rather than lost
  }
  if (typeof value === 'string') {
    const neg = value.charCodeAt(0) === 45; // '-'
    if (isDigits(value, neg ? 1 : 0)) {
      if (value.length <= 15) {
        vNum = Number(value);
        return D_INT;
      }
      vBig = BigInt(value);
      return D_BIGINT;
    }
  }
  return bad(`int64 value is ${describe(value)}; expected an integer`);
}

function decodeTyped(type: string, value: unknown): number {
  switch (type) {
    case 'string':
      if (typeof value === 'string') {
        vStr = value;
        return D_STRING;
      }
      if (typeof value === 'number' || typeof value === 'boolean') {
        vStr = String(value);
        return D_STRING;
      }
      return bad(`string value is ${describe(value)}`);
    case 'bool':
    case 'boolean':
      if (typeof value === 'boolean') {
        vNum = value ? 1 : 0;
        return D_BOOL;
      }
      if (typeof value === 'string') {
        const l = value.toLowerCase();
        if (l === 'true' || l === 'false') {
          vNum = l === 'true' ? 1 : 0;
          return D_BOOL;
        }
      }
      if (value === 0 || value === 1) {
        vNum = value;
        return D_BOOL;
      }
      return bad(`bool value is ${describe(value)}; expected true or false`);
    case 'int64':
      return decodeInt(value);
    case 'float64':
      if (typeof value === 'number') {
        vNum = value;
        return D_DOUBLE;
      }
      if (typeof value === 'string') {
        const n = Number(value);
        if ((!Number.isNaN(n) && value.trim() !== '') || value === 'NaN') {
          vNum = n;
          return D_DOUBLE;
        }
      }
      return bad(`float64 value is ${describe(value)}; expected a number`);
    case 'binary':
      if (typeof value === 'string') {
        vStr = value;
        return D_BYTES;
      }
      return bad(`binary value is ${describe(value)}; expected base64 text`);
    default:
      return -1;
  }
}

/** Decodes a Jaeger KeyValue's (type, value) into the scratch slots; D_BAD sets vWhy. */
function decodeValue(type: unknown, value: unknown): number {
  if (typeof type === 'string') {
    const d = decodeTyped(type, value);
    if (d >= 0) return d;
    const lower = type.toLowerCase();
    if (lower !== type) {
      const d2 = decodeTyped(lower, value);
      if (d2 >= 0) return d2;
    }
  }
  return decodeUntyped(value);
}

/** The decoded scratch value as an AnyValue (for resource attributes and event attributes). */
function scratchValue(d: number): AnyValue {
  switch (d) {
    case D_STRING:
      return { type: 'string', value: vStr };
    case D_BOOL:
      return { type: 'bool', value: vNum !== 0 };
    case D_INT:
      return Number.isSafeInteger(vNum) ? { type: 'int', value: vNum } : { type: 'int', value: BigInt(vNum) };
    case D_BIGINT:
      return vBig >= MIN_SAFE && vBig <= MAX_SAFE ? { type: 'int', value: Number(vBig) } : { type: 'int', value: vBig };
    case D_DOUBLE:
      return { type: 'double', value: vNum };
    case D_BYTES:
      return { type: 'bytes', value: vStr };
    default:
      return { type: 'empty', value: null };
  }
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

const CHILD_OF_ATTRS: readonly Attribute[] = Object.freeze([Object.freeze({ key: 'opentracing.ref_type', value: Object.freeze({ type: 'string', value: 'child_of' }) })]);
const FOLLOWS_FROM_ATTRS: readonly Attribute[] = Object.freeze([Object.freeze({ key: 'opentracing.ref_type', value: Object.freeze({ type: 'string', value: 'follows_from' }) })]);

const REF_CHILD_OF = 1;
const REF_FOLLOWS_FROM = 2;

/** Largest accepted microsecond time or duration (2^53 µs, year 2255). */
const MAX_MICROS = Number.MAX_SAFE_INTEGER;
/** Whole seconds of MAX_MICROS: times are checked on their seconds part (text times too). */
const MAX_SEC = Math.floor(MAX_MICROS / 1e6);

/** Process tag lists that are element-wise identical (own key/type/value, compared with ===). */
function sameTags(a: readonly unknown[] | null, b: readonly unknown[] | null): boolean {
  if (a === b) return true;
  if (a === null || b === null || a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) {
    const x: unknown = a[k];
    const y: unknown = b[k];
    if (!isRecord(x) || !isRecord(y)) return false;
    if (field(x, 'key', x.key) !== field(y, 'key', y.key) || field(x, 'value', x.value) !== field(y, 'value', y.value) || field(x, 'type', x.type) !== field(y, 'type', y.type)) return false;
  }
  return true;
}

/** Tag keys that set the kind, status or scope (see JaegerReader.tags), and a bit per length of them. */
const SPECIAL_TAGS = ['span.kind', 'error', 'otel.status_code', 'otel.status_description', 'otel.scope.name', 'otel.scope.version', 'otel.library.name', 'otel.library.version'];
const SPECIAL_TAG_LENGTHS = SPECIAL_TAGS.reduce((bits, k) => bits | (1 << k.length), 0);

/** Scopes remembered by the reader (more are looked up in the builder each time). */
const SCOPE_CACHE = 16;

/** Entries kept per service name in the process cache (bounds the work for hostile input). */
const PROCESS_CACHE_PER_SERVICE = 32;

// ---------------------------------------------------------------------------------------------
// The reader

/** How many spans a list of traces holds (their spans arrays' lengths), for DatasetBuilder.reserve. */
function countSpans(traces: readonly unknown[]): number {
  let count = 0;
  for (let i = 0; i < traces.length; i++) {
    const spans = own(traces[i], 'spans');
    if (Array.isArray(spans)) count += spans.length;
  }
  return count;
}

interface TraceCtx {
  /** JSON path of the trace object ('' for a bare trace document). */
  path: string;
  /** The trace's own traceID, normalized ('' when absent). */
  traceId: string;
  processes: Record<string, unknown> | null;
  /** Resource index per processID (each trace has its own process table). */
  resources: Map<string, number>;
}

class JaegerReader {
  private readonly b: DatasetBuilder;
  private readonly sink: ImportSink;
  private readonly f: SpanFields = spanFields();
  private readonly tp = timeParts();

  // The span being read (for lazily built problem paths).
  private t: TraceCtx = { path: '', traceId: '', processes: null, resources: new Map() };
  private spanIndex = 0;

  // Per-span values collected from tags.
  private kind: number = SpanKind.UNSPECIFIED;
  private errorTag = false;
  private otelStatus: number = StatusCode.UNSET;
  private statusMessage = '';
  private scopeName: string | null = null;
  private scopeVersion: string | null = null;
  private libName: string | null = null;
  private libVersion: string | null = null;

  // Caches.
  private lastRawTrace = '';
  private lastTrace = '';
  /**
   * Scopes used so far (name, version, index), up to SCOPE_CACHE of them: spans of a trace switch
   * between a few scopes all the time, and builder.scope() builds and hashes a key string per call.
   */
  private readonly scopeNames: string[] = [];
  private readonly scopeVersions: string[] = [];
  private readonly scopeIndices: number[] = [];
  private lastEmbedded: object | null = null;
  private lastEmbeddedResource = -1;
  private unknownResource = -1;
  /** Resources of the processes seen so far, by service name (see resourceFor). */
  private readonly processCache = new Map<string, { tags: readonly unknown[] | null; resource: number }[]>();

  // Scratch for references (reused across spans).
  private refType: number[] = [];
  private refTrace: string[] = [];
  private refSpan: string[] = [];

  constructor(sink: ImportSink) {
    this.sink = sink;
    this.b = sink.builder;
  }

  run(json: unknown): void {
    if (Array.isArray(json)) {
      this.b.reserve(countSpans(json));
      for (let i = 0; i < json.length; i++) this.trace(json[i], `[${i}]`);
      return;
    }
    if (!isRecord(json)) {
      this.sink.problem('', `document is ${describe(json)}; expected Jaeger traces`);
      return;
    }
    const data = own(json, 'data');
    if (Array.isArray(data)) {
      this.b.reserve(countSpans(data));
      for (let i = 0; i < data.length; i++) this.trace(data[i], `data[${i}]`);
    } else if (isRecord(data)) {
      this.trace(data, 'data');
    } else if (data !== undefined && data !== null) {
      this.sink.problem('data', `data is ${describe(data)}; expected an array of traces`);
    } else if (own(json, 'spans') !== undefined) {
      this.trace(json, '');
    }
    this.sourceErrors(own(json, 'errors'));
  }

  /** The query API's top-level `errors`: [{code, msg, traceID}] (or plain strings). */
  private sourceErrors(errors: unknown): void {
    if (errors === undefined || errors === null) return;
    if (!Array.isArray(errors)) {
      this.sink.problem('errors', `errors is ${describe(errors)}; expected an array`);
      return;
    }
    for (let k = 0; k < errors.length; k++) {
      const e: unknown = errors[k];
      const where = `${this.sink.fileName}: errors[${k}]`;
      if (typeof e === 'string') {
        this.b.warn('SOURCE_WARNING', `Jaeger query error: ${e}`, where);
        continue;
      }
      if (!isRecord(e)) {
        this.sink.problem(`errors[${k}]`, `error is ${describe(e)}; expected an object or a string`);
        continue;
      }
      const code = own(e, 'code');
      const msg = own(e, 'msg');
      const tid = own(e, 'traceID');
      const codeText = typeof code === 'number' || typeof code === 'string' ? ` ${code}` : '';
      const msgText = typeof msg === 'string' ? msg : '(no message)';
      this.b.warn('SOURCE_WARNING', `Jaeger query error${codeText}: ${msgText}`, where, typeof tid === 'string' && tid !== '' ? looseId(tid) : undefined);
    }
  }

  private trace(tr: unknown, path: string): void {
    if (!isRecord(tr)) {
      this.sink.problem(path, `trace is ${describe(tr)}; expected an object with traceID and spans; skipped`);
      return;
    }
    const rawTid = own(tr, 'traceID');
    const procs = own(tr, 'processes');
    const t: TraceCtx = {
      path,
      traceId: typeof rawTid === 'string' && rawTid !== '' ? looseId(rawTid) : '',
      processes: isRecord(procs) ? procs : null,
      resources: new Map(),
    };
    if (procs !== undefined && procs !== null && !isRecord(procs)) this.sink.problem(keyPath(path, 'processes'), `processes is ${describe(procs)}; expected an object; ignored`);
    this.t = t;
    this.warnings(own(tr, 'warnings'), path, t.traceId || undefined, undefined, `trace ${t.traceId || '(no id)'}`);
    const spans = own(tr, 'spans');
    if (!Array.isArray(spans)) {
      this.sink.problem(keyPath(path, 'spans'), spans === undefined ? 'missing spans array; trace skipped' : `spans is ${describe(spans)}; expected an array; trace skipped`);
      return;
    }
    for (let i = 0; i < spans.length; i++) {
      this.spanIndex = i;
      this.span(spans[i]);
    }
  }

  private spanPath(): string {
    return keyPath(this.t.path, 'spans') + `[${this.spanIndex}]`;
  }

  private problem(field: string, message: string): void {
    this.sink.problem(field === '' ? this.spanPath() : `${this.spanPath()}.${field}`, message);
  }

  /** A warning about a field of the current span that is kept, with its own code and the span's ids. */
  private spanWarning(code: string, field: string, message: string, traceId: string, spanId: string): void {
    this.sink.warn(code, `${this.spanPath()}.${field}`, message, traceId, spanId);
  }

  /** Reports a start time that was rejected (read as unknown). Called on that branch only. */
  private badTime(key: string, raw: unknown, traceId: string, spanId: string): void {
    const unknown = 'start time unknown (placed from related spans)';
    switch (timeRejection(raw, 'us')) {
      case 'zero':
        return this.spanWarning('ZERO_TIMESTAMP', key, `${key} is ${describe(raw)}, which means unset; ${unknown}`, traceId, spanId);
      case 'negative':
        return this.spanWarning('BAD_TIMESTAMP', key, `${key} is ${describe(raw)}, negative; ${unknown}`, traceId, spanId);
      case 'beyond':
        return this.spanWarning('BAD_TIMESTAMP', key, `${key} is ${describe(raw)}, beyond 2^53 µs (the year 2255); ${unknown}`, traceId, spanId);
      default:
        return this.spanWarning('BAD_TIMESTAMP', key, `${key} is ${describe(raw)}; expected microseconds since the epoch; ${unknown}`, traceId, spanId);
    }
  }

  private span(s: unknown): void {
    if (!isRecord(s)) {
      this.problem('', `span is ${describe(s)}; expected an object; skipped`);
      return;
    }
    const t = this.t;
    const b = this.b;
    const f = this.f;

    // Ids first: a span without them cannot be placed.
    const rawSpanId = field(s, 'spanID', s.spanID);
    if (typeof rawSpanId !== 'string' || rawSpanId === '') {
      this.problem('spanID', rawSpanId === undefined ? 'missing spanID; span skipped' : `spanID is ${describe(rawSpanId)}; expected a non-empty string; span skipped`);
      return;
    }
    const rawTrace = field(s, 'traceID', s.traceID);
    let traceId: string;
    if (typeof rawTrace === 'string' && rawTrace !== '') {
      if (rawTrace !== this.lastRawTrace) {
        this.lastRawTrace = rawTrace;
        this.lastTrace = looseId(rawTrace);
      }
      traceId = this.lastTrace;
    } else if (t.traceId !== '') {
      traceId = t.traceId;
      this.problem('traceID', `${rawTrace === undefined ? 'missing traceID' : `traceID is ${describe(rawTrace)}`}; used the trace's traceID ${t.traceId}`);
    } else {
      this.problem('traceID', rawTrace === undefined ? 'missing traceID; span skipped' : `traceID is ${describe(rawTrace)}; expected a non-empty string; span skipped`);
      return;
    }
    const spanId = looseId(rawSpanId);

    b.beginSpan();

    // References: parent and links.
    let parent = '';
    const refs = field(s, 'references', s.references);
    if (Array.isArray(refs)) {
      if (refs.length > 0) parent = this.references(refs, traceId, rawTrace);
    } else if (refs !== undefined && refs !== null) this.problem('references', `references is ${describe(refs)}; expected an array; ignored`);
    if (parent === '') {
      const p = field(s, 'parentSpanID', s.parentSpanID);
      if (typeof p === 'string') {
        if (p !== '' && !isEmptyId(p)) parent = looseId(p);
      } else if (p !== undefined && p !== null) this.problem('parentSpanID', `parentSpanID is ${describe(p)}; expected a string; ignored`);
    }

    // Name.
    const name = field(s, 'operationName', s.operationName);
    let opName = '';
    if (typeof name === 'string') opName = name;
    else this.problem('operationName', `${name === undefined ? 'missing operationName' : `operationName is ${describe(name)}`}; the span is shown without a name`);

    // Tags: attributes, kind, status, scope.
    this.kind = SpanKind.UNSPECIFIED;
    this.errorTag = false;
    this.otelStatus = StatusCode.UNSET;
    this.statusMessage = '';
    this.scopeName = null;
    this.scopeVersion = null;
    this.libName = null;
    this.libVersion = null;
    const tags = field(s, 'tags', s.tags);
    if (Array.isArray(tags)) this.tags(tags);
    else if (tags !== undefined && tags !== null) this.problem('tags', `tags is ${describe(tags)}; expected an array; ignored`);

    // Times (microseconds).
    const tp = this.tp;
    let startSec = Number.NaN;
    let startNano = 0;
    let endSec = Number.NaN;
    let endNano = 0;
    // A missing start is reported by the builder (MISSING_TIMESTAMP) when it places the span; a
    // start of 0 (unset), negative or beyond 2^53 µs is read as unknown and reported here.
    const st = field(s, 'startTime', s.startTime);
    if (st !== undefined) {
      if (microsInto(st, tp) && tp.sec <= MAX_SEC && (tp.sec > 0 || tp.nano > 0)) {
        startSec = tp.sec;
        startNano = tp.nano;
      } else this.badTime('startTime', st, traceId, spanId);
    }
    if (!Number.isNaN(startSec)) {
      // A negative duration is kept: the builder reports it as END_BEFORE_START.
      const du = field(s, 'duration', s.duration);
      let d = Number.NaN;
      if (typeof du === 'number') d = du;
      else if (typeof du === 'string' && isDigits(du, 0)) d = Number(du);
      if (Number.isFinite(d) && d <= MAX_MICROS && d >= -MAX_MICROS) {
        endNano = startNano + Math.round(d * 1000);
        const carry = Math.floor(endNano / 1e9);
        endSec = startSec + carry;
        endNano -= carry * 1e9;
      } else if (du === undefined || du === null) this.spanWarning('MISSING_END', 'duration', `${du === undefined ? 'missing duration' : 'duration is null'}; the span is shown without a duration`, traceId, spanId);
      else this.spanWarning('BAD_TIMESTAMP', 'duration', `duration is ${describe(du)}${timeRejection(du, 'us') === 'beyond' ? ', beyond 2^53 µs' : ''}; expected microseconds; the span is shown without a duration`, traceId, spanId);
    }

    // Logs → events.
    const logs = field(s, 'logs', s.logs);
    if (Array.isArray(logs)) {
      if (logs.length > 0) this.logs(logs);
    } else if (logs !== undefined && logs !== null) this.problem('logs', `logs is ${describe(logs)}; expected an array; ignored`);

    // Scope.
    const scName = this.scopeName ?? this.libName ?? '';
    const scVersion = this.scopeVersion ?? this.libVersion ?? '';
    const scope = this.scopeOf(scName, scVersion);

    f.traceId = traceId;
    f.spanId = spanId;
    f.parentSpanId = parent;
    f.name = opName;
    f.kind = this.kind as SpanKind;
    f.resource = this.resourceOf(s);
    f.scope = scope;
    f.startSec = startSec;
    f.startNano = startNano;
    f.endSec = endSec;
    f.endNano = endNano;
    f.statusCode = (this.errorTag ? StatusCode.ERROR : this.otelStatus) as StatusCode;
    f.statusMessage = this.statusMessage;
    b.endSpan(f);

    const w = field(s, 'warnings', s.warnings);
    if (w !== undefined && w !== null && !(Array.isArray(w) && w.length === 0)) this.warnings(w, this.spanPath(), traceId, spanId, `span ${spanId}`);
  }

  /** The builder's scope (without attributes) of this name and version. */
  private scopeOf(name: string, version: string): number {
    const names = this.scopeNames;
    for (let k = 0; k < names.length; k++) if (names[k] === name && this.scopeVersions[k] === version) return this.scopeIndices[k];
    const index = this.b.scope(name, version, []);
    if (names.length < SCOPE_CACHE) {
      names.push(name);
      this.scopeVersions.push(version);
      this.scopeIndices.push(index);
    }
    return index;
  }

  /** Reads the references, emits links for all but the parent, and returns the parent id ('' = none). */
  private references(refs: unknown[], traceId: string, rawTrace: unknown): string {
    const n = refs.length;
    if (n === 1) {
      // The common case: one well-formed same-trace reference, which is the parent.
      const r: unknown = refs[0];
      if (isRecord(r)) {
        const sid = field(r, 'spanID', r.spanID);
        const rt = field(r, 'refType', r.refType);
        const tid = field(r, 'traceID', r.traceID);
        if (typeof sid === 'string' && sid !== '' && (rt === 'CHILD_OF' || rt === 'FOLLOWS_FROM') && (tid === rawTrace || tid === undefined || tid === null || tid === '')) return looseId(sid);
      }
    }
    const types = this.refType;
    const traces = this.refTrace;
    const spans = this.refSpan;
    let childOf = -1;
    let followsFrom = -1;
    for (let k = 0; k < n; k++) {
      types[k] = 0;
      const r: unknown = refs[k];
      if (!isRecord(r)) {
        this.problem(`references[${k}]`, `reference is ${describe(r)}; expected an object; ignored`);
        continue;
      }
      const sid = field(r, 'spanID', r.spanID);
      if (typeof sid !== 'string' || sid === '') {
        this.problem(`references[${k}].spanID`, `${sid === undefined ? 'missing spanID' : `spanID is ${describe(sid)}`}; reference ignored`);
        continue;
      }
      let type: number;
      const rt = field(r, 'refType', r.refType);
      if (rt === 'CHILD_OF') type = REF_CHILD_OF;
      else if (rt === 'FOLLOWS_FROM') type = REF_FOLLOWS_FROM;
      else if (typeof rt === 'string' && rt.toUpperCase() === 'CHILD_OF') type = REF_CHILD_OF;
      else if (typeof rt === 'string' && rt.toUpperCase() === 'FOLLOWS_FROM') type = REF_FOLLOWS_FROM;
      else if (rt === undefined || rt === null) {
        type = REF_CHILD_OF;
        this.problem(`references[${k}].refType`, 'missing refType; read as CHILD_OF (the protobuf default)');
      } else {
        this.problem(`references[${k}].refType`, `refType is ${describe(rt)}; expected CHILD_OF or FOLLOWS_FROM; reference ignored`);
        continue;
      }
      const tid = field(r, 'traceID', r.traceID);
      let refTrace: string;
      if (tid === rawTrace || tid === undefined || tid === null || tid === '') refTrace = traceId;
      else if (typeof tid === 'string') refTrace = looseId(tid);
      else {
        this.problem(`references[${k}].traceID`, `traceID is ${describe(tid)}; expected a string; taken as the span's trace`);
        refTrace = traceId;
      }
      types[k] = type;
      traces[k] = refTrace;
      spans[k] = looseId(sid);
      if (refTrace === traceId) {
        if (type === REF_CHILD_OF) {
          if (childOf < 0) childOf = k;
        } else if (followsFrom < 0) followsFrom = k;
      }
    }
    const p = childOf >= 0 ? childOf : followsFrom;
    for (let k = 0; k < n; k++) {
      const type = types[k];
      if (type === 0 || k === p) continue;
      this.b.link({ traceId: traces[k], spanId: spans[k], traceState: '', attributes: type === REF_CHILD_OF ? CHILD_OF_ATTRS : FOLLOWS_FROM_ATTRS });
    }
    return p >= 0 ? spans[p] : '';
  }

  private tags(tags: unknown[]): void {
    const b = this.b;
    for (let k = 0; k < tags.length; k++) {
      const tag: unknown = tags[k];
      if (!isRecord(tag)) {
        this.problem(`tags[${k}]`, `tag is ${describe(tag)}; expected an object; ignored`);
        continue;
      }
      const key = field(tag, 'key', tag.key);
      if (typeof key !== 'string') {
        this.problem(`tags[${k}].key`, `${key === undefined ? 'missing key' : `key is ${describe(key)}`}; tag ignored`);
        continue;
      }
      const value = field(tag, 'value', tag.value);
      // Most keys are none of the special ones; testing their length first saves the eight string
      // comparisons of the switch (tag keys are not internalized, so each one is a call).
      if (key.length < 32 && ((SPECIAL_TAG_LENGTHS >>> key.length) & 1) === 1) switch (key) {
        case 'span.kind':
          if (typeof value === 'string') {
            const kd = kindOf(value);
            if (kd >= 0) {
              this.kind = kd;
              continue;
            }
          }
          break;
        case 'error':
          if (value === true || value === 'true') {
            this.errorTag = true;
            continue;
          }
          break;
        case 'otel.status_code':
          if (typeof value === 'string') {
            const sc = statusOf(value);
            if (sc >= 0) {
              this.otelStatus = sc;
              continue;
            }
          }
          break;
        case 'otel.status_description':
          if (typeof value === 'string') {
            this.statusMessage = value;
            continue;
          }
          break;
        case 'otel.scope.name':
          if (typeof value === 'string') {
            this.scopeName = value;
            continue;
          }
          break;
        case 'otel.scope.version':
          if (typeof value === 'string') {
            this.scopeVersion = value;
            continue;
          }
          break;
        case 'otel.library.name':
          if (typeof value === 'string') {
            this.libName = value;
            continue;
          }
          break;
        case 'otel.library.version':
          if (typeof value === 'string') {
            this.libVersion = value;
            continue;
          }
          break;
      }
      const type = field(tag, 'type', tag.type);
      if (type === 'string' && typeof value === 'string') {
        b.attrString(key, value); // the common case, without the decoder
        continue;
      }
      switch (decodeValue(type, value)) {
        case D_STRING:
          b.attrString(key, vStr);
          break;
        case D_BOOL:
          b.attrBool(key, vNum !== 0);
          break;
        case D_INT:
          b.attrInt(key, vNum);
          break;
        case D_BIGINT:
          b.attrInt(key, vBig);
          break;
        case D_DOUBLE:
          b.attrDouble(key, vNum);
          break;
        case D_BYTES:
          b.attr(key, { type: 'bytes', value: vStr });
          break;
        default:
          this.problem(`tags[${k}].value`, `tag ${JSON.stringify(key)}: ${vWhy}; tag ignored`);
      }
    }
  }

  /** JSON path of a process (pid null: the span's embedded process). Built only for reports. */
  private processPath(pid: string | null): string {
    return pid === null ? `${this.spanPath()}.process` : keyPath(keyPath(this.t.path, 'processes'), pid);
  }

  /** JSON path of a KeyValue list: log `logIndex`'s fields, else the tags of process `pid`. */
  private listPath(logIndex: number, pid: string | null): string {
    return logIndex >= 0 ? `${this.spanPath()}.logs[${logIndex}].fields` : `${this.processPath(pid)}.tags`;
  }

  /**
   * Reads a KeyValue list (log fields of log `logIndex`, or the tags of process `pid` when logIndex
   * is -1) into Attributes, skipping entry `skip`.
   */
  private keyValues(list: unknown[], skip: number, logIndex: number, pid: string | null): Attribute[] {
    const out: Attribute[] = [];
    for (let k = 0; k < list.length; k++) {
      if (k === skip) continue;
      const kv: unknown = list[k];
      if (!isRecord(kv)) {
        this.sink.problem(`${this.listPath(logIndex, pid)}[${k}]`, `entry is ${describe(kv)}; expected an object; ignored`);
        continue;
      }
      const key = field(kv, 'key', kv.key);
      if (typeof key !== 'string') {
        this.sink.problem(`${this.listPath(logIndex, pid)}[${k}].key`, `${key === undefined ? 'missing key' : `key is ${describe(key)}`}; entry ignored`);
        continue;
      }
      const d = decodeValue(field(kv, 'type', kv.type), field(kv, 'value', kv.value));
      if (d === D_BAD) {
        this.sink.problem(`${this.listPath(logIndex, pid)}[${k}].value`, `${JSON.stringify(key)}: ${vWhy}; entry ignored`);
        continue;
      }
      out.push({ key, value: scratchValue(d) });
    }
    return out;
  }

  private logs(logs: unknown[]): void {
    const tp = this.tp;
    for (let k = 0; k < logs.length; k++) {
      const log: unknown = logs[k];
      if (!isRecord(log)) {
        this.problem(`logs[${k}]`, `log is ${describe(log)}; expected an object; ignored`);
        continue;
      }
      let sec = Number.NaN;
      let nano = 0;
      const ts = field(log, 'timestamp', log.timestamp);
      if (microsInto(ts, tp) && (typeof ts === 'string' || (ts as number) <= MAX_MICROS)) {
        sec = tp.sec;
        nano = tp.nano;
      } else this.problem(`logs[${k}].timestamp`, `${ts === undefined ? 'missing timestamp' : `timestamp is ${describe(ts)}`}; the event is placed at the span start`);
      const fields = field(log, 'fields', log.fields);
      let list: unknown[] = [];
      if (Array.isArray(fields)) list = fields;
      else if (fields !== undefined && fields !== null) this.problem(`logs[${k}].fields`, `fields is ${describe(fields)}; expected an array; ignored`);
      // The name: field `event`, else `message`, else "log".
      let eventAt = -1;
      let messageAt = -1;
      for (let j = 0; j < list.length; j++) {
        const fk = own(list[j], 'key');
        if (fk === 'event') {
          eventAt = j;
          break;
        }
        if (fk === 'message' && messageAt < 0) messageAt = j;
      }
      let nameAt = eventAt >= 0 ? eventAt : messageAt;
      let name = 'log';
      if (nameAt >= 0) {
        const v = own(list[nameAt], 'value');
        if (typeof v === 'string') name = v;
        else if (typeof v === 'number' || typeof v === 'boolean') name = String(v);
        else nameAt = -1; // not usable as a name: keep (or report) it as an attribute
      }
      const attributes = list.length > (nameAt >= 0 ? 1 : 0) ? this.keyValues(list, nameAt, k, null) : [];
      this.b.event(sec, nano, name, attributes);
    }
  }

  /** The span's resource: its embedded process, else processes[processID]. */
  private resourceOf(s: Record<string, unknown>): number {
    const emb = field(s, 'process', s.process);
    if (emb !== undefined && emb !== null) {
      if (isRecord(emb)) {
        if (emb !== this.lastEmbedded) {
          this.lastEmbedded = emb;
          this.lastEmbeddedResource = this.resourceFor(emb, null);
        }
        return this.lastEmbeddedResource;
      }
      this.problem('process', `process is ${describe(emb)}; expected an object; ignored`);
    }
    const t = this.t;
    const pid = field(s, 'processID', s.processID);
    if (typeof pid === 'string') {
      const cached = t.resources.get(pid);
      if (cached !== undefined) return cached;
      const proc = t.processes === null ? undefined : own(t.processes, pid);
      let r: number;
      if (isRecord(proc)) r = this.resourceFor(proc, pid);
      else {
        this.problem('processID', `process ${JSON.stringify(pid)} is not in the trace's processes; service unknown (reported once per trace)`);
        r = this.unknown();
      }
      t.resources.set(pid, r);
      return r;
    }
    this.problem('processID', `${pid === undefined ? 'missing processID and no embedded process' : `processID is ${describe(pid)}`}; service unknown`);
    return this.unknown();
  }

  /**
   * The resource of a process object. Every trace of a query response repeats its processes, so
   * they are cached across traces by service name and compared tag by tag (no attribute objects,
   * no JSON.stringify for a process seen before).
   */
  private resourceFor(proc: Record<string, unknown>, pid: string | null): number {
    const sn = field(proc, 'serviceName', proc.serviceName);
    const tags = field(proc, 'tags', proc.tags);
    if (typeof sn !== 'string' || !(tags === undefined || tags === null || Array.isArray(tags))) return this.makeResource(proc, pid);
    const list = Array.isArray(tags) ? tags : null;
    let entries = this.processCache.get(sn);
    if (entries === undefined) this.processCache.set(sn, (entries = []));
    for (let k = 0; k < entries.length; k++) if (sameTags(entries[k].tags, list)) return entries[k].resource;
    const r = this.makeResource(proc, pid);
    if (entries.length < PROCESS_CACHE_PER_SERVICE) entries.push({ tags: list, resource: r });
    return r;
  }

  private unknown(): number {
    if (this.unknownResource < 0) this.unknownResource = this.b.resource('', []);
    return this.unknownResource;
  }

  private makeResource(proc: Record<string, unknown>, pid: string | null): number {
    const sn = own(proc, 'serviceName');
    let service = '';
    if (typeof sn === 'string') service = sn;
    else this.sink.problem(`${this.processPath(pid)}.serviceName`, `${sn === undefined ? 'missing serviceName' : `serviceName is ${describe(sn)}`}; service unknown`);
    const tags = own(proc, 'tags');
    let attrs: Attribute[] = [];
    if (Array.isArray(tags)) attrs = this.keyValues(tags, -1, -1, pid);
    else if (tags !== undefined && tags !== null) this.sink.problem(`${this.processPath(pid)}.tags`, `tags is ${describe(tags)}; expected an array; ignored`);
    if (service !== '' && !attrs.some((a) => a.key === 'service.name')) attrs.unshift({ key: 'service.name', value: { type: 'string', value: service } });
    return this.b.resource(service, attrs);
  }

  /** Jaeger's own `warnings` (strings) on a trace or span, kept as SOURCE_WARNING. */
  private warnings(w: unknown, path: string, traceId: string | undefined, spanId: string | undefined, what: string): void {
    if (w === undefined || w === null) return;
    if (!Array.isArray(w)) {
      this.sink.problem(keyPath(path, 'warnings'), `warnings is ${describe(w)}; expected an array of strings; ignored`);
      return;
    }
    for (let k = 0; k < w.length; k++) {
      const text: unknown = w[k];
      const p = `${keyPath(path, 'warnings')}[${k}]`;
      if (typeof text === 'string') this.b.warn('SOURCE_WARNING', `Jaeger warning on ${what}: ${text}`, `${this.sink.fileName}: ${p}`, traceId, spanId);
      else this.sink.problem(p, `warning is ${describe(text)}; expected a string; ignored`);
    }
  }
}

// An idle reader keeps JaegerReader's hidden class, and the optimized code built on it, alive between
// imports (see keepHiddenClass in model/builder.ts).
keepHiddenClass(new JaegerReader(silentSink(idleBuilder())));

export const jaegerImporter: Importer = {
  id: 'jaeger',
  label: 'Jaeger JSON',
  misfit,
  importJson(json: unknown, sink: ImportSink): void {
    protoClean = prototypeIsClean();
    try {
      new JaegerReader(sink).run(json);
    } catch (e) {
      // Defensive only: the reader is written not to throw. Never let one file break a load.
      sink.problem('', `internal error while reading Jaeger JSON: ${e instanceof Error ? e.message : 'unknown'}`);
    }
  },
};
