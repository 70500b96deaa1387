/**
 * Zipkin v2 JSON importer: a list of spans (`POST /api/v2/spans`, `GET /api/v2/trace/{id}`) or a
 * list of traces, each a list of spans (`GET /api/v2/traces`).
 *
 * Mapping (as the collector's zipkin translator does, see design/servicegraph-rules.md 1.5):
 * - `localEndpoint.serviceName` is the resource's service name ('' when missing); the local
 *   endpoint's address and port become resource attributes (`network.local.address`,
 *   `network.local.port`).
 * - `remoteEndpoint` becomes span attributes: serviceName -> `peer.service` (unless a `peer.service`
 *   tag exists), ipv4 (else ipv6) -> `network.peer.address` (with both, the ipv6 goes to
 *   `network.peer.address.ipv6`; the same for the local endpoint), port -> `network.peer.port`.
 * - `kind` maps 1:1; absent gives UNSPECIFIED, or INTERNAL with tag `span.kind=internal`.
 * - `timestamp` / `duration` are microseconds; a timestamp of 0 means "unset", as in Zipkin.
 *   Unusable times are read as unknown and reported with the span's ids: ZERO_TIMESTAMP (0),
 *   BAD_TIMESTAMP (negative, beyond 2^53 µs, not a number); a span with a start but no duration
 *   gets NO_DURATION, a softer code, since Zipkin v2 leaves duration out when it is unknown.
 *   Fractional microseconds are kept to the nanosecond, unreported.
 * - annotations become events, tags string attributes. A tag `error` gives status ERROR (its value
 *   is the message unless it is '' or 'true'); `otel.status_code` / `otel.status_description` map
 *   to the status too. An *annotation* named error does not set the status.
 * - `shared: true` (the server half of an RPC that reuses its client's span id) sets SpanFlag.SHARED:
 *   the builder then hangs it under the CLIENT record with the same id, and the children of that id
 *   under it. A parentId equal to the span's own id is dropped, except on shared spans.
 * - `debug` and unknown fields are ignored.
 *
 * Speed: this runs once per span of files with millions of spans, so the per-span path picks a
 * span's fields out in one for-in pass (spans come in many shapes, so named loads would be
 * megamorphic), reuses its scratch objects, allocates only what the model keeps, runs no regular
 * expression for ordinary (lowercase hex) ids, and builds JSON path strings only when something is
 * reported.
 *
 * Safety: only fixed field names are read, each an own property (checked per read unless
 * Object.prototype is unchanged, see prototypeIsClean; a JSON `__proto__` key is an own data
 * property and is never followed); tag keys go to the builder's string table. Nothing here creates
 * an object keyed by data.
 */
import type { DatasetBuilder, SpanFields } from '../model/builder.ts';
import { ID_HEX, PARENT_HEX, idleBuilder, keepHiddenClass, spanFields } from '../model/builder.ts';
import type { Attribute, SpanKind, StatusCode } from '../model/types.ts';
import { SpanFlag, SpanKind as Kind, StatusCode as Status } from '../model/types.ts';
import { HEX16, LOWER_HEX_DIGIT, isEmptyId, normalizeLooseId, parseHex16 } from '../lib/ids.ts';
import type { TimeParts } from '../lib/time.ts';
import { microsInto, timeParts, timeRejection } from '../lib/time.ts';
import type { ImportSink, Importer } from './types.ts';
import { isRecord, own, prototypeIsClean, silentSink } from './types.ts';

const hasOwn = Object.prototype.hasOwnProperty;

/** The fields read from a span, an endpoint and an annotation. Every value is untrusted. */
interface Fields {
  traceId?: unknown;
  id?: unknown;
  parentId?: unknown;
  name?: unknown;
  kind?: unknown;
  timestamp?: unknown;
  duration?: unknown;
  shared?: unknown;
  tags?: unknown;
  annotations?: unknown;
  localEndpoint?: unknown;
  remoteEndpoint?: unknown;
  serviceName?: unknown;
  ipv4?: unknown;
  ipv6?: unknown;
  port?: unknown;
  value?: unknown;
}

/** prototypeIsClean() at the start of the current import: field() and for-in need no own checks. */
let protoClean = false;

/**
 * `v` (the caller's `o.key`) when it is an own property of `o`, else undefined: an inherited value
 * never counts as data.
 */
