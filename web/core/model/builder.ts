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
}

/** An event whose time is still absolute (seconds + nanoseconds); NaN sec = at the span start. */
export interface EventInput {
  sec: number;
  nano: number;
  name: string;
  attributes: readonly Attribute[];
}

const COMPLEX_TYPE: Record<string, AttrType> = { bytes: AttrType.BYTES, array: AttrType.ARRAY, kvlist: AttrType.KVLIST, empty: AttrType.EMPTY };

/** Individual warnings kept per code; the rest are counted in one summary warning. */
const WARNINGS_PER_CODE = 100;

function grow<T extends Int32Array | Uint32Array | Float64Array | Uint8Array | Uint16Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  let cap = a.length * 2;
  while (cap < need) cap *= 2;
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

  private traceIds: string[] = [];
  private traceIndex = new Map<string, number>();

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
  private pendingEvents: EventInput[] | null = null;
  private pendingLinks: SpanLink[] | null = null;
  private inSpan = false;

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

  intern(s: string): number {
    let i = this.stringIndex.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.stringIndex.set(s, i);
    }
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
    if (need > this.attrCap) {
      this.attrKeyCol = grow(this.attrKeyCol, need);
      this.attrTypeCol = grow(this.attrTypeCol, need);
      this.attrValCol = grow(this.attrValCol, need);
      this.attrCap = this.attrKeyCol.length;
    }
    const a = this.attrN++;
    this.attrKeyCol[a] = this.intern(key);
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

  event(e: EventInput): void {
    (this.pendingEvents ??= []).push(e);
  }

  link(l: SpanLink): void {
    (this.pendingLinks ??= []).push(l);
  }

  endSpan(f: SpanFields): number {
    if (!this.inSpan) this.beginSpan();
    this.inSpan = false;
    const i = this.n;
    if (i >= this.cap) this.growSpans(i + 1);
    this.n++;
    let t = this.traceIndex.get(f.traceId);
    if (t === undefined) {
      t = this.traceIds.length;
      this.traceIds.push(f.traceId);
      this.traceIndex.set(f.traceId, t);
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
    this.spanIds.push(f.spanId);
    this.parentIds.push(f.parentSpanId);
    if (f.statusMessage) this.statusMessages.set(i, f.statusMessage);
    if (f.traceState) this.traceStates.set(i, f.traceState);
    if (this.pendingLinks) this.links.set(i, this.pendingLinks);
    if (this.pendingEvents) {
      const hasStart = !Number.isNaN(f.startSec);
      this.events.set(
        i,
        this.pendingEvents.map((e) => ({
          offsetNs: hasStart && !Number.isNaN(e.sec) ? diffNs(e.sec, e.nano, f.startSec, f.startNano) : 0,
          name: e.name,
          attributes: e.attributes,
        })),
      );
    }
    this.pendingEvents = null;
    this.pendingLinks = null;
    this.countRecord();
    return i;
  }

  private growSpans(need: number): void {
    this.traceCol = grow(this.traceCol, need);
    this.kindCol = grow(this.kindCol, need);
    this.statusCol = grow(this.statusCol, need);
    this.flagsCol = grow(this.flagsCol, need);
    this.fileCol = grow(this.fileCol, need);
    this.resourceCol = grow(this.resourceCol, need);
    this.scopeCol = grow(this.scopeCol, need);
    this.nameCol = grow(this.nameCol, need);
    this.startSec = grow(this.startSec, need);
    this.startNano = grow(this.startNano, need);
    this.endSec = grow(this.endSec, need);
    this.endNano = grow(this.endNano, need);
    this.attrStartCol = grow(this.attrStartCol, need);
    this.attrCountCol = grow(this.attrCountCol, need);
    this.cap = this.traceCol.length;
  }

  private where(i: number): string {
    return `${this.files[this.fileCol[i]]?.name ?? '(input)'}: span ${this.spanIds[i] || '(no id)'}`;
  }

  /**
   * Links, orders and checks everything added so far and returns an immutable Dataset. Never throws
   * for bad data; every repair is reported as a warning. O(n log n) worst case, no recursion.
   */
  finish(): Dataset {
    const n = this.n;
    const traceCount = this.traceIds.length;
    // finish() may run again after more files: restart from the import-time warnings and flags.
    const warnings = this.warnings.slice();
    const warningCounts = new Map(this.warningCounts);
    const warn = (code: string, message: string, where: string, traceId?: string, spanId?: string) => {
      const seen = (warningCounts.get(code) ?? 0) + 1;
      warningCounts.set(code, seen);
      if (seen <= WARNINGS_PER_CODE) warnings.push({ code, message, where, traceId, spanId });
    };
    const flags = this.flagsCol.slice(0, n);
    for (let i = 0; i < n; i++) flags[i] &= SpanFlag.SHARED;
    const traceCol = this.traceCol.subarray(0, n);

    // 1. Index span ids per trace: first plain (non-shared) span and first shared span of each id.
    const plain: Map<string, number>[] = [];
    const shared: Map<string, number>[] = [];
    for (let t = 0; t < traceCount; t++) {
      plain.push(new Map());
      shared.push(new Map());
    }
    const dupCount = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const t = traceCol[i];
      const id = this.spanIds[i];
      const m = flags[i] & SpanFlag.SHARED ? shared[t] : plain[t];
      const first = m.get(id);
      if (first === undefined) m.set(id, i);
      else {
        // Zipkin data can hold a kind-less fragment of a span besides its CLIENT record; the CLIENT
        // (or PRODUCER) is the one a shared server half and the children belong to.
        const k = this.kindCol[i];
        const fk = this.kindCol[first];
        if ((k === 3 || k === 4) && fk !== 3 && fk !== 4) m.set(id, i);
        flags[i] |= SpanFlag.DUPLICATE_ID;
        flags[first] |= SpanFlag.DUPLICATE_ID;
        dupCount.set(t, (dupCount.get(t) ?? 0) + 1);
        warn('DUPLICATE_SPAN_ID', `span id ${id} appears more than once in trace ${this.traceIds[t]}; both records are kept`, this.where(i), this.traceIds[t], id);
      }
    }

    // 2. Resolve parents. A shared (Zipkin server-half) span's parent is the plain span with the same
    // id; children of an id prefer the shared span, which is the server that ran them.
    const parent = new Int32Array(n);
    const missingParentId = new Map<number, string>();
    for (let i = 0; i < n; i++) {
      const t = traceCol[i];
      const id = this.spanIds[i];
      let p = -1;
      if (flags[i] & SpanFlag.SHARED) {
        const c = plain[t].get(id);
        if (c !== undefined) {
          parent[i] = c;
          continue;
        }
      }
      const pid = this.parentIds[i];
      if (pid !== '') {
        const s = shared[t].get(pid);
        p = s !== undefined && s !== i ? s : (plain[t].get(pid) ?? -1);
        if (p === i) {
          p = -1;
          warn('SELF_PARENT', `span ${id} names itself as its parent; shown as a root`, this.where(i), this.traceIds[t], id);
        } else if (p === -1) {
          flags[i] |= SpanFlag.ORPHAN;
          missingParentId.set(i, pid);
          warn('MISSING_PARENT', `parent ${pid} of span ${id} is not in the loaded data; shown as a root`, this.where(i), this.traceIds[t], id);
        }
      }
      parent[i] = p;
    }

    // 3. Break parent cycles (iterative walk with per-start stamps; each span is settled once).
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
        const id = this.spanIds[v];
        warn('PARENT_CYCLE', `span ${id} is its own ancestor; the cycle was cut there and it is shown as a root`, this.where(v), this.traceIds[traceCol[v]], id);
        parent[v] = -1;
        flags[v] |= SpanFlag.CYCLE_BROKEN;
      }
      for (let u = s; u !== -1 && state[u] === s; u = parent[u]) state[u] = -2;
    }

    // 4. Per-trace epoch: the earliest known start.
    const epochSec = new Float64Array(traceCount).fill(Number.POSITIVE_INFINITY);
    const epochNano = new Float64Array(traceCount);
    for (let i = 0; i < n; i++) {
      const s = this.startSec[i];
      if (Number.isNaN(s)) continue;
      const t = traceCol[i];
      const nn = this.startNano[i];
      if (s < epochSec[t] || (s === epochSec[t] && nn < epochNano[t])) {
        epochSec[t] = s;
        epochNano[t] = nn;
      }
    }
    for (let t = 0; t < traceCount; t++) if (epochSec[t] === Number.POSITIVE_INFINITY) epochSec[t] = 0;

    const start = new Float64Array(n);
    const duration = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const t = traceCol[i];
      const ss = this.startSec[i];
      if (Number.isNaN(ss)) {
        flags[i] |= SpanFlag.NO_TIMESTAMP;
        start[i] = Number.NaN;
        continue;
      }
      start[i] = diffNs(ss, this.startNano[i], epochSec[t], epochNano[t]);
      const es = this.endSec[i];
      if (Number.isNaN(es)) {
        flags[i] |= SpanFlag.NO_DURATION;
        duration[i] = 0;
        continue;
      }
      const d = diffNs(es, this.endNano[i], ss, this.startNano[i]);
      if (d < 0) {
        flags[i] |= SpanFlag.END_BEFORE_START;
        duration[i] = 0;
        warn('END_BEFORE_START', `span ${this.spanIds[i]} ends ${-d} ns before it starts; its duration is shown as 0`, this.where(i), this.traceIds[t], this.spanIds[i]);
      } else duration[i] = d;
    }

    // 5. Children in CSR form (grouped by parent), roots grouped by trace.
    const childCount = new Int32Array(n + 1);
    const rootCount = new Int32Array(traceCount + 1);
    for (let i = 0; i < n; i++) {
      if (parent[i] >= 0) childCount[parent[i] + 1]++;
      else rootCount[traceCol[i] + 1]++;
    }
    for (let i = 0; i < n; i++) childCount[i + 1] += childCount[i];
    for (let t = 0; t < traceCount; t++) rootCount[t + 1] += rootCount[t];
    const children = new Int32Array(Math.max(0, n - rootCount[traceCount]));
    const roots = new Int32Array(rootCount[traceCount]);
    {
      const cFill = childCount.slice(0, n);
      const rFill = rootCount.slice(0, traceCount);
      for (let i = 0; i < n; i++) {
        const p = parent[i];
        if (p >= 0) children[cFill[p]++] = i;
        else roots[rFill[traceCol[i]]++] = i;
      }
    }

    // 6. Spans without a start get their parent's (top-down), else their earliest child's.
    const missing: number[] = [];
    for (let i = 0; i < n; i++) if (Number.isNaN(start[i])) missing.push(i);
    if (missing.length > 0) {
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
      for (const i of missing) warn('MISSING_TIMESTAMP', `span ${this.spanIds[i]} has no start time; placed at its parent's start`, this.where(i), this.traceIds[traceCol[i]], this.spanIds[i]);
    }

    // 7. Sort siblings and roots by start (then by input order), link them.
    const byStart = (a: number, b: number) => start[a] - start[b] || a - b;
    for (let v = 0; v < n; v++) sortRange(children, childCount[v], childCount[v + 1], byStart);
    for (let t = 0; t < traceCount; t++) sortRange(roots, rootCount[t], rootCount[t + 1], byStart);
    const firstChild = new Int32Array(n).fill(-1);
    const nextSibling = new Int32Array(n).fill(-1);
    for (let v = 0; v < n; v++) {
      const a = childCount[v];
      const b = childCount[v + 1];
      if (a < b) firstChild[v] = children[a];
      for (let k = a; k < b - 1; k++) nextSibling[children[k]] = children[k + 1];
    }

    // 8. Pre-order and depth per trace (explicit stack: a 100k-deep chain is fine).
    const depth = new Int32Array(n);
    const perTrace = new Int32Array(traceCount);
    for (let i = 0; i < n; i++) perTrace[traceCol[i]]++;
    const traces: TraceInfo[] = [];
    const stack: number[] = [];
    for (let t = 0; t < traceCount; t++) {
      const order = new Int32Array(perTrace[t]);
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
      traces.push({ id: this.traceIds[t], epochNs: toEpochNs(epochSec[t], epochNano[t]), durationNs: end, order, roots: traceRoots });
    }

    for (const [code, count] of warningCounts) {
      if (count > WARNINGS_PER_CODE) warnings.push({ code, message: `${count - WARNINGS_PER_CODE} more ${code} warnings not listed (${count} in all)`, where: '(summary)' });
    }

    const files: FileInfo[] = this.files.map((f) => ({ ...f }));
    return {
      spanCount: n,
      trace: this.traceCol.slice(0, n),
      parent,
      firstChild,
      nextSibling,
      depth,
      kind: this.kindCol.slice(0, n),
      status: this.statusCol.slice(0, n),
      flags,
      file: this.fileCol.slice(0, n),
      resource: this.resourceCol.slice(0, n),
      scope: this.scopeCol.slice(0, n),
      name: this.nameCol.slice(0, n),
      start,
      duration,
      spanId: this.spanIds.slice(),
      missingParentId,
      attrStart: this.attrStartCol.slice(0, n),
      attrCount: this.attrCountCol.slice(0, n),
      attrKey: this.attrKeyCol.slice(0, this.attrN),
      attrType: this.attrTypeCol.slice(0, this.attrN),
      attrVal: this.attrValCol.slice(0, this.attrN),
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
