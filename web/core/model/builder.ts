/**
 * DatasetBuilder: the only way importers create spans (speedscope's builder pattern).
 *
 * Importers call `beginSpan()`, then `attr*()`, `event()` and `link()` for the span's details, then
 * `endSpan(fields)`. Nothing is validated against other spans until `finish()`, which resolves
 * parents across files and traces, orders each trace as a tree, converts times to exact per-trace
 * offsets, and reports duplicates, orphans, cycles and broken times as warnings. The builder can go
 * on receiving spans after `finish()` (another file dropped later) and be finished again.
 */
import type { AnyValue, Attribute, Dataset, FileInfo, FormatId, LoadError, LoadWarning, Resource, Scope, SpanEvent, SpanKind, SpanLink, StatusCode, TraceInfo } from './types.ts';
import { AttrType, SpanFlag } from './types.ts';
import { diffNs, toEpochNs } from '../lib/time.ts';
import { HEX16, parseHex16 } from '../lib/ids.ts';

/** Bits of SpanFields.hexIds (and of the builder's hexCol): the span id / the parent id is 16 lowercase hex digits. */
export const ID_HEX = 1;
export const PARENT_HEX = 2;

/** The scalar fields of one span, passed to `endSpan`. */
export interface SpanFields {
  traceId: string;
  spanId: string;
  /** '' when the span has no parent. */
  parentSpanId: string;
  name: string;
  kind: SpanKind;
  resource: number;
  scope: number;
  /** Start as Unix seconds + nanoseconds; startSec NaN when the source has no start. */
  startSec: number;
  startNano: number;
  /** End as Unix seconds + nanoseconds; endSec NaN when the source has no end/duration. */
  endSec: number;
  endNano: number;
  statusCode: StatusCode;
  statusMessage: string;
  traceState: string;
  /** SpanFlag bits known at import time (SHARED). */
  flags: number;
  /**
   * ID_HEX / PARENT_HEX when the importer found spanId / parentSpanId to be 16 lowercase hex
   * digits with parseHex16, their halves then in idHi, idLo / parentHi, parentLo (0: the builder
   * checks the ids itself).
   */
  hexIds?: number;
  idHi?: number;
  idLo?: number;
  parentHi?: number;
  parentLo?: number;
}

/**
 * A fresh SpanFields object for an importer to reuse for every span. One constructor for all
 * importers gives all of them one hidden class whose number fields hold doubles from the start
 * (sec fields are NaN until set), so endSpan's loads stay monomorphic and no store reboxes a double.
 */
export function spanFields(): SpanFields {
  return new SpanFieldsRecord();
}

class SpanFieldsRecord implements SpanFields {
  traceId = '';
  spanId = '';
  parentSpanId = '';
  name = '';
  kind: SpanKind = 0;
  resource = 0;
  scope = 0;
  startSec = Number.NaN;
  startNano = 0.5;
  endSec = Number.NaN;
  endNano = 0.5;
  statusCode: StatusCode = 0;
  statusMessage = '';
  traceState = '';
  flags = 0;
  hexIds = 0;
  idHi = 0;
  idLo = 0;
  parentHi = 0;
  parentLo = 0;
  constructor() {
    // (0.5 above makes the nano fields double fields from the start; they are whole numbers in use)
    this.startNano = 0;
    this.endNano = 0;
  }
}


const COMPLEX_TYPE: Record<string, AttrType> = { bytes: AttrType.BYTES, array: AttrType.ARRAY, kvlist: AttrType.KVLIST, empty: AttrType.EMPTY };

/** Individual warnings kept per code; the rest are counted in one summary warning. */
const WARNINGS_PER_CODE = 100;

/** Slots of DatasetBuilder's trace id cache (a power of two). */
const TRACE_CACHE_SIZE = 256;

/** Slots of DatasetBuilder's intern cache (a power of two). */
const INTERN_CACHE_SIZE = 4096;
const INTERN_CACHE_MASK = INTERN_CACHE_SIZE - 1;
/** Slots of the attribute-key cache (a power of two). */
const KEY_CACHE_SIZE = 512;
const KEY_CACHE_MASK = KEY_CACHE_SIZE - 1;

function grow<T extends Int32Array | Uint32Array | Float64Array | Uint8Array | Uint16Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  let cap = a.length * 2;
  while (cap < need) cap *= 2;
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  return b;
}

/** reserve() sizes the span id arrays ahead up to this many spans (beyond, they grow by appending). */
const MAX_PRESIZED_IDS = 1 << 24;

/** An array of length `length` (holes after the first `n`) holding the first `n` elements of `a`. */
function presized(a: string[], n: number, length: number): string[] {
  const b = new Array<string>(length);
  for (let k = 0; k < n; k++) b[k] = a[k];
  return b;
}

/**
 * The first n elements of a builder column for a Dataset. The builder only ever writes a column at
 * indices at or beyond what any finish() has handed out (spans and attributes are appended; growing
 * makes a new array), so a Dataset may share the column: a view when the column is at most 1/8
 * larger than n (as reserve() sizes it for a single document), else a copy, so that a Dataset never
 * keeps much unused capacity alive.
 */
function head<T extends Int32Array | Uint32Array | Uint8Array | Uint16Array | Float64Array>(a: T, n: number): T {
  return (a.length - n <= a.length >> 3 ? a.subarray(0, n) : a.slice(0, n)) as T;
}

/** A copy of `a` with room for exactly `cap` elements. */
function growTo<T extends Int32Array | Uint32Array | Uint8Array | Uint16Array | Float64Array>(a: T, cap: number): T {
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  return b;
}

export class DatasetBuilder {
  private n = 0;
  private cap = 1024;
  private traceCol = new Int32Array(this.cap);
  private kindCol = new Uint8Array(this.cap);
  private statusCol = new Uint8Array(this.cap);
  private flagsCol = new Uint8Array(this.cap);
  private fileCol = new Uint16Array(this.cap);
  private resourceCol = new Int32Array(this.cap);
  private scopeCol = new Int32Array(this.cap);
  private nameCol = new Int32Array(this.cap);
  private startSec = new Float64Array(this.cap);
  private startNano = new Float64Array(this.cap);
  private endSec = new Float64Array(this.cap);
  private endNano = new Float64Array(this.cap);
  private attrStartCol = new Uint32Array(this.cap);
  /**
   * Span and parent ids of 16 lowercase hex digits (nearly all), as two int32 halves each, parsed
   * in endSpan while the importer has just read the id strings (finish() would read them again
   * from memory long since left), and ID_HEX / PARENT_HEX bits telling which are set.
   */
  private idHiCol = new Int32Array(this.cap);
  private idLoCol = new Int32Array(this.cap);
  private parentHiCol = new Int32Array(this.cap);
  private parentLoCol = new Int32Array(this.cap);
  private hexCol = new Uint8Array(this.cap);
  /** The last parent id parsed in endSpan and its halves: siblings follow each other. */
  private lastParentId = '';
  private lastParentHi = 0;
  private lastParentLo = 0;
  private attrCountCol = new Uint32Array(this.cap);
  private spanIds: string[] = [];
  private parentIds: string[] = [];