function field(o: Fields, key: keyof Fields, v: unknown): unknown {
  return v === undefined || protoClean || hasOwn.call(o, key) ? v : undefined;
}

const NO_ATTRIBUTES: readonly Attribute[] = Object.freeze([]);

/** Attribute keys for an endpoint's ipv6 when it has an ipv4 too (the ipv4 takes the semconv key). */
const IPV6_SECOND_LOCAL = 'network.local.address.ipv6';
const IPV6_SECOND_PEER = 'network.peer.address.ipv6';

/** Tag keys read for the status and kind (see ZipkinReader.span), and a bit per length of them. */
const SPECIAL_TAGS = ['error', 'otel.status_code', 'otel.status_description', 'span.kind', 'peer.service'];
const SPECIAL_TAG_LENGTHS = SPECIAL_TAGS.reduce((bits, k) => bits | (1 << k.length), 0);

/** Times beyond 2^53 µs (the year 2255) are not exact as numbers: rejected as broken. */
const MAX_SEC = Math.floor(Number.MAX_SAFE_INTEGER / 1e6);

/** How many top-level elements (and spans of a nested trace) misfit() looks at. */
const MISFIT_SAMPLE = 16;

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

const IDENT = /^[A-Za-z_$][\w$]*$/;

/** `.key` or `["key"]` for a JSON path (reporting only). */
function keyPath(key: string): string {
  return IDENT.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/** A short rendering of a bad scalar for messages. */
function badValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return `(${typeName(v)})`;
}

/** Whether the last zipkinId() result is 16 lowercase hex digits, its halves in HEX16. */
let idIsHex16 = false;

/**
 * Normalizes a Zipkin id like normalizeLooseId, and returns '' for the empty and all-zero ids. An id
 * of 16+ lowercase hex digits (nearly all of them) is already normalized: one table lookup per
 * character tells, without allocating (toLowerCase would copy the string to compare it).
 */
function zipkinId(s: string): string {
  const len = s.length;
  idIsHex16 = false;
  if (len === 16) {
    // a 64-bit id (every span id): parseHex16 checks it and leaves its halves for the builder
    if (parseHex16(s)) {
      if ((HEX16[0] | HEX16[1]) === 0) return '';
      idIsHex16 = true;
      return s;
    }
  } else if (len > 16) {
    let bad = 0;
    let nonZero = 0;
    for (let k = 0; k < len; k++) {
      const c = s.charCodeAt(k);
      bad |= LOWER_HEX_DIGIT[c];
      nonZero |= c ^ 48;
    }
    if (bad >= 0) return nonZero === 0 ? '' : s;
  }
  return isEmptyId(s) ? '' : normalizeLooseId(s);
}

function kindOf(name: string): SpanKind | -1 {
  switch (name) {
    case 'CLIENT':
      return Kind.CLIENT;
    case 'SERVER':
      return Kind.SERVER;
    case 'PRODUCER':
      return Kind.PRODUCER;
    case 'CONSUMER':
      return Kind.CONSUMER;
    case 'INTERNAL':
      return Kind.INTERNAL;
    default:
      return -1;
  }
}

function otelStatus(v: string): StatusCode {
  // (the usual spellings first: toUpperCase makes a new string)
  if (v === 'ERROR' || v === 'STATUS_CODE_ERROR') return Status.ERROR;
  if (v === 'OK' || v === 'STATUS_CODE_OK') return Status.OK;
  switch (v.toUpperCase()) {
    case 'ERROR':
    case 'STATUS_CODE_ERROR':
      return Status.ERROR;
    case 'OK':
    case 'STATUS_CODE_OK':
      return Status.OK;
    default:
      return Status.UNSET;
  }
}

