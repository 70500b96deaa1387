/**
 * StreamImporter: imports a trace file pushed as byte chunks, for files beyond V8's maximum string
 * length (about 512 MB) and for progress while loading big files in the worker.
 *
 * A JsonSplitter walks the file's big arrays (OTLP `resourceSpans[]`, also snake_case; Jaeger
 * `data[]`; Zipkin top-level arrays, flat or nested) and hands over their elements, parsed, in runs
 * of about 96 KiB: whole ResourceSpans, whole Jaeger traces, Zipkin spans. An element larger than
 * `largeBytes` is split further (`scopeSpans[]` / `spans[]`, the legacy `instrumentationLibrarySpans`
 * too), keeping its context: the resource and scope objects, the Jaeger trace's `processes`, every
 * other member of the enclosing objects. The elements are re-batched into documents of the original
 * shape, about `batchBytes` of JSON each, which go through the same `importParsed` as a whole file.
 *
 * In a split element, context that comes after the spans (Jaeger writes `processes` after `spans`;
 * any writer may put `resource` after `scopeSpans`) is waited for: spans are held until their
 * enclosing object has that member or closes. Records leave in file order.
 *
 * Several top-level documents (JSON lines) are read one by one; a broken line is reported with its
 * line number and skipped. Invalid JSON in a single document stops the reading with an error that
 * gives the line and byte offset; every complete span before it is kept. Nothing here throws.
 *
 * Members that are reports rather than context (ONCE_KEYS: Jaeger's trace `warnings`, the query
 * response's `errors`) go into one batch only: the first one built after they are read, or, when
 * every span of their object left before them, a batch of their own (with an empty span array).
 * A split object below which nothing was queued (no span array, an empty or a broken one) goes
 * whole, as an element of its array, so that its problems are reported. A document's format is
 * detected from its first batch; later batches go to the same importer.
 *
 * Known differences from importing the whole text: problem paths reported by the importers are
 * relative to the batch (`resourceSpans[0]...`), not to the file; if an object has the same key
 * twice, JSON.parse keeps the last value while the stream reads both; the format is decided by the
 * first batch, where importText looks at the first records of the whole document (this differs only
 * for batches smaller than a few records, or documents that fit two formats).
 */
import type { DatasetBuilder } from '../model/builder.ts';
import type { FormatId } from '../model/types.ts';
import { IMPORTERS, detect, importParsed } from '../formats/index.ts';
import type { Importer } from '../formats/types.ts';
import type { ImportOutcome } from '../formats/index.ts';
import { CAPTURE, DESCEND, DESCEND_IF_LARGE, JsonSplitter } from './json-splitter.ts';
import type { DescendAnswer, ErrorAction, LookaheadStats, SplitError, SplitSink } from './json-splitter.ts';

export interface StreamImportOptions {
  /**
   * About this many bytes of JSON per document handed to the importers (default 1 MiB). Small
   * batches keep the parsed objects short-lived: they die in V8's young generation instead of being
   * promoted, which costs less garbage collection than one big JSON.parse.
   */
  batchBytes?: number;
  /** The file's size in bytes, recorded in the Dataset's file list (default 0 = unknown). */
  totalBytes?: number;
  /** Element runs are parsed once they reach this many bytes (default 96 KiB, for the same reason). */
  runBytes?: number;
  /** A ResourceSpans / ScopeSpans / Jaeger trace / Zipkin trace array larger than this is split further (default 512 KiB). */
  largeBytes?: number;
  /** Smaller pushed chunks are gathered into blocks of this size (default 1 MiB; see JsonSplitter). */
  blockBytes?: number;
  /** Record boundaries found ahead by pattern and checked by JSON.parse (default true; see JsonSplitter). */
  lookahead?: boolean;
  /**
   * Add to the builder's current file instead of beginning one, and leave reporting the file's
   * damage to the caller (a second reading of a file that did not parse as a whole, to keep its
   * complete records; the first reading said what is wrong). Default false.
   */
  continueFile?: boolean;
}

/** The span estimate of a file of known size is made after this many bytes of records... */
const ESTIMATE_AFTER_BYTES = 4 * 1024 * 1024;
/** ...with this much to spare (a finish() copies columns only when they are 1/8 larger than needed). */
const ESTIMATE_SPARE = 1.03;
/** ...and for at most this many spans at once (columns of about 100 B a span: 800 MB). */
const ESTIMATE_MAX = 8_000_000;