  private attrN = 0;
  private attrCap = 4096;
  private attrKeyCol = new Int32Array(this.attrCap);
  private attrTypeCol = new Uint8Array(this.attrCap);
  private attrValCol = new Float64Array(this.attrCap);
  private complexValues: AnyValue[] = [];

  private strings: string[] = [];
  private stringIndex = new Map<string, number>();
  /**
   * A direct-mapped cache in front of stringIndex (see intern): slot -> string and its index. Null
   * slots are empty, so that no string (not even '') matches them.
   */
  private internCacheStr: (string | null)[] = new Array<string | null>(INTERN_CACHE_SIZE).fill(null);
  private internCacheIdx = new Int32Array(INTERN_CACHE_SIZE);
  /** internKey's cache: slot -> key and its index. */
  private keyCacheStr: (string | null)[] = new Array<string | null>(KEY_CACHE_SIZE).fill(null);
  private keyCacheIdx = new Int32Array(KEY_CACHE_SIZE);

  private traceIds: string[] = [];
  private traceIndex = new Map<string, number>();
  /** Trace ids of recent spans and their indices, by slot (see endSpan). */
  private traceCacheId: (string | null)[] = new Array<string | null>(TRACE_CACHE_SIZE).fill(null);
  private traceCacheIdx = new Int32Array(TRACE_CACHE_SIZE);

  private resources: Resource[] = [];
  private resourceIndex = new Map<string, number>();
  private scopes: Scope[] = [];
  private scopeIndex = new Map<string, number>();

  private events = new Map<number, SpanEvent[]>();
  private links = new Map<number, SpanLink[]>();
  private statusMessages = new Map<number, string>();
  private traceStates = new Map<number, string>();

  private files: { name: string; format: FormatId; bytes: number; spanRecords: number }[] = [];
  private currentFile = -1;
  private warnings: LoadWarning[] = [];
  private warningCounts = new Map<string, number>();
  private errors: LoadError[] = [];

  private pendingAttrStart = 0;
  /** The current span's events; their absolute times in eventSec / eventNano until endSpan. */
  private pendingEvents: { offsetNs: number; name: string; attributes: readonly Attribute[] }[] | null = null;
  private eventSec = new Float64Array(16);
  private eventNano = new Float64Array(16);
  private pendingLinks: SpanLink[] | null = null;
  private inSpan = false;

  /** See onSpanCount: the span count at which to call `checkpointFn`, Infinity when none. */
  private checkpointAt = Infinity;
  private checkpointFn: (() => void) | null = null;

  get spanCount(): number {
    return this.n;
  }

  /** Starts a file; every span until the next beginFile belongs to it. Returns its index. */
  beginFile(name: string, format: FormatId, bytes: number): number {
    this.files.push({ name, format, bytes, spanRecords: 0 });
    this.currentFile = this.files.length - 1;
    return this.currentFile;
  }

  /** The name of the current file (for importers' messages). */
  get fileName(): string {
    return this.currentFile >= 0 ? this.files[this.currentFile].name : '(input)';
  }

  /** Changes the format recorded for the current file (the JSON-lines reader learns it late). */
  setFileFormat(format: FormatId): void {
    if (this.currentFile >= 0) this.files[this.currentFile].format = format;
  }

  countRecord(): void {
    if (this.currentFile >= 0) this.files[this.currentFile].spanRecords++;
  }