/** Why a document is not Zipkin v2 JSON, or null when it is. Looks at the first few elements only. */
function misfit(json: unknown): string | null {
  if (!Array.isArray(json)) {
    if (isRecord(json)) {
      if (own(json, 'resourceSpans') !== undefined || own(json, 'resource_spans') !== undefined) return 'an OTLP document (resourceSpans), not an array of spans with traceId and id';
      if (own(json, 'data') !== undefined || own(json, 'traceID') !== undefined || own(json, 'spans') !== undefined) return 'a Jaeger document (data / traceID / spans), not an array of spans with traceId and id';
    }
    return `${typeName(json)}, not an array of spans with traceId and id`;
  }
  if (json.length === 0) return null; // Zipkin's API answers [] when nothing matched
  let spanLike = false;
  let emptyList = false;
  let jaeger = false;
  const n = Math.min(json.length, MISFIT_SAMPLE);
  for (let i = 0; i < n && !spanLike; i++) {
    const e: unknown = json[i];
    if (Array.isArray(e)) {
      if (e.length === 0) emptyList = true;
      const m = Math.min(e.length, MISFIT_SAMPLE);
      for (let j = 0; j < m && !spanLike; j++) {
        const c: unknown = e[j];
        if (!isRecord(c)) continue;
        if (own(c, 'traceId') !== undefined && own(c, 'id') !== undefined) spanLike = true;
        else if (own(c, 'traceID') !== undefined || own(c, 'spanID') !== undefined) jaeger = true;
      }
    } else if (isRecord(e)) {
      if (own(e, 'traceId') !== undefined && own(e, 'id') !== undefined) spanLike = true;
      else if (own(e, 'traceID') !== undefined || own(e, 'spanID') !== undefined) jaeger = true;
    }
  }
  if (spanLike) return null;
  if (jaeger) return 'an array of Jaeger records (traceID / spanID), not spans with traceId and id';
  if (emptyList) return null; // a list of empty traces
  return 'not an array of spans with traceId and id';
}

/**
 * The number of span records in a document (an array of spans, or of arrays of spans), for
 * DatasetBuilder.reserve (only a hint). A list of spans is counted by its length without touching
 * each record (a pass over every span object costs a cache miss each on a large file); a list of
 * traces by its traces' lengths.
 */
function spanCount(json: readonly unknown[]): number {
  if (json.length === 0 || !Array.isArray(json[0])) return json.length;
  let count = 0;
  for (let i = 0; i < json.length; i++) {
    const e: unknown = json[i];
    count += Array.isArray(e) ? e.length : 1;
  }
  return count;
}

/** Slots of ZipkinReader's service-name cache (a power of two). */
const SERVICE_CACHE = 64;

/** Resources already made for one local service, by address and port. */
interface LocalEndpointEntry {
  ipv4: string;
  ipv6: string;
  port: number;
  resource: number;
}

/** One import: holds the reusable scratch state so that the per-span path allocates nothing extra. */
class ZipkinReader {
  private readonly b: DatasetBuilder;
  private readonly sink: ImportSink;
  /** Local endpoints seen so far, by service name (a short list each: one entry per instance). */
  private readonly endpoints = new Map<string, LocalEndpointEntry[]>();
  private readonly ts: TimeParts = timeParts();
  private readonly dur: TimeParts = timeParts();
  private readonly ann: TimeParts = timeParts();
  /** Reused for every endSpan call (the builder copies the fields out). */
  private readonly f: SpanFields;
  private readonly serviceKeys: (string | null)[] = new Array<string | null>(SERVICE_CACHE).fill(null);
  private readonly serviceLists: (LocalEndpointEntry[] | undefined)[] = new Array<LocalEndpointEntry[] | undefined>(SERVICE_CACHE).fill(undefined);
  private lastRawTrace = '';
  private lastTrace = '';
  private lastRawParent = '';
  private lastParent = '';
  private lastParentHex = false;
  private lastParentHi = 0;
  private lastParentLo = 0;
  // Where the current span is (for problem paths): [i] or [i][j].
  private i = 0;
  private j = -1;

  constructor(sink: ImportSink) {
    this.sink = sink;
    this.b = sink.builder;
    this.f = spanFields();
    this.f.scope = this.b.scope('', '', NO_ATTRIBUTES);
  }

  private path(suffix: string): string {
    return (this.j < 0 ? `[${this.i}]` : `[${this.i}][${this.j}]`) + suffix;
  }

  private problem(suffix: string, message: string): void {
    this.sink.problem(this.path(suffix), message);
  }