// node kinds: where in which format a descended container is
const K_ROOT_OBJ = 0;
const K_ROOT_ARR = 1; // Zipkin: spans, or arrays of spans
const K_RS_ARR = 2; // OTLP resourceSpans[]
const K_RS_OBJ = 3;
const K_SS_ARR = 4; // OTLP scopeSpans[]
const K_SS_OBJ = 5;
const K_DATA_ARR = 6; // Jaeger data[]
const K_TRACE_OBJ = 7; // a Jaeger trace
const K_LEAF_ARR = 8; // spans[] (elements are records)

const RS_KEYS = new Set(['resourceSpans', 'resource_spans']);
const SS_KEYS = new Set(['scopeSpans', 'scope_spans', 'instrumentationLibrarySpans', 'instrumentation_library_spans']);
/** Members an object must have (any of them) before its spans may leave without waiting for it to close. */
const RS_CONTEXT = ['resource'];
const SS_CONTEXT = ['scope', 'instrumentationLibrary', 'instrumentation_library'];
const TRACE_CONTEXT = ['processes'];
/** Members of a split object that the importers report from (not context): sent in one batch only. */
const ONCE_KEYS = new Set(['warnings', 'errors']);

interface ObjNode {
  readonly isArray: false;
  readonly kind: number;
  readonly parent: ArrNode | null;
  readonly members: [string, unknown][];
  /** Keys of the arrays descended into (kept, empty, in documents built from this object). */
  readonly arrayKeys: string[];
  context: readonly string[] | null;
  ready: boolean;
  /** The last array descended into (for a batch that only carries ONCE_KEYS members). */
  lastArray: ArrNode | null;
  /** ONCE_KEYS members already put in a batch. */
  readonly sent: Set<string>;
  /** Records below this object were queued (else, when it closes, it is sent whole, as an element). */
  queued: boolean;
}

interface ArrNode {
  readonly isArray: true;
  readonly kind: number;
  readonly parent: ObjNode | ArrNode | null;
  /** Member name in the parent object, or null. */
  readonly key: string | null;
}

type Node = ObjNode | ArrNode;

interface Group {
  readonly node: ArrNode;
  readonly items: unknown[];
  readonly bytes: number;
  /** Set on an empty group queued to deliver this object's ONCE_KEYS members. */
  readonly onceFor?: ObjNode;
}

export class StreamImporter {
  private readonly builder: DatasetBuilder;
  private readonly fileName: string;
  private readonly batchBytes: number;
  private readonly splitter: JsonSplitter;
  private readonly before: number;
  private readonly totalBytes: number;
  /** Bytes of the records handed to the importers so far (for the span estimate). */
  private deliveredBytes = 0;
  private estimated = false;

  private stack: Node[] = [];
  private root: Node | null = null;
  private queue: Group[] = [];
  /** Bytes of the queued groups. */
  private pending = 0;

  private docIndex = -1;
  private docLine = 1;
  private docBatches = 0;
  private docFailed = false;
  /** The importer of the current document once a batch of it was recognised (later batches are not detected again). */
  private docImporter: Importer | undefined = undefined;
  private jsonLines = false;
  private format: FormatId | null = null;
  private firstError: string | undefined;
  private readonly quiet: boolean;
  private finished = false;

  constructor(builder: DatasetBuilder, fileName: string, options: StreamImportOptions = {}) {
    this.builder = builder;
    this.fileName = fileName;
    this.batchBytes = Math.max(1, options.batchBytes ?? 1024 * 1024);
    this.before = builder.spanCount;
    this.totalBytes = options.totalBytes ?? 0;
    this.quiet = options.continueFile === true;
    if (!this.quiet) builder.beginFile(fileName, 'otlp', options.totalBytes ?? 0);
    const sink: SplitSink = {
      docStart: (line) => this.docStart(line),
      descend: (key, isArray, inArray) => this.descend(key, isArray, inArray),
      open: (key, isArray) => this.open(key, isArray),
      close: () => this.close(),
      member: (key, value) => this.member(key, value),
      elements: (values, bytes) => this.elements(values, bytes),
      value: (value) => this.importDoc(value),
      docEnd: () => this.docEnd(),
      error: (e) => this.error(e),
    };
    this.splitter = new JsonSplitter(sink, { runBytes: options.runBytes, largeBytes: options.largeBytes, blockBytes: options.blockBytes, lookahead: options.lookahead });
  }