  /**
   * The index of `s` in the string table, adding it when new. Called about ten times per span with
   * strings fresh from JSON.parse, whose hash V8 has not computed yet: a Map lookup hashes the whole
   * string in a runtime call. A small direct-mapped cache, indexed by a cheap hash of the length and
   * four characters and checked with ===, answers most lookups (attribute keys, names and common
   * values repeat: 94-97% on the benchmark files) without that; misses go to the Map. The table's
   * content and order do not depend on the cache.
   */
  intern(s: string): number {
    const len = s.length;
    const slot =
      len === 0 ? 0 : (Math.imul(len, 0x9e3779b1) ^ s.charCodeAt(0) ^ (s.charCodeAt(len >> 1) << 7) ^ (s.charCodeAt(len - 1) << 14) ^ (s.charCodeAt(len - 2 < 0 ? 0 : len - 2) << 21)) & INTERN_CACHE_MASK;
    if (this.internCacheStr[slot] === s) return this.internCacheIdx[slot];
    let i = this.stringIndex.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.stringIndex.set(s, i);
    }
    this.internCacheStr[slot] = s;
    this.internCacheIdx[slot] = i;
    return i;
  }

  /**
   * intern() for attribute keys, with a small cache of its own: keys are few, and JSON.parse makes
   * them internalized strings (one object per distinct key), so that a hit is one pointer compare;
   * high-cardinality values never evict them.
   */
  internKey(s: string): number {
    const len = s.length;
    const slot = len === 0 ? 0 : (Math.imul(len, 0x9e3779b1) ^ s.charCodeAt(0) ^ (s.charCodeAt(len - 1) << 5) ^ (s.charCodeAt(len >> 1) << 10)) & KEY_CACHE_MASK;
    if (this.keyCacheStr[slot] === s) return this.keyCacheIdx[slot];
    const i = this.intern(s);
    this.keyCacheStr[slot] = s;
    this.keyCacheIdx[slot] = i;
    return i;
  }

  /** A resource (deduplicated by content). */
  resource(serviceName: string, attributes: readonly Attribute[]): number {
    const key = serviceName + '\u0000' + attributesKey(attributes);
    let i = this.resourceIndex.get(key);
    if (i === undefined) {
      i = this.resources.length;
      this.resources.push({ serviceName, attributes });
      this.resourceIndex.set(key, i);
    }
    return i;
  }

  /** An instrumentation scope (deduplicated by content). */
  scope(name: string, version: string, attributes: readonly Attribute[]): number {
    const key = name + '\u0000' + version + '\u0000' + attributesKey(attributes);
    let i = this.scopeIndex.get(key);
    if (i === undefined) {
      i = this.scopes.length;
      this.scopes.push({ name, version, attributes });
      this.scopeIndex.set(key, i);
    }
    return i;
  }

  warn(code: string, message: string, where: string, traceId?: string, spanId?: string): void {
    const seen = (this.warningCounts.get(code) ?? 0) + 1;
    this.warningCounts.set(code, seen);
    if (seen <= WARNINGS_PER_CODE) this.warnings.push({ code, message, where, traceId, spanId });
  }

  error(file: string, message: string): void {
    this.errors.push({ file, message });
  }

  beginSpan(): void {
    this.pendingAttrStart = this.attrN;
    this.pendingEvents = null;
    this.pendingLinks = null;
    this.inSpan = true;
  }

  /** Drops the span begun with beginSpan (a broken record), with everything added to it. */
  abortSpan(): void {
    if (!this.inSpan) return;
    this.attrN = this.pendingAttrStart;
    this.pendingEvents = null;
    this.pendingLinks = null;
    this.inSpan = false;
  }

  private pushAttr(key: string, type: AttrType, val: number): void {
    const need = this.attrN + 1;
    if (need > this.attrCap) this.growAttrs(need);
    const a = this.attrN++;
    this.attrKeyCol[a] = this.internKey(key);
    this.attrTypeCol[a] = type;
    this.attrValCol[a] = val;
  }

  attrString(key: string, value: string): void {
    this.pushAttr(key, AttrType.STRING, this.intern(value));
  }
  attrBool(key: string, value: boolean): void {
    this.pushAttr(key, AttrType.BOOL, value ? 1 : 0);
  }
  attrDouble(key: string, value: number): void {
    this.pushAttr(key, AttrType.DOUBLE, value);
  }
  /** A 64-bit integer: safe integers are stored inline, others exactly as bigint. */
  attrInt(key: string, value: number | bigint): void {
    if (typeof value === 'number' && Number.isSafeInteger(value)) this.pushAttr(key, AttrType.INT, value);
    else if (typeof value === 'bigint' && value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)) this.pushAttr(key, AttrType.INT, Number(value));
    else this.attrComplex(key, { type: 'int', value: typeof value === 'bigint' ? value : BigInt(Math.trunc(value)) });
  }
  /** Any typed value (arrays, kvlists, bytes, empty go to the complex-value table). */
  attr(key: string, value: AnyValue): void {
    switch (value.type) {
      case 'string':
        return this.attrString(key, value.value);
      case 'bool':
        return this.attrBool(key, value.value);
      case 'double':
        return this.attrDouble(key, value.value);
      case 'int':
        return this.attrInt(key, value.value);
      default:
        return this.attrComplex(key, value);
    }
  }
  private attrComplex(key: string, value: AnyValue): void {
    const type = value.type === 'int' ? AttrType.BIG_INT : COMPLEX_TYPE[value.type];
    this.pushAttr(key, type, this.complexValues.length);
    this.complexValues.push(value);
  }

  /**
   * An event of the current span at absolute time (sec, nano); sec NaN = at the span start. Its
   * offset from the span's start is set in endSpan (the start may be read after the events).
   */
  event(sec: number, nano: number, name: string, attributes: readonly Attribute[]): void {
    const list = (this.pendingEvents ??= []);
    const k = list.length;
    if (k === this.eventSec.length) {
      this.eventSec = grow(this.eventSec, k + 1);
      this.eventNano = grow(this.eventNano, k + 1);
    }
    this.eventSec[k] = sec;
    this.eventNano[k] = nano;
    list.push({ offsetNs: 0, name, attributes });
  }

  link(l: SpanLink): void {
    (this.pendingLinks ??= []).push(l);
  }

  endSpan(f: SpanFields): number {
    if (!this.inSpan) this.beginSpan();
    this.inSpan = false;
    const i = this.n;
    if (i >= this.cap) this.growSpans(Math.max(i + 1, this.cap * 2));
    this.n++;
    // The trace's index: importers pass runs of spans of one trace, or spans of a few traces in
    // turn (OTLP groups them by service), so a small cache by the id's last characters answers
    // most lookups without hashing a fresh 32-character string for the Map.
    const tid = f.traceId;
    const len = tid.length;
    const slot = len < 2 ? 0 : (tid.charCodeAt(len - 1) ^ (tid.charCodeAt(len - 2) << 3)) & (TRACE_CACHE_SIZE - 1);
    let t: number;
    if (this.traceCacheId[slot] === tid) t = this.traceCacheIdx[slot];
    else {
      const known = this.traceIndex.get(tid);
      if (known === undefined) {
        t = this.traceIds.length;
        this.traceIds.push(tid);
        this.traceIndex.set(tid, t);
      } else t = known;
      this.traceCacheId[slot] = tid;
      this.traceCacheIdx[slot] = t;
    }
    this.traceCol[i] = t;
    this.kindCol[i] = f.kind;
    this.statusCol[i] = f.statusCode;
    this.flagsCol[i] = f.flags;
    this.fileCol[i] = Math.max(0, this.currentFile);
    this.resourceCol[i] = f.resource;
    this.scopeCol[i] = f.scope;
    this.nameCol[i] = this.intern(f.name);
    this.startSec[i] = f.startSec;
    this.startNano[i] = f.startNano;
    this.endSec[i] = f.endSec;
    this.endNano[i] = f.endNano;
    this.attrStartCol[i] = this.pendingAttrStart;
    this.attrCountCol[i] = this.attrN - this.pendingAttrStart;
    // (index stores: reserve() may have sized these arrays ahead; i === length appends)
    this.spanIds[i] = f.spanId;
    this.parentIds[i] = f.parentSpanId;
    // Id halves: from the importer when it checked the ids with parseHex16 (hexIds), else parsed here.
    let hex = 0;
    const given = f.hexIds ?? 0;
    if ((given & ID_HEX) !== 0) {
      this.idHiCol[i] = f.idHi as number;
      this.idLoCol[i] = f.idLo as number;
      hex = ID_HEX;
    } else if (parseHex16(f.spanId)) {
      this.idHiCol[i] = HEX16[0];
      this.idLoCol[i] = HEX16[1];
      hex = ID_HEX;
    }
    const pid = f.parentSpanId;
    if (pid !== '') {
      if ((given & PARENT_HEX) !== 0) {
        this.parentHiCol[i] = f.parentHi as number;
        this.parentLoCol[i] = f.parentLo as number;
        hex |= PARENT_HEX;
      } else if (pid === this.lastParentId) {
        this.parentHiCol[i] = this.lastParentHi;
        this.parentLoCol[i] = this.lastParentLo;
        hex |= PARENT_HEX;
      } else if (parseHex16(pid)) {
        this.parentHiCol[i] = this.lastParentHi = HEX16[0];
        this.parentLoCol[i] = this.lastParentLo = HEX16[1];
        this.lastParentId = pid;
        hex |= PARENT_HEX;
      }
    }
    this.hexCol[i] = hex;
    if (f.statusMessage) this.statusMessages.set(i, f.statusMessage);
    if (f.traceState) this.traceStates.set(i, f.traceState);
    if (this.pendingLinks) this.links.set(i, this.pendingLinks);
    // (no closure here: one capturing `f` would make V8 allocate a context on every call)
    if (this.pendingEvents) {
      eventOffsets(this.pendingEvents, this.eventSec, this.eventNano, f.startSec, f.startNano);
      // (a copy: the Dataset keeps the list, and one grown by push has room for 17)
      this.events.set(i, this.pendingEvents.slice());
    }
    this.pendingEvents = null;
    this.pendingLinks = null;
    this.countRecord();
    if (this.n >= this.checkpointAt) this.checkpoint();
    return i;
  }

  /**
   * Calls `fn` once, right after the span that brings the span count to `count` is ended (at once
   * when it is there already), between two records of an import. `fn` may call finish() for an
   * early snapshot (finish() changes nothing the import goes on with) and onSpanCount again.
   * Only the last registration counts; null clears it.
   */
  onSpanCount(count: number, fn: (() => void) | null): void {
    this.checkpointAt = fn ? count : Infinity;
    this.checkpointFn = fn;
    if (fn && this.n >= count) this.checkpoint();
  }

  private checkpoint(): void {
    const fn = this.checkpointFn;
    this.checkpointAt = Infinity;
    this.checkpointFn = null;
    fn?.();
  }

  /**
   * Says that about `spans` more spans are coming (an importer that knows its document's span
   * count calls this first). The span columns are grown once to hold them, and the attribute
   * columns, when they next fill up, to what the spans so far have per span: instead of a series of
   * doublings, each copying the columns (and each large typed array a garbage collection: V8
   * counts them as external memory). Only a hint: any number of spans may still come.
   */
  reserve(spans: number): void {
    if (!(spans > 0)) return;
    const target = this.n + spans;
    // an earlier hint of more spans still stands (a stream reader's estimate for the whole file
    // outlasts its importers' hints for each batch)
    if (target > this.spanHint) this.spanHint = target;
    // (by at least half: a stream reader's importers reserve once per batch, and copies must stay linear)
    if (target > this.cap) this.growSpans(Math.max(target, this.cap + (this.cap >> 1)));
    if (target > this.spanIds.length && target <= MAX_PRESIZED_IDS) {
      // The id arrays, too: growing them by push while spans are read allocates a new backing store
      // each time, and an allocation then is likely to start a young-generation GC that copies
      // the still-live JSON the importer is reading (several ms at 10k spans).
      // (at least doubling: a stream reader reserves once per batch, and copies must stay linear)
      const length = Math.min(MAX_PRESIZED_IDS, Math.max(target, 2 * this.spanIds.length));
      this.spanIds = presized(this.spanIds, this.n, length);
      this.parentIds = presized(this.parentIds, this.n, length);
    }
  }

  /** The span count given by the last reserve(), 0 when none. */
  private spanHint = 0;

  private growAttrs(need: number): void {
    let cap = Math.max(need, this.attrCap * 2);
    const n = this.n;
    if (this.spanHint > n && n >= 64) {
      // attributes per span so far, for the spans still to come (and 5% to spare)
      const expected = Math.ceil(this.attrN + ((this.attrN + 1) / n) * (this.spanHint - n) * 1.05);
      if (expected > cap) cap = expected;
    }
    this.attrKeyCol = growTo(this.attrKeyCol, cap);
    this.attrTypeCol = growTo(this.attrTypeCol, cap);
    this.attrValCol = growTo(this.attrValCol, cap);
    this.attrCap = cap;
  }

  /** Grows the span columns to exactly `cap` spans. */
  private growSpans(cap: number): void {
    this.traceCol = growTo(this.traceCol, cap);
    this.kindCol = growTo(this.kindCol, cap);
    this.statusCol = growTo(this.statusCol, cap);
    this.flagsCol = growTo(this.flagsCol, cap);
    this.fileCol = growTo(this.fileCol, cap);
    this.resourceCol = growTo(this.resourceCol, cap);
    this.scopeCol = growTo(this.scopeCol, cap);
    this.nameCol = growTo(this.nameCol, cap);
    this.startSec = growTo(this.startSec, cap);
    this.startNano = growTo(this.startNano, cap);
    this.endSec = growTo(this.endSec, cap);
    this.endNano = growTo(this.endNano, cap);
    this.attrStartCol = growTo(this.attrStartCol, cap);
    this.attrCountCol = growTo(this.attrCountCol, cap);
    this.idHiCol = growTo(this.idHiCol, cap);
    this.idLoCol = growTo(this.idLoCol, cap);
    this.parentHiCol = growTo(this.parentHiCol, cap);
    this.parentLoCol = growTo(this.parentLoCol, cap);
    this.hexCol = growTo(this.hexCol, cap);
    this.cap = cap;
  }

  /**
   * Links, orders and checks everything added so far and returns an immutable Dataset. Never throws
   * for bad data; every repair is reported as a warning. O(n log n) worst case, no recursion.
   *
   * Speed: finish() runs once per load, so V8 optimizes its loops by on-stack replacement (OSR)
   * while they run. In one large method each OSR compilation inlined everything (tens of ms of
   * compiling), was specialized to the call's closures and kept deoptimizing: finish() ran mostly
   * unoptimized. So every loop is in a small top-level function over typed arrays, which is
   * optimized quickly and stays so, and finish() itself has no loop.
   */
  finish(): Dataset {
    const n = this.n;
    const traceCount = this.traceIds.length;
    // finish() may run again after more files: restart from the import-time warnings and flags.
    const report = new FinishReport(this.warnings.slice(), new Map(this.warningCounts), this.files, this.fileCol, this.spanIds, this.traceIds, this.traceCol);
    const flags = importFlags(this.flagsCol, n);
    const traceCol = this.traceCol.subarray(0, n);

    // 1. Index span ids per trace: first plain (non-shared) span and first shared span of each id.
    const perTrace = spansPerTrace(n, traceCount, traceCol);
    const hexCol = this.hexCol.subarray(0, n);
    const ids = newSpanIdIndex(traceCol, perTrace, flags, this.idHiCol, this.idLoCol, hexCol);
    indexSpanIds(ids, n, this.spanIds, this.kindCol, flags, report);

    // 2. Resolve parents. A shared (Zipkin server-half) span's parent is the plain span with the same
    // id; children of an id prefer the shared span, which is the server that ran them.
    const parent = new Int32Array(n);
    const missingParentId = new Map<number, string>();
    resolveParents(ids, n, traceCol, this.spanIds, this.parentIds, this.parentHiCol, this.parentLoCol, flags, parent, missingParentId, report);

    // 3. Break parent cycles (iterative walk with per-start stamps; each span is settled once).
    breakCycles(n, parent, flags, report);

    // 4. Per-trace epoch (the earliest known start), starts and durations as offsets from it.
    const epochSec = new Float64Array(traceCount);
    const epochNano = new Float64Array(traceCount);
    traceEpochs(n, traceCol, this.startSec, this.startNano, epochSec, epochNano);
    const start = new Float64Array(n);
    const duration = new Float64Array(n);
    spanTimes(n, traceCol, this.startSec, this.startNano, this.endSec, this.endNano, epochSec, epochNano, start, duration, flags, report);

    // 5. Children in CSR form (grouped by parent), roots grouped by trace.
    const childCount = new Int32Array(n + 1);
    const rootCount = new Int32Array(traceCount + 1);
    countChildren(n, parent, traceCol, childCount, rootCount);
    const children = new Int32Array(Math.max(0, n - rootCount[traceCount]));
    const roots = new Int32Array(rootCount[traceCount]);
    fillChildren(n, parent, traceCol, childCount, rootCount, children, roots);

    // 6. Spans without a start get their parent's (top-down), else their earliest child's.
    repairMissingStarts(n, start, parent, childCount, children, roots, report);

    // 7. Sort siblings and roots by start (then by input order), link them.
    sortGroups(children, childCount, n, start);
    sortGroups(roots, rootCount, traceCount, start);
    const firstChild = new Int32Array(n).fill(-1);
    const nextSibling = new Int32Array(n).fill(-1);
    linkSiblings(n, childCount, children, firstChild, nextSibling);

    // 8. Pre-order and depth per trace (explicit stack: a 100k-deep chain is fine).
    const depth = new Int32Array(n);
    const traces = preorder(perTrace, parent, start, duration, childCount, children, rootCount, roots, epochSec, epochNano, this.traceIds, depth);

    const warnings = report.summarized();

    const files: FileInfo[] = this.files.map((f) => ({ ...f }));
    return {
      spanCount: n,
      trace: head(this.traceCol, n),
      parent,
      firstChild,
      nextSibling,
      depth,
      kind: head(this.kindCol, n),
      status: head(this.statusCol, n),
      flags,
      file: head(this.fileCol, n),
      resource: head(this.resourceCol, n),
      scope: head(this.scopeCol, n),
      name: head(this.nameCol, n),
      start,
      duration,
      spanId: this.spanIds.slice(0, n),
      missingParentId,
      attrStart: head(this.attrStartCol, n),
      attrCount: head(this.attrCountCol, n),
      attrKey: head(this.attrKeyCol, this.attrN),
      attrType: head(this.attrTypeCol, this.attrN),
      attrVal: head(this.attrValCol, this.attrN),
      strings: this.strings.slice(),
      complexValues: this.complexValues.slice(),
      events: new Map(this.events),
      links: new Map(this.links),
      statusMessage: new Map(this.statusMessages),
      traceState: new Map(this.traceStates),
      traces,
      resources: this.resources.slice(),
      scopes: this.scopes.slice(),
      files,
      warnings,
      errors: this.errors.slice(),
    };
  }
}