  /** Reports a rejected timestamp or duration (read as unknown). Called on that branch only. */
  private badTime(key: string, v: unknown, unknown: string, traceId: string, spanId: string): void {
    const why = timeRejection(v, 'us');
    const code = why === 'zero' && key === 'timestamp' ? 'ZERO_TIMESTAMP' : 'BAD_TIMESTAMP';
    const message =
      code === 'ZERO_TIMESTAMP'
        ? `timestamp ${badValue(v)} means unset in Zipkin; ${unknown}`
        : why === 'negative'
          ? `${key} ${badValue(v)} is negative; ${unknown}`
          : why === 'beyond'
            ? `${key} ${badValue(v)} is beyond 2^53 µs (the year 2255); ${unknown}`
            : `${key} ${badValue(v)} is not a count of microseconds (0 to 2^53); ${unknown}`;
    this.sink.warn(code, this.path(`.${key}`), message, traceId, spanId);
  }

  run(json: unknown): void {
    if (!Array.isArray(json)) {
      this.sink.problem('', `expected a JSON array of Zipkin spans, got ${typeName(json)}`);
      return;
    }
    const n = json.length;
    this.b.reserve(spanCount(json));
    for (let i = 0; i < n; i++) {
      const e: unknown = json[i];
      this.i = i;
      if (Array.isArray(e)) {
        const m = e.length;
        for (let j = 0; j < m; j++) {
          this.j = j;
          this.span(e[j]);
        }
        this.j = -1;
      } else {
        this.j = -1;
        this.span(e);
      }
    }
  }

  /** Checks a required id (traceId, id): the normalized id, or null (reported) when missing or broken. */
  private requiredId(v: unknown, key: string): string | null {
    if (typeof v === 'string') {
      const id = zipkinId(v);
      if (id !== '') return id;
      this.problem(`.${key}`, v === '' ? `empty ${key}; span skipped` : `${key} ${badValue(v)} is all zeros; span skipped`);
      return null;
    }
    this.problem(`.${key}`, v === undefined || v === null ? `missing ${key}; span skipped` : `${key} is ${typeName(v)}, not a string; span skipped`);
    return null;
  }