  /** Bytes pushed so far (for progress). */
  get bytesRead(): number {
    return this.splitter.bytesRead;
  }

  /** What the splitter's lookahead did (for tests and the benchmark). */
  get lookahead(): LookaheadStats {
    return this.splitter.stats;
  }

  /** Spans added to the builder so far. */
  get spans(): number {
    return this.builder.spanCount - this.before;
  }

  push(chunk: Uint8Array): void {
    if (!this.finished) this.splitter.push(chunk);
  }

  /** The input is complete. Returns the same outcome as importText. */
  end(): ImportOutcome {
    if (!this.finished) {
      this.finished = true;
      this.splitter.end();
      if (this.docIndex < 0 && this.firstError === undefined) {
        this.fail(`invalid JSON at line ${this.splitter.currentLine} (byte ${this.splitter.bytesRead}): unexpected end of input`);
      }
    }
    return { format: this.format, spans: this.spans, ...(this.firstError !== undefined && this.format === null ? { error: this.firstError } : {}) };
  }

  // ---- what the splitter reports -------------------------------------------------------------------

  private docStart(line: number): void {
    this.docIndex++;
    this.docLine = line;
    this.docBatches = 0;
    this.docFailed = false;
    this.docImporter = undefined;
    if (this.docIndex === 1) {
      // a second document: JSON lines, named as importText names them
      this.jsonLines = true;
      if (this.format === 'otlp') this.format = 'otlp-jsonl';
      if (this.format !== null) this.builder.setFileFormat(this.format);
    }
  }

  private descend(key: string | null, isArray: boolean, inArray: boolean): DescendAnswer {
    const parent = this.stack.length > 0 ? this.stack[this.stack.length - 1] : null;
    const kind = childKind(parent, key, isArray);
    if (kind < 0) return CAPTURE;
    return inArray && parent !== null && parent.kind !== K_LEAF_ARR ? DESCEND_IF_LARGE : DESCEND;
  }

  private open(key: string | null, isArray: boolean): void {
    const parent = this.stack.length > 0 ? this.stack[this.stack.length - 1] : null;
    const kind = childKind(parent, key, isArray);
    let node: Node;
    if (isArray) {
      node = { isArray: true, kind, parent, key };
      if (parent !== null && !parent.isArray) {
        parent.arrayKeys.push(key as string);
        parent.lastArray = node;
        // a spans array makes its object's context members worth waiting for
        const ctx = parent.kind === K_RS_OBJ ? RS_CONTEXT : parent.kind === K_SS_OBJ ? SS_CONTEXT : parent.kind === K_TRACE_OBJ || (parent.kind === K_ROOT_OBJ && kind === K_LEAF_ARR) ? TRACE_CONTEXT : null;
        if (ctx !== null && parent.context === null) {
          parent.context = ctx;
          parent.ready = hasAny(parent.members, ctx);
        }
      }
    } else {
      node = { isArray: false, kind, parent: parent as ArrNode | null, members: [], arrayKeys: [], context: null, ready: true, lastArray: null, sent: new Set(), queued: false };
    }
    if (parent === null) this.root = node;
    this.stack.push(node);
  }

  private close(): void {
    const node = this.stack.pop();
    if (node !== undefined && !node.isArray) {
      node.ready = true;
      if (!node.queued && node.parent !== null && node.parent.isArray && !this.docFailed) {
        // nothing below it was queued (no span array, or an empty or broken one): it goes whole, as
        // an element of its array, so that the importers see (and report) it as importText does
        const o = Object.fromEntries(node.members) as Record<string, unknown>;
        for (const key of node.arrayKeys) if (!Object.prototype.hasOwnProperty.call(o, key)) o[key] = [];
        this.queue.push({ node: node.parent, items: [o], bytes: 0 });
        markQueued(node.parent);
      } else if (node.lastArray !== null && hasUnsent(node)) {
        // reports read after the object's spans: a batch of their own unless a queued one takes them
        this.queue.push({ node: node.lastArray, items: [], bytes: 0, onceFor: node });
      }
    }
    if (this.pending >= this.batchBytes) this.flush(false);
  }

  private member(key: string, value: unknown): void {
    const node = this.stack[this.stack.length - 1];
    if (node === undefined || node.isArray) return;
    node.members.push([key, value]);
    if (!node.ready && node.context !== null && node.context.includes(key)) {
      node.ready = true;
      if (this.pending >= this.batchBytes) this.flush(false);
    }
  }