/**
 * Sets the offsets of a span's events from its start (0 when either time is unknown), from their
 * absolute times in sec / nano.
 */
function eventOffsets(events: { offsetNs: number }[], sec: Float64Array, nano: Float64Array, startSec: number, startNano: number): void {
  const hasStart = !Number.isNaN(startSec);
  for (let k = 0; k < events.length; k++) events[k].offsetNs = hasStart && !Number.isNaN(sec[k]) ? diffNs(sec[k], nano[k], startSec, startNano) : 0;
}

// ---------------------------------------------------------------------------------------------
// Hidden classes that outlive an import

/**
 * V8 gives each class's instances a hidden class that only the instances keep alive. Optimized
 * code that inlines a method (the importers inline the builder's, and their own reader's) depends
 * on it, so when the last builder or reader of an import dies, the next full garbage collection
 * drops the hidden class and that code with it, and the next import starts unoptimized (measured
 * on a 10k-span OTLP file after a warm-up: 86 ms of CPU per import instead of 38). An idle
 * instance of each class, kept for the life of the module, keeps the hidden classes and the
 * optimized code. They hold no data (the idle builder: empty columns, about 160 KB).
 */
const hiddenClassKeepers: object[] = [];

/** Keeps `instance` (an idle instance of a hot class) alive for the life of the module. */
export function keepHiddenClass(instance: object): void {
  hiddenClassKeepers.push(instance);
}