  private span(value: unknown): void {
    if (!isRecord(value)) {
      this.problem('', `expected a span object, got ${typeName(value)}; skipped`);
      return;
    }
    const rec = value as Record<string, unknown>;
    const b = this.b;
    const f = this.f;

    // One pass over the record's own keys picks out the fields. Spans come in many shapes (with or
    // without parentId, kind, remoteEndpoint, annotations...), so `rec.traceId` and the like would be
    // megamorphic loads (a stub-cache probe each); a key from for-in is read by its index, and the
    // switch compares internalized strings (JSON.parse internalizes keys) by pointer.
    let traceIdV: unknown;
    let idV: unknown;
    let sharedV: unknown;
    let parentV: unknown;
    let nameV: unknown;
    let kindV: unknown;
    let tsV: unknown;
    let durV: unknown;
    let tags: unknown;
    let remote: unknown;
    let annotations: unknown;
    let local: unknown;
    for (const key in rec) {
      if (!protoClean && !hasOwn.call(rec, key)) continue;
      switch (key) {
        case 'traceId':
          traceIdV = rec[key];
          break;
        case 'id':
          idV = rec[key];
          break;
        case 'parentId':
          parentV = rec[key];
          break;
        case 'name':
          nameV = rec[key];
          break;
        case 'kind':
          kindV = rec[key];
          break;
        case 'timestamp':
          tsV = rec[key];
          break;
        case 'duration':
          durV = rec[key];
          break;
        case 'localEndpoint':
          local = rec[key];
          break;
        case 'remoteEndpoint':
          remote = rec[key];
          break;
        case 'tags':
          tags = rec[key];
          break;
        case 'annotations':
          annotations = rec[key];
          break;
        case 'shared':
          sharedV = rec[key];
          break;
      }
    }

    // Trace id: most spans repeat the previous span's, so its normalization is cached.
    const rawTrace = traceIdV;
    if (rawTrace !== this.lastRawTrace || rawTrace === '') {
      const t = this.requiredId(rawTrace, 'traceId');
      if (t === null) return;
      this.lastRawTrace = rawTrace as string;
      this.lastTrace = t;
    }
    const spanId = this.requiredId(idV, 'id');
    if (spanId === null) return;
    let hexIds = 0;
    if (idIsHex16) {
      hexIds = ID_HEX;
      f.idHi = HEX16[0];
      f.idLo = HEX16[1];
    }

    const shared = sharedV === true;
    if (!shared && sharedV !== undefined && sharedV !== false && sharedV !== null) this.problem('.shared', `shared is ${badValue(sharedV)}, not a boolean; ignored`);

    let parentSpanId = '';
    if (typeof parentV === 'string') {
      // Siblings often follow each other: reuse the last normalization.
      if (parentV !== this.lastRawParent) {
        this.lastRawParent = parentV;
        this.lastParent = zipkinId(parentV);
        this.lastParentHex = idIsHex16;
        this.lastParentHi = HEX16[0];
        this.lastParentLo = HEX16[1];
      }
      parentSpanId = this.lastParent;
      if (parentSpanId === spanId && !shared) parentSpanId = '';
      else if (this.lastParentHex) {
        hexIds |= PARENT_HEX;
        f.parentHi = this.lastParentHi;
        f.parentLo = this.lastParentLo;
      }
    } else if (parentV !== undefined && parentV !== null) this.problem('.parentId', `parentId is ${typeName(parentV)}, not a string; ignored`);

    let name = '';
    if (typeof nameV === 'string') name = nameV;
    else if (nameV !== undefined && nameV !== null) this.problem('.name', `name is ${typeName(nameV)}, not a string; ignored`);

    let kind: SpanKind = Kind.UNSPECIFIED;
    if (typeof kindV === 'string') {
      let k = kindOf(kindV);
      if (k === -1) k = kindOf(kindV.toUpperCase());
      if (k === -1) this.problem('.kind', `unknown kind ${badValue(kindV)}; shown as UNSPECIFIED`);
      else kind = k;
    } else if (kindV !== undefined && kindV !== null) this.problem('.kind', `kind is ${typeName(kindV)}, not a string; ignored`);

    // Times (microseconds). A timestamp of 0 is Zipkin's "unset".
    let startSec = Number.NaN;
    let startNano = 0;
    let endSec = Number.NaN;
    let endNano = 0;
    // A missing timestamp is reported by the builder (MISSING_TIMESTAMP) when it places the span.
    // Fractional microseconds are kept to the nanosecond (OpenTelemetry's Zipkin exporter writes them).
    if (tsV !== undefined && tsV !== null) {
      const ts = this.ts;
      if (microsInto(tsV, ts) && ts.sec <= MAX_SEC && (ts.sec > 0 || ts.nano > 0)) {
        startSec = ts.sec;
        startNano = ts.nano;
      } else this.badTime('timestamp', tsV, 'start unknown (placed from related spans)', this.lastTrace, spanId);
    }
    if (durV !== undefined && durV !== null) {
      const d = this.dur;
      if (microsInto(durV, d) && d.sec <= MAX_SEC) {
        if (startSec === startSec) {
          endSec = startSec + d.sec;
          endNano = startNano + d.nano;
          if (endNano >= 1e9) {
            endNano -= 1e9;
            endSec++;
          }
        }
      } else this.badTime('duration', durV, 'duration unknown', this.lastTrace, spanId);
    } else if (startSec === startSec) {
      // Zipkin v2 leaves duration out when it is unknown (a span still in flight, or one half of a
      // span reported alone): its own code, apart from the broken-data warnings.
      this.sink.warn('NO_DURATION', this.path('.duration'), 'no duration (Zipkin omits it when unknown); the span is shown without one', this.lastTrace, spanId);
    }

    b.beginSpan();

    // Tags: string attributes; a few of them also carry the status and kind.
    let errorTag: string | undefined;
    let otelCode: string | undefined;
    let otelDescription: string | undefined;
    let hasPeerService = false;
    if (isRecord(tags)) {
      for (const key in tags) {
        if (!protoClean && !hasOwn.call(tags, key)) continue;
        let v: unknown = tags[key];
        if (typeof v !== 'string') {
          if (typeof v === 'number' || typeof v === 'boolean') {
            this.problem('.tags' + keyPath(key), `tag value is ${typeName(v)}, not a string; kept as text`);
            v = String(v);
          } else {
            this.problem('.tags' + keyPath(key), `tag value is ${typeName(v)}, not a string; ignored`);
            continue;
          }
        }
        const text = v as string;
        // Most keys are none of the five below: testing their length first saves the comparisons.
        if (key.length < 32 && ((SPECIAL_TAG_LENGTHS >>> key.length) & 1) === 1) switch (key) {
          case 'error':
            errorTag = text;
            break;
          case 'otel.status_code':
            otelCode = text;
            break;
          case 'otel.status_description':
            otelDescription = text;
            break;
          case 'span.kind':
            // (the exact spelling first: toLowerCase makes a new string)
            if (kind === Kind.UNSPECIFIED && (text === 'internal' || text.toLowerCase() === 'internal')) kind = Kind.INTERNAL;
            break;
          case 'peer.service':
            hasPeerService = true;
            break;
        }
        b.attrString(key, text);
      }
    } else if (tags !== undefined && tags !== null) this.problem('.tags', `tags is ${typeName(tags)}, not an object; ignored`);

    if (isRecord(remote)) this.remoteEndpoint(remote as Fields, hasPeerService);
    else if (remote !== undefined && remote !== null) this.problem('.remoteEndpoint', `remoteEndpoint is ${typeName(remote)}, not an object; ignored`);

    if (Array.isArray(annotations)) this.annotations(annotations);
    else if (annotations !== undefined && annotations !== null) this.problem('.annotations', `annotations is ${typeName(annotations)}, not an array; ignored`);

    let resource: number;
    if (isRecord(local)) resource = this.localEndpoint(local as Fields);
    else {
      if (local !== undefined && local !== null) this.problem('.localEndpoint', `localEndpoint is ${typeName(local)}, not an object; ignored`);
      resource = this.resourceFor('', '', '', -1);
    }

    let statusCode: StatusCode = Status.UNSET;
    let statusMessage = '';
    if (otelCode !== undefined) statusCode = otelStatus(otelCode);
    if (errorTag !== undefined) statusCode = Status.ERROR;
    if (statusCode === Status.ERROR) {
      if (otelDescription !== undefined && otelDescription !== '') statusMessage = otelDescription;
      else if (errorTag !== undefined && errorTag !== 'true') statusMessage = errorTag;
    }

    f.traceId = this.lastTrace;
    f.spanId = spanId;
    f.parentSpanId = parentSpanId;
    f.name = name;
    f.kind = kind;
    f.resource = resource;
    f.startSec = startSec;
    f.startNano = startNano;
    f.endSec = endSec;
    f.endNano = endNano;
    f.statusCode = statusCode;
    f.statusMessage = statusMessage;
    f.flags = shared ? SpanFlag.SHARED : 0;
    f.hexIds = hexIds;
    b.endSpan(f);
  }