  private elements(values: unknown[], bytes: number): void {
    const node = this.stack[this.stack.length - 1];
    if (node === undefined || !node.isArray || this.docFailed) return;
    this.queue.push({ node, items: values, bytes });
    markQueued(node);
    this.pending += bytes;
    if (this.pending >= this.batchBytes) this.flush(false);
  }

  private docEnd(): void {
    this.flush(true);
    if (this.docBatches === 0 && this.root !== null && !this.docFailed) {
      // nothing was split off (no spans): import the document's skeleton for detection and errors
      this.importDoc(this.build([], true));
    }
    this.resetDoc();
  }

  private error(e: SplitError): ErrorAction {
    // keep every complete span read so far
    this.flush(true);
    this.resetDoc();
    if (!this.jsonLines) {
      this.fail(`invalid JSON at line ${e.line} (byte ${e.byte}): ${e.message}`);
      return 'stop';
    }
    this.builder.warn('BAD_LINE', `line ${e.line}: invalid JSON at byte ${e.byte}: ${e.message}; rest of the line skipped`, `${this.fileName}:${e.line}`);
    return 'skip-line';
  }

  // ---- batching ----------------------------------------------------------------------------------

  /** Hands ready records to the importers in batches; `all` also sends the last partial batch and unready groups. */
  private flush(all: boolean): void {
    while (this.queue.length > 0) {
      // take groups from the front while they are ready, up to batchBytes
      let bytes = 0;
      let k = 0;
      while (k < this.queue.length && bytes < this.batchBytes) {
        const g = this.queue[k];
        if (!all && !isReady(g.node)) break;
        bytes += g.bytes;
        k++;
      }
      if (k === 0 || (!all && bytes < this.batchBytes)) break;
      const take = this.queue.splice(0, k).filter((g) => g.onceFor === undefined || hasUnsent(g.onceFor));
      this.pending -= bytes;
      if (take.length === 0) continue;
      const doc = this.build(take, false);
      // a batch of reports alone that no importer recognises (nothing to detect it by) is dropped
      if (take.every((g) => g.onceFor !== undefined) && this.docImporter === undefined && 'reasons' in detect(doc)) continue;
      this.importDoc(doc);
      this.deliveredBytes += bytes;
      if (!this.estimated) this.estimate();
    }
  }

  /** Builds a document of the original shape holding these groups (and their context). */
  private build(groups: readonly Group[], skeleton: boolean): unknown {
    const out = new Map<Node, unknown>();
    let doc: unknown = undefined;
    const outputOf = (node: Node): unknown => {
      const done = out.get(node);
      if (done !== undefined) return done;
      let made: unknown;
      if (node.isArray) {
        const parent = node.parent;
        if (parent === null) {
          made = [];
          doc = made;
        } else if (parent.isArray) {
          made = [];
          (outputOf(parent) as unknown[]).push(made);
        } else {
          const p = outputOf(parent) as Record<string, unknown>;
          const key = node.key as string;
          const existing = Object.prototype.hasOwnProperty.call(p, key) ? p[key] : undefined;
          if (Array.isArray(existing) && existing.length === 0) made = existing;
          else {
            made = [];
            p[key] = made; // array keys are format names (never __proto__)
          }
        }
      } else {
        const members = node.members.filter(([k]) => !(ONCE_KEYS.has(k) && node.sent.has(k)));
        for (const [k] of members) if (ONCE_KEYS.has(k)) node.sent.add(k);
        const o = Object.fromEntries(members) as Record<string, unknown>;
        for (const key of node.arrayKeys) if (!Object.prototype.hasOwnProperty.call(o, key)) o[key] = [];
        made = o;
        if (node.parent === null) doc = made;
        else (outputOf(node.parent) as unknown[]).push(made);
      }
      out.set(node, made);
      return made;
    };
    if (skeleton && this.root !== null) outputOf(this.root);
    for (const g of groups) {
      const arr = outputOf(g.node) as unknown[];
      for (let k = 0; k < g.items.length; k++) arr.push(g.items[k]);
    }
    return doc;
  }