let idle: DatasetBuilder | null = null;

/** A builder that never receives spans: for the idle readers given to keepHiddenClass. */
export function idleBuilder(): DatasetBuilder {
  if (idle === null) {
    idle = new DatasetBuilder();
    keepHiddenClass(idle);
  }
  return idle;
}
idleBuilder();

// ---------------------------------------------------------------------------------------------
// finish() steps

/** The warnings of one finish() run (the builder's import-time ones first), with their where/ids. */
class FinishReport {
  constructor(
    readonly warnings: LoadWarning[],
    readonly counts: Map<string, number>,
    private readonly files: readonly { name: string }[],
    private readonly fileCol: Uint16Array,
    private readonly spanIds: readonly string[],
    private readonly traceIds: readonly string[],
    private readonly traceCol: Int32Array,
  ) {}

  spanIdOf(i: number): string {
    return this.spanIds[i];
  }

  traceIdOf(t: number): string {
    return this.traceIds[t];
  }

  /** The warnings, with one summary for each code that had more than WARNINGS_PER_CODE. */
  summarized(): LoadWarning[] {
    for (const [code, count] of this.counts) {
      if (count > WARNINGS_PER_CODE) this.warnings.push({ code, message: `${count - WARNINGS_PER_CODE} more ${code} warnings not listed (${count} in all)`, where: '(summary)' });
    }
    return this.warnings;
  }