  private remoteEndpoint(remote: Fields, hasPeerService: boolean): void {
    const b = this.b;
    const sn = field(remote, 'serviceName', remote.serviceName);
    if (typeof sn === 'string') {
      if (sn !== '' && !hasPeerService) b.attrString('peer.service', sn);
    } else if (sn !== undefined && sn !== null) this.problem('.remoteEndpoint.serviceName', `serviceName is ${typeName(sn)}, not a string; ignored`);
    const v4 = this.ip(field(remote, 'ipv4', remote.ipv4), '.remoteEndpoint.ipv4');
    const v6 = this.ip(field(remote, 'ipv6', remote.ipv6), '.remoteEndpoint.ipv6');
    if (v4 !== '') b.attrString('network.peer.address', v4);
    if (v6 !== '') b.attrString(v4 !== '' ? IPV6_SECOND_PEER : 'network.peer.address', v6);
    const port = this.port(field(remote, 'port', remote.port), '.remoteEndpoint.port');
    if (port >= 0) b.attrInt('network.peer.port', port);
  }

  /** An ipv4 / ipv6 value: the text, or '' when absent or broken (reported). */
  private ip(v: unknown, where: string): string {
    if (typeof v === 'string') return v;
    if (v !== undefined && v !== null) this.problem(where, `address is ${typeName(v)}, not a string; ignored`);
    return '';
  }

  /** A port value, or -1 when absent or broken (reported). */
  private port(p: unknown, where: string): number {
    if (p === undefined || p === null) return -1;
    if (typeof p === 'number' && Number.isInteger(p) && p >= 0 && p <= 65535) return p;
    this.problem(where, `port ${badValue(p)} is not an integer from 0 to 65535; ignored`);
    return -1;
  }