  private importDoc(doc: unknown): void {
    if (this.docFailed) return;
    this.docBatches++;
    if (this.jsonLines && this.docIndex > 0 && this.docImporter === undefined) {
      // a later line that is no trace record is skipped with a warning, as importText does
      const d = detect(doc);
      if ('reasons' in d) {
        this.docFailed = true;
        this.builder.warn('BAD_LINE', `line ${this.docLine}: not a trace record (${d.reasons.join('; ')}); line skipped`, `${this.fileName}:${this.docLine}`);
        return;
      }
    }
    const outcome = importParsed(this.builder, this.fileName, doc, undefined, this.docImporter);
    if (outcome.format === null) {
      this.docFailed = true;
      this.firstError ??= outcome.error;
      if (this.docIndex <= 0) this.splitter.stop(); // the file is not a trace file: stop reading
      return;
    }
    // the document's later batches go to the same importer (one of broken records alone may fit no format)
    this.docImporter ??= IMPORTERS.find((i) => i.id === outcome.format);
    if (this.format === null) this.format = this.jsonLines && outcome.format === 'otlp' ? 'otlp-jsonl' : outcome.format;
    if (this.format !== outcome.format) this.builder.setFileFormat(this.format);
  }

  /**
   * Once the first few MB (or 1 %) of a file of known size are in, tells the builder how many
   * spans the rest holds at the same density, so that its columns are sized once instead of
   * doubling about twenty times (each doubling copies every column, and finish() would copy them
   * once more to drop the spare half).
   */
  private estimate(): void {
    const done = this.deliveredBytes;
    if (this.totalBytes <= 0 || done < Math.max(ESTIMATE_AFTER_BYTES, this.totalBytes / 100)) return;
    this.estimated = true;
    const spans = this.spans;
    const rest = this.totalBytes - done;
    if (spans === 0 || rest <= 0) return;
    // (at most ESTIMATE_MAX: a file of many GB may stop at the viewer's memory budget long before)
    this.builder.reserve(Math.min(ESTIMATE_MAX, Math.ceil((spans / done) * rest * ESTIMATE_SPARE)));
  }

  private fail(message: string): void {
    this.firstError ??= message;
    if (!this.quiet) this.builder.error(this.fileName, message);
  }

  private resetDoc(): void {
    this.stack.length = 0;
    this.root = null;
    this.queue.length = 0;
    this.pending = 0;
  }
}

/** The kind of a container entered under `parent`, or -1 when it is read whole. */
function childKind(parent: Node | null, key: string | null, isArray: boolean): number {
  if (parent === null) return isArray ? K_ROOT_ARR : K_ROOT_OBJ;
  switch (parent.kind) {
    case K_ROOT_OBJ:
      if (!isArray || key === null) return -1;
      if (RS_KEYS.has(key)) return K_RS_ARR;
      if (key === 'data') return K_DATA_ARR;
      if (key === 'spans') return K_LEAF_ARR; // a single Jaeger trace
      return -1;
    case K_ROOT_ARR:
      return isArray ? K_LEAF_ARR : -1; // Zipkin: a list of traces (arrays of spans)
    case K_RS_ARR:
      return isArray ? -1 : K_RS_OBJ;
    case K_RS_OBJ:
      return isArray && key !== null && SS_KEYS.has(key) ? K_SS_ARR : -1;
    case K_SS_ARR:
      return isArray ? -1 : K_SS_OBJ;
    case K_SS_OBJ:
      return isArray && key === 'spans' ? K_LEAF_ARR : -1;
    case K_DATA_ARR:
      return isArray ? -1 : K_TRACE_OBJ;
    case K_TRACE_OBJ:
      return isArray && key === 'spans' ? K_LEAF_ARR : -1;
    default:
      return -1;
  }
}

/** Marks the objects enclosing a queued array as having records queued. */
function markQueued(node: ArrNode): void {
  for (let p: Node | null = node.parent; p !== null; p = p.parent) {
    if (p.isArray) continue;
    if (p.queued) return;
    p.queued = true;
  }
}

/** The object has ONCE_KEYS members that no batch carried yet. */
function hasUnsent(node: ObjNode): boolean {
  for (const [k] of node.members) if (ONCE_KEYS.has(k) && !node.sent.has(k)) return true;
  return false;
}

function hasAny(members: readonly [string, unknown][], keys: readonly string[]): boolean {
  for (const [k] of members) if (keys.includes(k)) return true;
  return false;
}

/** Spans of this array may leave: every enclosing object has its context (or is closed). */
function isReady(node: ArrNode): boolean {
  for (let p: Node | null = node.parent; p !== null; p = p.parent) if (!p.isArray && !p.ready) return false;
  return true;
}