  /** A warning about span i. */
  span(code: string, i: number, message: string): void {
    const seen = (this.counts.get(code) ?? 0) + 1;
    this.counts.set(code, seen);
    if (seen > WARNINGS_PER_CODE) return;
    const id = this.spanIds[i];
    const where = `${this.files[this.fileCol[i]]?.name ?? '(input)'}: span ${id || '(no id)'}`;
    this.warnings.push({ code, message, where, traceId: this.traceIds[this.traceCol[i]], spanId: id });
  }
}

/**
 * Span ids by (trace, id, shared or not): the span index an id names. A per-trace Map<string>
 * costs a string hash (a runtime call) per span and per parent id, and two Maps per trace; instead,
 * ids of 16 lowercase hex digits are kept as two int32 halves, in one open-addressing table cut
 * into a region per trace (a trace's spans are mostly adjacent, so its region and id halves stay
 * in cache), and only other ids (non-hex, other lengths) in Maps, made per trace when needed.
 *
 * Plain functions over typed arrays, not a class: optimized code that inlines a method embeds the
 * class's hidden class, which dies with the last instance at the next full GC and takes the code
 * with it; finish() would then start unoptimized every time.
 */
interface SpanIdIndex {
  /** Per span: its id's halves (set when hex[i] has ID_HEX). */
  readonly hi: Int32Array;
  readonly lo: Int32Array;
  /** Per span: ID_HEX when its id is 16 lowercase hex digits, PARENT_HEX when its parent id is. */
  readonly hex: Uint8Array;
  /** Trace t's region is table[base[t] .. base[t + 1]), a power of two >= 2x its spans. */
  readonly base: Int32Array;
  /** Span index + 1 of the span an entry names; 0 = empty. Linear probing within the region. */
  readonly table: Int32Array;
  readonly traceCol: Int32Array;
  /** SHARED bit per span: a shared and a plain span with the same id are different keys. */
  readonly flags: Uint8Array;
  /** Non-hex ids: a Map per (trace, shared), at 2 * trace + shared. */
  readonly other: (Map<string, number> | undefined)[];
}

function newSpanIdIndex(traceCol: Int32Array, perTrace: Int32Array, flags: Uint8Array, hi: Int32Array, lo: Int32Array, hex: Uint8Array): SpanIdIndex {
  const traceCount = perTrace.length;
  const base = new Int32Array(traceCount + 1);
  for (let t = 0; t < traceCount; t++) {
    let cap = 4;
    while (cap < 2 * perTrace[t]) cap *= 2;
    base[t + 1] = base[t] + cap;
  }
  return {
    hi,
    lo,
    hex,
    base,
    table: new Int32Array(base[traceCount]),
    traceCol,
    flags,
    other: new Array<Map<string, number> | undefined>(2 * traceCount),
  };
}

/** The table index of key (trace t, hi, lo, shared): its entry, or the empty slot where it goes. */
function idSlot(ix: SpanIdIndex, t: number, hi: number, lo: number, shared: number): number {
  const table = ix.table;
  const from = ix.base[t];
  const mask = ix.base[t + 1] - from - 1;
  let h = Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi ^ shared, 0x85ebca6b);
  h ^= h >>> 15;
  let s = h & mask;
  for (;;) {
    const e = table[from + s];
    if (e === 0) return from + s;
    const j = e - 1;
    if (ix.lo[j] === lo && ix.hi[j] === hi && (ix.flags[j] & SpanFlag.SHARED) === shared) return from + s;
    s = (s + 1) & mask;
  }
}

function otherIds(ix: SpanIdIndex, t: number, shared: number): Map<string, number> {
  const k = 2 * t + shared;
  let m = ix.other[k];
  if (m === undefined) ix.other[k] = m = new Map();
  return m;
}

/** The span recorded for span i's id (in its trace, shared or not), or -1 after recording i for it. */
function idAdd(ix: SpanIdIndex, i: number, id: string): number {
  const t = ix.traceCol[i];
  const shared = ix.flags[i] & SpanFlag.SHARED;
  if ((ix.hex[i] & ID_HEX) !== 0) {
    const s = idSlot(ix, t, ix.hi[i], ix.lo[i], shared);
    const e = ix.table[s];
    if (e !== 0) return e - 1;
    ix.table[s] = i + 1;
    return -1;
  }
  const m = otherIds(ix, t, shared);
  const first = m.get(id);
  if (first !== undefined) return first;
  m.set(id, i);
  return -1;
}

/** Makes span i (added before) the one its id names. */
function idReplace(ix: SpanIdIndex, i: number, id: string): void {
  const t = ix.traceCol[i];
  const shared = ix.flags[i] & SpanFlag.SHARED;
  if ((ix.hex[i] & ID_HEX) !== 0) ix.table[idSlot(ix, t, ix.hi[i], ix.lo[i], shared)] = i + 1;
  else otherIds(ix, t, shared).set(id, i);
}

/**
 * The span that `id` names in trace t among the shared (1) or plain (0) spans; -1 if none. `hex`,
 * hi and lo are the id's halves when `hex` (the caller may look up an id twice).
 */
function idFind(ix: SpanIdIndex, t: number, id: string, shared: number, hex: boolean, hi: number, lo: number): number {
  if (hex) return ix.table[idSlot(ix, t, hi, lo, shared)] - 1;
  return ix.other[2 * t + shared]?.get(id) ?? -1;
}

function indexSpanIds(ids: SpanIdIndex, n: number, spanIds: readonly string[], kindCol: Uint8Array, flags: Uint8Array, report: FinishReport): void {
  for (let i = 0; i < n; i++) {
    const id = spanIds[i];
    const first = idAdd(ids, i, id);
    if (first < 0) continue;
    // Zipkin data can hold a kind-less fragment of a span besides its CLIENT record; the CLIENT
    // (or PRODUCER) is the one a shared server half and the children belong to.
    const k = kindCol[i];
    const fk = kindCol[first];
    if ((k === 3 || k === 4) && fk !== 3 && fk !== 4) idReplace(ids, i, id);
    flags[i] |= SpanFlag.DUPLICATE_ID;
    flags[first] |= SpanFlag.DUPLICATE_ID;
    report.span('DUPLICATE_SPAN_ID', i, `span id ${id} appears more than once in trace ${report.traceIdOf(ids.traceCol[i])}; both records are kept`);
  }
}