  private localEndpoint(local: Fields): number {
    let service = '';
    const sn = field(local, 'serviceName', local.serviceName);
    if (typeof sn === 'string') service = sn;
    else if (sn !== undefined && sn !== null) this.problem('.localEndpoint.serviceName', `serviceName is ${typeName(sn)}, not a string; ignored`);
    const ipv4 = this.ip(field(local, 'ipv4', local.ipv4), '.localEndpoint.ipv4');
    const ipv6 = this.ip(field(local, 'ipv6', local.ipv6), '.localEndpoint.ipv6');
    return this.resourceFor(service, ipv4, ipv6, this.port(field(local, 'port', local.port), '.localEndpoint.port'));
  }

  /**
   * The builder's resource for a local endpoint. Looked up here by service, then by a short scan of
   * that service's instances, so that neither a key string nor an attribute list is built per span.
   */
  private resourceFor(service: string, ipv4: string, ipv6: string, port: number): number {
    // A small direct-mapped cache in front of the Map (service names are few and mostly short, so
    // JSON.parse made them internalized strings: a hit is one pointer compare, no string hash).
    const len = service.length;
    const slot = len === 0 ? 0 : (len * 31 + service.charCodeAt(0) * 7 + service.charCodeAt(len - 1)) & (SERVICE_CACHE - 1);
    let list = this.serviceKeys[slot] === service ? this.serviceLists[slot] : this.endpoints.get(service);
    if (list === undefined) {
      list = [];
      this.endpoints.set(service, list);
    }
    this.serviceKeys[slot] = service;
    this.serviceLists[slot] = list;
    for (let k = list.length - 1; k >= 0; k--) {
      const e = list[k];
      if (e.ipv4 === ipv4 && e.port === port && e.ipv6 === ipv6) {
        // Move to the end: the next span is most likely from the same instance.
        if (k !== list.length - 1 && list.length > 8) {
          list.splice(k, 1);
          list.push(e);
        }
        return e.resource;
      }
    }
    const attrs: Attribute[] = [];
    if (service !== '') attrs.push({ key: 'service.name', value: { type: 'string', value: service } });
    if (ipv4 !== '') attrs.push({ key: 'network.local.address', value: { type: 'string', value: ipv4 } });
    if (ipv6 !== '') attrs.push({ key: ipv4 !== '' ? IPV6_SECOND_LOCAL : 'network.local.address', value: { type: 'string', value: ipv6 } });
    if (port >= 0) attrs.push({ key: 'network.local.port', value: { type: 'int', value: port } });
    const resource = this.b.resource(service, attrs);
    list.push({ ipv4, ipv6, port, resource });
    return resource;
  }

  private annotations(list: readonly unknown[]): void {
    const b = this.b;
    const t = this.ann;
    for (let k = 0; k < list.length; k++) {
      const a: unknown = list[k];
      if (!isRecord(a)) {
        this.problem(`.annotations[${k}]`, `annotation is ${typeName(a)}, not an object; ignored`);
        continue;
      }
      const value = field((a as Fields), 'value', (a as Fields).value);
      if (typeof value !== 'string') {
        this.problem(`.annotations[${k}].value`, value === undefined ? 'annotation without value; ignored' : `annotation value is ${typeName(value)}, not a string; ignored`);
        continue;
      }
      const tsV = field((a as Fields), 'timestamp', (a as Fields).timestamp);
      let sec = Number.NaN;
      let nano = 0;
      if (tsV !== 0 && microsInto(tsV, t) && t.sec <= MAX_SEC) {
        sec = t.sec;
        nano = t.nano;
      } else this.problem(`.annotations[${k}].timestamp`, tsV === undefined ? 'annotation without timestamp; placed at the span start' : `timestamp ${badValue(tsV)} is not a count of microseconds (0 to 2^53); placed at the span start`);
      b.event(sec, nano, value, NO_ATTRIBUTES);
    }
  }
}

// An idle reader keeps ZipkinReader's hidden class, and the optimized code built on it, alive between
// imports (see keepHiddenClass in model/builder.ts).
keepHiddenClass(new ZipkinReader(silentSink(idleBuilder())));

export const zipkinImporter: Importer = {
  id: 'zipkin',
  label: 'Zipkin v2 JSON',
  misfit,
  importJson(json: unknown, sink: ImportSink): void {
    protoClean = prototypeIsClean();
    try {
      new ZipkinReader(sink).run(json);
    } catch (e) {
      // Defensive only: every record is checked before use. One file must never break a load.
      sink.problem('', `internal error while reading Zipkin JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
  },
};