function resolveParents(
  ids: SpanIdIndex,
  n: number,
  traceCol: Int32Array,
  spanIds: readonly string[],
  parentIds: readonly string[],
  parentHi: Int32Array,
  parentLo: Int32Array,
  flags: Uint8Array,
  parent: Int32Array,
  missingParentId: Map<number, string>,
  report: FinishReport,
): void {
  // Without shared spans (all but Zipkin data) the lookups among shared spans are skipped.
  let anyShared = false;
  for (let i = 0; i < n; i++) if (flags[i] & SpanFlag.SHARED) anyShared = true;
  const hexCol = ids.hex;
  for (let i = 0; i < n; i++) {
    const t = traceCol[i];
    let p = -1;
    const hexBits = hexCol[i];
    if (flags[i] & SpanFlag.SHARED) {
      const c = idFind(ids, t, spanIds[i], 0, (hexBits & ID_HEX) !== 0, ids.hi[i], ids.lo[i]);
      if (c >= 0) {
        parent[i] = c;
        continue;
      }
    }
    // (a hex parent id is known from its halves: the id string itself is not read again)
    const hex = (hexBits & PARENT_HEX) !== 0;
    if (hex || parentIds[i] !== '') {
      const hi = parentHi[i];
      const lo = parentLo[i];
      const pid = hex ? '' : parentIds[i];
      const s = anyShared ? idFind(ids, t, pid, SpanFlag.SHARED, hex, hi, lo) : -1;
      p = s >= 0 && s !== i ? s : idFind(ids, t, pid, 0, hex, hi, lo);
      if (p === i) {
        p = -1;
        report.span('SELF_PARENT', i, `span ${spanIds[i]} names itself as its parent; shown as a root`);
      } else if (p === -1) {
        flags[i] |= SpanFlag.ORPHAN;
        missingParentId.set(i, parentIds[i]);
        report.span('MISSING_PARENT', i, `parent ${parentIds[i]} of span ${spanIds[i]} is not in the loaded data; shown as a root`);
      }
    }
    parent[i] = p;
  }
}

function breakCycles(n: number, parent: Int32Array, flags: Uint8Array, report: FinishReport): void {
  const state = new Int32Array(n).fill(-1); // -1 unvisited, -2 settled, k = on the path started at k
  for (let s = 0; s < n; s++) {
    if (state[s] !== -1) continue;
    let v = s;
    while (v !== -1 && state[v] === -1) {
      state[v] = s;
      v = parent[v];
    }
    if (v !== -1 && state[v] === s) {
      // v is on the current path: a cycle. Cut it at v.
      report.span('PARENT_CYCLE', v, `span ${report.spanIdOf(v)} is its own ancestor; the cycle was cut there and it is shown as a root`);
      parent[v] = -1;
      flags[v] |= SpanFlag.CYCLE_BROKEN;
    }
    for (let u = s; u !== -1 && state[u] === s; u = parent[u]) state[u] = -2;
  }
}

/** Each trace's epoch: its earliest known start (0 when no span has one). */
function traceEpochs(n: number, traceCol: Int32Array, startSec: Float64Array, startNano: Float64Array, epochSec: Float64Array, epochNano: Float64Array): void {
  const traceCount = epochSec.length;
  epochSec.fill(Number.POSITIVE_INFINITY);
  for (let i = 0; i < n; i++) {
    const s = startSec[i];
    if (Number.isNaN(s)) continue;
    const t = traceCol[i];
    const nn = startNano[i];
    if (s < epochSec[t] || (s === epochSec[t] && nn < epochNano[t])) {
      epochSec[t] = s;
      epochNano[t] = nn;
    }
  }
  for (let t = 0; t < traceCount; t++) if (epochSec[t] === Number.POSITIVE_INFINITY) epochSec[t] = 0;
}

/** Start offsets from the trace epoch (NaN: no start) and durations, with their flags and warnings. */
function spanTimes(
  n: number,
  traceCol: Int32Array,
  startSec: Float64Array,
  startNano: Float64Array,
  endSec: Float64Array,
  endNano: Float64Array,
  epochSec: Float64Array,
  epochNano: Float64Array,
  start: Float64Array,
  duration: Float64Array,
  flags: Uint8Array,
  report: FinishReport,
): void {
  for (let i = 0; i < n; i++) {
    const t = traceCol[i];
    const ss = startSec[i];
    if (Number.isNaN(ss)) {
      flags[i] |= SpanFlag.NO_TIMESTAMP;
      start[i] = Number.NaN;
      continue;
    }
    start[i] = diffNs(ss, startNano[i], epochSec[t], epochNano[t]);
    const es = endSec[i];
    if (Number.isNaN(es)) {
      flags[i] |= SpanFlag.NO_DURATION;
      duration[i] = 0;
      continue;
    }
    const d = diffNs(es, endNano[i], ss, startNano[i]);
    if (d < 0) {
      flags[i] |= SpanFlag.END_BEFORE_START;
      duration[i] = 0;
      report.span('END_BEFORE_START', i, `span ${report.spanIdOf(i)} ends ${-d} ns before it starts; its duration is shown as 0`);
    } else duration[i] = d;
  }
}

function spansPerTrace(n: number, traceCount: number, traceCol: Int32Array): Int32Array {
  const perTrace = new Int32Array(traceCount);
  for (let i = 0; i < n; i++) perTrace[traceCol[i]]++;
  return perTrace;
}

/** The flags set at import time (SHARED), without those of an earlier finish(). */
function importFlags(flagsCol: Uint8Array, n: number): Uint8Array {
  const flags = flagsCol.slice(0, n);
  for (let i = 0; i < n; i++) flags[i] &= SpanFlag.SHARED;
  return flags;
}

/** CSR offsets: childCount[v] .. childCount[v + 1] for span v's children, rootCount the same per trace. */
function countChildren(n: number, parent: Int32Array, traceCol: Int32Array, childCount: Int32Array, rootCount: Int32Array): void {
  for (let i = 0; i < n; i++) {
    if (parent[i] >= 0) childCount[parent[i] + 1]++;
    else rootCount[traceCol[i] + 1]++;
  }
  for (let i = 0; i < n; i++) childCount[i + 1] += childCount[i];
  const traceCount = rootCount.length - 1;
  for (let t = 0; t < traceCount; t++) rootCount[t + 1] += rootCount[t];
}

/** Fills the CSR lists (children by parent, roots by trace) in span index order. */
function fillChildren(n: number, parent: Int32Array, traceCol: Int32Array, childCount: Int32Array, rootCount: Int32Array, children: Int32Array, roots: Int32Array): void {
  const cFill = childCount.slice(0, n);
  const rFill = rootCount.slice(0, rootCount.length - 1);
  for (let i = 0; i < n; i++) {
    const p = parent[i];
    if (p >= 0) children[cFill[p]++] = i;
    else roots[rFill[traceCol[i]]++] = i;
  }
}

/** Gives spans without a start their parent's, else their earliest child's, else 0 (top-down). */
function repairMissingStarts(n: number, start: Float64Array, parent: Int32Array, childCount: Int32Array, children: Int32Array, roots: Int32Array, report: FinishReport): void {
  const missing: number[] = [];
  for (let i = 0; i < n; i++) if (Number.isNaN(start[i])) missing.push(i);
  if (missing.length === 0) return;
  // Walk down from roots so that a parent is repaired before its children.
  const stack: number[] = [];
  for (let r = 0; r < roots.length; r++) stack.push(roots[r]);
  while (stack.length > 0) {
    const v = stack.pop() as number;
    if (Number.isNaN(start[v])) {
      let best = Number.POSITIVE_INFINITY;
      for (let k = childCount[v]; k < childCount[v + 1]; k++) {
        const c = children[k];
        if (!Number.isNaN(start[c]) && start[c] < best) best = start[c];
      }
      const p = parent[v];
      start[v] = p >= 0 && !Number.isNaN(start[p]) ? start[p] : best !== Number.POSITIVE_INFINITY ? best : 0;
    }
    for (let k = childCount[v]; k < childCount[v + 1]; k++) stack.push(children[k]);
  }
  for (const i of missing) report.span('MISSING_TIMESTAMP', i, `span ${report.spanIdOf(i)} has no start time; placed at its parent's start`);
}

/**
 * Sorts each group list[offsets[g] .. offsets[g + 1]) by start, then by span index. The lists are
 * filled in index order, so a group whose starts do not decrease is already in that order (ties
 * included) and is left alone: most are, and this avoids a comparator call per element.
 */
function sortGroups(list: Int32Array, offsets: Int32Array, groups: number, start: Float64Array): void {
  sortStart = start;
  for (let g = 0; g < groups; g++) {
    const lo = offsets[g];
    const hi = offsets[g + 1];
    if (hi - lo < 2) continue;
    let sorted = true;
    for (let k = lo + 1; k < hi; k++) {
      // NaN never reaches here (repairMissingStarts); !(a <= b) also sends one to the sort
      if (!(start[list[k - 1]] <= start[list[k]])) {
        sorted = false;
        break;
      }
    }
    if (sorted) continue;
    sortRange(list, lo, hi, byStart);
  }
  sortStart = NO_STARTS;
}

const NO_STARTS = new Float64Array(0);
/**
 * The starts byStart compares by, set by sortGroups for the time of a sort: a comparator closure
 * made per call would be embedded in the optimized sort code and, dying after the call, discard it.
 */
let sortStart: Float64Array = NO_STARTS;

/** Span a before span b when it starts earlier, or at the same time and earlier in the input. */
function byStart(a: number, b: number): number {
  return sortStart[a] - sortStart[b] || a - b;
}

function linkSiblings(n: number, childCount: Int32Array, children: Int32Array, firstChild: Int32Array, nextSibling: Int32Array): void {
  for (let v = 0; v < n; v++) {
    const a = childCount[v];
    const b = childCount[v + 1];
    if (a < b) firstChild[v] = children[a];
    for (let k = a; k < b - 1; k++) nextSibling[children[k]] = children[k + 1];
  }
}

/** Each trace's pre-order, roots and duration; fills depth. */
function preorder(
  perTrace: Int32Array,
  parent: Int32Array,
  start: Float64Array,
  duration: Float64Array,
  childCount: Int32Array,
  children: Int32Array,
  rootCount: Int32Array,
  roots: Int32Array,
  epochSec: Float64Array,
  epochNano: Float64Array,
  traceIds: readonly string[],
  depth: Int32Array,
): TraceInfo[] {
  const traceCount = perTrace.length;
  const traces: TraceInfo[] = [];
  const stack: number[] = [];
  // every trace's order is a view of one array (a typed array of its own per trace costs a backing
  // store each: about 2.5 ms for 4,000 traces)
  let total = 0;
  for (let t = 0; t < traceCount; t++) total += perTrace[t];
  const orders = new Int32Array(total);
  let at = 0;
  for (let t = 0; t < traceCount; t++) {
    const order = orders.subarray(at, at + perTrace[t]);
    at += perTrace[t];
    let k = 0;
    let end = 0;
    const traceRoots: number[] = [];
    for (let r = rootCount[t + 1] - 1; r >= rootCount[t]; r--) stack.push(roots[r]);
    for (let r = rootCount[t]; r < rootCount[t + 1]; r++) traceRoots.push(roots[r]);
    while (stack.length > 0) {
      const v = stack.pop() as number;
      order[k++] = v;
      const p = parent[v];
      depth[v] = p >= 0 ? depth[p] + 1 : 0;
      const e = start[v] + duration[v];
      if (e > end) end = e;
      // push children in reverse so the earliest is visited first
      for (let c = childCount[v + 1] - 1; c >= childCount[v]; c--) stack.push(children[c]);
    }
    traces.push({ id: traceIds[t], epochNs: toEpochNs(epochSec[t], epochNano[t]), durationNs: end, order, roots: traceRoots });
  }
  return traces;
}

/** Sorts a[lo..hi) in place: insertion sort for short runs (most sibling lists), else typed sort. */
function sortRange(a: Int32Array, lo: number, hi: number, cmp: (x: number, y: number) => number): void {
  const len = hi - lo;
  if (len < 2) return;
  if (len <= 16) {
    for (let i = lo + 1; i < hi; i++) {
      const v = a[i];
      let j = i - 1;
      while (j >= lo && cmp(a[j], v) > 0) {
        a[j + 1] = a[j];
        j--;
      }
      a[j + 1] = v;
    }
    return;
  }
  a.subarray(lo, hi).sort(cmp);
}

function attributesKey(attrs: readonly Attribute[]): string {
  if (attrs.length === 0) return '';
  return JSON.stringify(attrs, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
}
