/**
 * The engine: owns each viewer's DatasetBuilder and answers the protocol's requests. It has no
 * Worker globals of its own (engine.worker.ts wires it to `self`), so tests drive it directly.
 *
 * Loads of one viewer run one after another (they share a builder); span details are answered at
 * once from the last finished Dataset, which is an immutable snapshot, even while a load runs.
 */
import { DatasetBuilder } from '../core/model/builder.ts';
import type { Dataset } from '../core/model/types.ts';
import { importText } from '../core/formats/index.ts';
import type { EngineCallKind, EngineCalls, EngineRequest, FromWorker, LoadPhase, LoadProgress, LoadResult, ToWorker } from './protocol.ts';
import { buildView } from './view-model.ts';
import { spanDetails } from './details.ts';
import { inboundLinks, resolveSpans, traceLinks } from './span-links.ts';
import { spanDiagnostics } from './span-diagnostics.ts';
import { searchSpans } from '../core/search/search.ts';
import { traceTiming } from './timing.ts';
import { topologyBuffers, topologyGraph, topologyJson, topologyLayout } from './graph.ts';
import { synthChunks } from '../core/synth/generator.ts';

/** V8 cannot hold one string much longer than 512 MB: bigger files go through the stream reader. */
export const MAX_TEXT_BYTES = 400 * 1024 * 1024;
/**
 * What one viewer's data may take in the worker's heap (estimated, see BYTES_PER_SPAN): a load that
 * would go past it stops with a message and keeps what it has, instead of the tab running out of
 * memory and losing everything. Chromium gives a worker about 4 GiB of heap.
 */
export const MEMORY_BUDGET = 3 * 1024 * 1024 * 1024;
/** Retained heap per loaded span, with attributes (measured 227-249 B by `npm run bench`), rounded up. */
export const BYTES_PER_SPAN = 320;
/** Peak heap of reading a file as one string (the string and JSON.parse's objects), per byte of file. */
const TEXT_PEAK_PER_BYTE = 6;
/** At most one progress message per this many milliseconds (plus one at each phase change). */
const PROGRESS_INTERVAL_MS = 80;
/** A long read lets messages in (a cancel) at least this often. */
const YIELD_MS = 100;

/**
 * A function to await after each chunk of a long read: a macrotask at most every YIELD_MS. A read
 * that the file stream has buffered resolves as a microtask, so without it a cancel message would
 * wait until the whole file is read.
 */
function messagesLetIn(): () => Promise<void> {
  let last = Date.now();
  return async () => {
    if (Date.now() - last < YIELD_MS) return;
    await new Promise((r) => setTimeout(r, 0));
    last = Date.now();
  };
}
/** The most spans `generate` writes. */
export const MAX_GENERATED_SPANS = 1_000_000;
/**
 * Early snapshots of a first load: the first once this many spans are in (a screenful of rows and
 * more, however the file is ordered), then at most one per EARLY_VIEW_INTERVAL_MS (or ten times
 * the last snapshot's cost, when longer), each with at least twice the spans of the last, so their
 * finish() runs cost less than the final one.
 */
export const EARLY_VIEW_SPANS = 2_000;
const EARLY_VIEW_INTERVAL_MS = 1_500;
/**
 * A first load's file read as one string shows a preview before JSON.parse of the whole text: the
 * complete records of its first PREVIEW_BYTES, read by the stream reader into a scratch builder.
 * Only for files of PREVIEW_MIN_BYTES and more (below that the whole file is quicker than the detour).
 */
export const PREVIEW_MIN_BYTES = 8 * 1024 * 1024;
const PREVIEW_BYTES = 1024 * 1024;

/** The streaming importer's surface as the engine uses it (core/stream/stream-importer.ts). */
export interface StreamSink {
  push(chunk: Uint8Array): void;
  end(): void;
}
/** `continueFile`: add to the builder's current file (a second reading of a file that did not parse whole). */
export type StreamSinkFactory = (builder: DatasetBuilder, fileName: string, totalBytes: number, continueFile?: boolean) => StreamSink;

export interface EngineHost {
  post(message: FromWorker, transfer?: Transferable[]): void;
  /** Spans before a first load's first early snapshot (default EARLY_VIEW_SPANS; Infinity: none). */
  earlyViewSpans?: number;
  /** Heap bytes a viewer's data may take (default MEMORY_BUDGET; tests lower it). */
  memoryBudget?: number;
  /** Preview sizes (default PREVIEW_MIN_BYTES and PREVIEW_BYTES; tests lower them). */
  preview?: { minBytes: number; bytes: number };
  /** Size above which a file is streamed instead of read as one string (tests lower it). */
  maxTextBytes?: number;
  /** Creates the stream reader for a large file; by default loads core/stream on first use. */
  streamImporter?: () => Promise<StreamSinkFactory>;
  now?: () => number;
}

interface Viewer {
  builder: DatasetBuilder;
  dataset: Dataset | null;
  version: number;
  /** Bumped whenever `builder` is replaced (see DatasetView.lineage). */
  lineage: number;
  /** The tail of this viewer's queue of loads/resets. */
  queue: Promise<void>;
  /** Ids of requests queued or running for this viewer. */
  pending: Set<number>;
  /** The inputs behind `builder`'s files, in order (kept so `remove` can rebuild without one). */
  sources: File[];
}

async function defaultStreamImporter(): Promise<StreamSinkFactory> {
  const { StreamImporter } = await import('../core/stream/stream-importer.ts');
  return (builder, fileName, totalBytes, continueFile) => new StreamImporter(builder, fileName, { totalBytes, continueFile });
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

/**
 * Reads a file into one string, reporting bytes read after each chunk (with the bytes so far, valid
 * during the call) and stopping early (null) when `stop()` turns true. The bytes are decoded once
 * at the end (one copy, not two).
 */
export async function readText(file: Blob, onRead: (bytesRead: number, bytes: Uint8Array) => void, stop: () => boolean): Promise<string | null> {
  let buf = new Uint8Array(file.size);
  let read = 0;
  const reader = file.stream().getReader();
  const letIn = messagesLetIn();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    await letIn();
    if (read + value.byteLength > buf.length) {
      const bigger = new Uint8Array(Math.max(buf.length * 2, read + value.byteLength));
      bigger.set(buf.subarray(0, read));
      buf = bigger;
    }
    buf.set(value, read);
    read += value.byteLength;
    onRead(read, buf.subarray(0, read));
    if (stop()) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
  }
  return new TextDecoder().decode(buf.subarray(0, read));
}

/** The early snapshots of one load (see earlyViews). */
interface EarlyViews {
  /** Whether this load shows early snapshots at all (a first load). */
  readonly active: boolean;
  stop(): void;
  /** Something was just shown (a preview): wait a full interval before the next snapshot. */
  shown(): void;
}

export interface Engine {
  handle(message: ToWorker): void;
  /** Resolves when every queued request has been answered (for tests). */
  idle(): Promise<void>;
}

export function createEngine(host: EngineHost): Engine {
  const viewers = new Map<string, Viewer>();
  const cancelled = new Set<number>();
  const now = host.now ?? (() => Date.now());
  const maxTextBytes = host.maxTextBytes ?? MAX_TEXT_BYTES;
  const budget = host.memoryBudget ?? MEMORY_BUDGET;
  const previewMin = host.preview?.minBytes ?? PREVIEW_MIN_BYTES;
  const previewBytes = host.preview?.bytes ?? PREVIEW_BYTES;
  const formatHeap = (n: number) => formatBytes(Math.round(n));
  const loadStream = host.streamImporter ?? defaultStreamImporter;

  function viewer(id: string): Viewer {
    let v = viewers.get(id);
    if (!v) {
      v = { builder: new DatasetBuilder(), dataset: null, version: 0, lineage: 0, queue: Promise.resolve(), pending: new Set(), sources: [] };
      viewers.set(id, v);
    }
    return v;
  }

  function reply<K extends EngineCallKind>(id: number, value: EngineCalls[K]['result'], transfer?: Transferable[]): void {
    host.post({ kind: 'result', id, value }, transfer);
  }
  function fail(id: number, e: unknown): void {
    host.post({ kind: 'error', id, message: message(e), cancelled: cancelled.has(id) || undefined });
  }

  /** Runs `job` after everything queued before it for the viewer. */
  function enqueue(v: Viewer, id: number, job: () => Promise<void>): void {
    v.pending.add(id);
    v.queue = v.queue
      // A macrotask first: a `cancel` message that arrived while the previous job ran is handled
      // before this job starts (promise continuations alone would run ahead of it).
      .then(() => new Promise<void>((resolve) => setTimeout(resolve, 0)))
      .then(job)
      .catch((e: unknown) => fail(id, e))
      .finally(() => {
        v.pending.delete(id);
        cancelled.delete(id);
      });
  }

  function finishView(viewerId: string, v: Viewer, partial = false) {
    const ds = v.builder.finish();
    v.dataset = ds;
    v.version++;
    return buildView(viewerId, v.version, ds, v.lineage, partial);
  }

  /** Replaces the viewer's builder (its span and trace indices start again). */
  function freshBuilder(v: Viewer): void {
    v.builder = new DatasetBuilder();
    v.sources = [];
    v.lineage++;
  }

  /**
   * Posts early snapshots (DatasetView.partial) while request `id` fills an empty builder: the
   * callbacks run between two records of the import, which goes on after each post. Returns a
   * function that stops them.
   */
  function earlyViews(id: number, viewerId: string, v: Viewer): EarlyViews {
    const first = host.earlyViewSpans ?? EARLY_VIEW_SPANS;
    const { builder } = v;
    if (builder.spanCount > 0 || !(first < Infinity)) return { active: false, stop: () => undefined, shown: () => undefined };
    let last = -Infinity;
    let wait = 0;
    const check = () => {
      const n = builder.spanCount;
      if (cancelled.has(id)) return;
      const t = now();
      if (t - last < wait) {
        builder.onSpanCount(n + Math.max(1000, n >> 3), check);
        return;
      }
      try {
        const { view, transfer } = finishView(viewerId, v, true);
        host.post({ kind: 'view', id, view }, transfer);
      } catch {
        // a snapshot is a courtesy: the load's own finish() reports whatever went wrong
        return;
      }
      // snapshots take at most a tenth of the load's time
      last = now();
      wait = Math.max(EARLY_VIEW_INTERVAL_MS, 10 * (last - t));
      builder.onSpanCount(n * 2, check);
    };
    builder.onSpanCount(first, check);
    return {
      active: true,
      stop: () => builder.onSpanCount(0, null),
      shown: () => {
        last = now();
        wait = EARLY_VIEW_INTERVAL_MS;
      },
    };
  }

  /**
   * Posts a preview of a file's first bytes (see PREVIEW_BYTES) as a partial view of its own
   * lineage, read into a scratch builder, and makes the viewer's real import a new lineage (its
   * span indices differ from the preview's). Returns whether it posted one.
   */
  async function preview(id: number, viewerId: string, v: Viewer, file: File, prefix: Uint8Array): Promise<boolean> {
    const make = await loadStream();
    const scratch = new DatasetBuilder();
    const sink = make(scratch, file.name, file.size);
    sink.push(prefix);
    sink.end(); // imports the complete records; the cut one at the end is reported, and dropped here
    if (scratch.spanCount === 0 || cancelled.has(id)) return false;
    const ds = { ...scratch.finish(), errors: [] };
    v.lineage++;
    v.version++;
    v.dataset = ds;
    const { view, transfer } = buildView(viewerId, v.version, ds, v.lineage, true);
    host.post({ kind: 'view', id, view }, transfer);
    v.lineage++;
    return true;
  }

  async function load(req: Extract<EngineRequest, { kind: 'load' }>, v: Viewer): Promise<void> {
    const early = earlyViews(req.id, req.viewer, v);
    try {
      await importFiles(req.id, req.viewer, req.files, v, () => cancelled.has(req.id), early);
    } finally {
      early.stop();
    }
  }

  /** Rebuilds the viewer's dataset without file `index`, from the kept inputs, in a fresh builder. */
  async function remove(req: Extract<EngineRequest, { kind: 'remove' }>, v: Viewer): Promise<void> {
    const files = v.dataset?.files ?? [];
    if (!Number.isInteger(req.file) || req.file < 0 || req.file >= files.length) throw new RangeError(`no file ${req.file}`);
    // Normally one input per file; if they disagree, drop the inputs of that name instead.
    const keep = v.sources.length === files.length ? v.sources.filter((_, k) => k !== req.file) : v.sources.filter((f) => f.name !== files[req.file].name);
    freshBuilder(v);
    // Not cancellable: a half-rebuilt dataset would lose files the user did not remove.
    await importFiles(req.id, req.viewer, keep, v, () => false);
  }

  /** Writes a synthetic OTLP trace into a Blob in chunks (nothing big is shipped), then imports it. */
  async function generate(req: Extract<EngineRequest, { kind: 'generate' }>, v: Viewer): Promise<void> {
    const { id } = req;
    const spans = Math.floor(req.spans);
    if (!(spans >= 1 && spans <= MAX_GENERATED_SPANS)) throw new RangeError(`can generate 1 to ${MAX_GENERATED_SPANS} spans, not ${req.spans}`);
    const name = req.name || `generated-${spans}-spans.otlp.json`;
    const parts: Blob[] = [];
    let bytes = 0;
    let lastPost = -Infinity;
    const encoder = new TextEncoder();
    for (const chunk of synthChunks('otlp', { spans, seed: req.seed >>> 0 || 1 })) {
      const data = encoder.encode(chunk);
      parts.push(new Blob([data]));
      bytes += data.byteLength;
      const t = now();
      if (t - lastPost >= PROGRESS_INTERVAL_MS) {
        lastPost = t;
        host.post({ kind: 'progress', id, progress: { phase: 'generating', fileIndex: 0, fileCount: 1, fileName: name, fileBytesRead: bytes, fileBytes: 0, bytesRead: bytes, bytesTotal: 0 } });
      }
      // let a cancel message in between chunks
      await new Promise((r) => setTimeout(r, 0));
      if (cancelled.has(id)) break;
    }
    const files = cancelled.has(id) ? [] : [new File(parts, name, { type: 'application/json' })];
    const early = earlyViews(id, req.viewer, v);
    try {
      await importFiles(id, req.viewer, files, v, () => cancelled.has(id), early);
    } finally {
      early.stop();
    }
  }

  /** The stream reader over a file's text, into the file's entry in the builder; says what it kept. */
  async function rescue(builder: DatasetBuilder, file: File, text: string): Promise<void> {
    const make = await loadStream();
    const bytes = new TextEncoder().encode(text);
    const CHUNK = 1 << 20;
    const read = (b: DatasetBuilder, continueFile: boolean) => {
      const sink = make(b, file.name, file.size, continueFile);
      for (let at = 0; at < bytes.length; at += CHUNK) sink.push(bytes.subarray(at, at + CHUNK));
      sink.end();
    };
    // a trial run first, so that a file with nothing to keep gets no second report of its damage
    const trial = new DatasetBuilder();
    read(trial, false);
    if (trial.spanCount === 0) return;
    const before = builder.spanCount;
    read(builder, true);
    const kept = builder.spanCount - before;
    builder.error(file.name, `the file is damaged; the ${kept} span${kept === 1 ? '' : 's'} in its complete records before the damage are loaded`);
  }

  async function importFiles(id: number, viewerId: string, files: readonly File[], v: Viewer, isCancelled: () => boolean, early?: EarlyViews): Promise<void> {
    const bytesTotal = files.reduce((s, f) => s + f.size, 0);
    let bytesBefore = 0;
    let lastPost = -Infinity;
    let lastPhase: LoadPhase | null = null;
    let lastFile = -1;
    const progress = (phase: LoadPhase, fileIndex: number, fileBytesRead: number) => {
      const t = now();
      if (phase === lastPhase && fileIndex === lastFile && t - lastPost < PROGRESS_INTERVAL_MS) return;
      lastPost = t;
      lastPhase = phase;
      lastFile = fileIndex;
      const f = files[fileIndex];
      const p: LoadProgress = {
        phase,
        fileIndex,
        fileCount: files.length,
        fileName: f?.name ?? '',
        fileBytesRead,
        fileBytes: f?.size ?? 0,
        bytesRead: phase === 'linking' ? bytesTotal : bytesBefore + fileBytesRead,
        bytesTotal,
      };
      host.post({ kind: 'progress', id, progress: p });
    };

    const imported: string[] = [];
    const { builder } = v;
    for (let k = 0; k < files.length && !isCancelled(); k++) {
      const file = files[k];
      progress('reading', k, 0);
      /** Whether the file got an entry in the builder (not when cancelled before it was read). */
      let entered = false;
      const held = builder.spanCount * BYTES_PER_SPAN;
      if (held >= budget) {
        // Full: say so for this file and every later one; what is loaded stays usable.
        const rest = files.slice(k).map((f) => f.name);
        for (const name of rest)
          builder.error(name, `not loaded: the ${builder.spanCount} spans already loaded take about ${formatHeap(held)}, the most this viewer holds (${formatHeap(budget)}); remove files or load fewer at once`);
        break;
      }
      // Streamed when it is too big for one string, or when reading it whole would not fit.
      if (file.size > maxTextBytes || held + file.size * TEXT_PEAK_PER_BYTE > budget) {
        // Streamed: spans arrive while reading; a cancel keeps what was read so far.
        let read = 0;
        let full = false;
        let sink: StreamSink | null = null;
        try {
          const make = await loadStream();
          sink = make(builder, file.name, file.size);
          entered = true;
          imported.push(file.name);
          const reader = file.stream().getReader();
          const letIn = messagesLetIn();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            sink.push(value);
            read += value.byteLength;
            progress('reading', k, read);
            await letIn();
            if (isCancelled()) {
              await reader.cancel().catch(() => undefined);
              break;
            }
            if (builder.spanCount * BYTES_PER_SPAN >= budget) {
              await reader.cancel().catch(() => undefined);
              full = true;
              break;
            }
          }
          if (full) {
            builder.error(
              file.name,
              `stopped after ${formatBytes(read)} of ${formatBytes(file.size)}: the ${builder.spanCount} spans loaded take about ${formatHeap(builder.spanCount * BYTES_PER_SPAN)}, the most this viewer holds (${formatHeap(budget)}); the spans read until then are shown`,
            );
            for (const f of files.slice(k + 1)) builder.error(f.name, 'not loaded: no room left after the file before it');
            if (entered) v.sources.push(file);
            break;
          } else if (isCancelled()) builder.error(file.name, `loading was cancelled after ${formatBytes(read)} of ${formatBytes(file.size)}; only the spans read until then are shown`);
          else {
            progress('parsing', k, read);
            sink.end();
          }
        } catch (e) {
          if (sink) builder.error(file.name, `loading stopped after ${formatBytes(read)}: ${message(e)}; the spans read until then are kept`);
          else {
            entered = true;
            builder.beginFile(file.name, 'otlp', file.size);
            builder.error(file.name, `cannot read: ${message(e)}`);
          }
        }
      } else {
        // One string: read with progress (and cancel) between chunks, then import in one go.
        let text: string | null = null;
        try {
          // a first load's big file: a preview of its first records while the rest is read
          let wantPreview = early?.active === true && k === 0 && file.size >= previewMin;
          let previewing: Promise<void> | null = null;
          text = await readText(
            file,
            (read, bytes) => {
              progress('reading', k, read);
              if (wantPreview && read >= previewBytes) {
                wantPreview = false;
                const prefix = bytes.slice();
                previewing = preview(id, viewerId, v, file, prefix).then(
                  (shown) => void (shown && early?.shown()),
                  () => undefined, // a preview is a courtesy; the import reports any real problem
                );
              }
            },
            isCancelled,
          );
          await previewing;
        } catch (e) {
          entered = true;
          builder.beginFile(file.name, 'otlp', file.size);
          builder.error(file.name, `cannot read: ${message(e)}`);
        }
        if (text !== null) {
          entered = true;
          progress('parsing', k, file.size);
          try {
            const outcome = importText(builder, file.name, text);
            // A damaged document (typically cut short) loads nothing as a whole: read it again
            // record by record, keeping every complete one before the damage.
            if (outcome.spans === 0 && outcome.error?.startsWith('invalid JSON')) await rescue(builder, file, text);
          } catch (e) {
            // Importers must not throw; if one does, the file is reported and earlier files stay.
            builder.error(file.name, `import failed: ${message(e)}`);
          }
          imported.push(file.name);
        }
      }
      if (entered) v.sources.push(file);
      bytesBefore += file.size;
    }
    early?.stop();
    progress('linking', Math.max(0, files.length - 1), files.length > 0 ? files[files.length - 1].size : 0);
    const { view, transfer } = finishView(viewerId, v);
    const result: LoadResult = { view, cancelled: isCancelled(), imported };
    reply<'load'>(id, result, transfer);
  }

  const pendingAll = () => Promise.all([...viewers.values()].map((v) => v.queue)).then(() => undefined);

  return {
    handle(msg) {
      switch (msg.kind) {
        case 'cancel':
          for (const v of viewers.values()) if (v.pending.has(msg.target)) cancelled.add(msg.target);
          return;
        case 'load': {
          const v = viewer(msg.viewer);
          enqueue(v, msg.id, () => load(msg, v));
          return;
        }
        case 'remove': {
          const v = viewer(msg.viewer);
          enqueue(v, msg.id, () => remove(msg, v));
          return;
        }
        case 'generate': {
          const v = viewer(msg.viewer);
          enqueue(v, msg.id, () => generate(msg, v));
          return;
        }
        case 'reset': {
          const v = viewer(msg.viewer);
          enqueue(v, msg.id, async () => {
            freshBuilder(v);
            v.dataset = null;
            v.version++;
            reply<'reset'>(msg.id, null);
          });
          return;
        }
        case 'dispose': {
          const v = viewers.get(msg.viewer);
          if (!v) {
            reply<'dispose'>(msg.id, null);
            return;
          }
          for (const p of v.pending) cancelled.add(p);
          enqueue(v, msg.id, async () => {
            viewers.delete(msg.viewer);
            reply<'dispose'>(msg.id, null);
          });
          return;
        }
        case 'spanDetails': {
          const ds = viewers.get(msg.viewer)?.dataset;
          try {
            if (!ds) throw new Error('nothing is loaded');
            reply<'spanDetails'>(msg.id, spanDetails(ds, msg.span));
          } catch (e) {
            fail(msg.id, e);
          }
          return;
        }
        case 'resolveSpans':
        case 'inboundLinks':
        case 'spanDiagnostics': {
          // Details-panel lookups: answered at once from the last finished dataset, like spanDetails.
          const ds = viewers.get(msg.viewer)?.dataset;
          try {
            if (!ds) throw new Error('nothing is loaded');
            if (msg.kind === 'resolveSpans') reply<'resolveSpans'>(msg.id, resolveSpans(ds, msg.refs));
            else if (msg.kind === 'inboundLinks') reply<'inboundLinks'>(msg.id, inboundLinks(ds, msg.span));
            else reply<'spanDiagnostics'>(msg.id, spanDiagnostics(ds, msg.span));
          } catch (e) {
            fail(msg.id, e);
          }
          return;
        }
        case 'search':
        case 'traceLinks':
        case 'traceTiming': {
          // Waterfall lookups, answered at once from the last finished dataset.
          const ds = viewers.get(msg.viewer)?.dataset;
          try {
            if (!ds) throw new Error('nothing is loaded');
            if (msg.kind === 'search') {
              if (msg.trace !== null && (!Number.isInteger(msg.trace) || msg.trace < 0 || msg.trace >= ds.traces.length)) throw new RangeError(`no trace ${msg.trace}`);
              const hits = searchSpans(ds, msg.query, msg.trace);
              reply<'search'>(msg.id, hits, [hits.buffer as ArrayBuffer]);
            } else if (msg.kind === 'traceLinks') {
              const pairs = traceLinks(ds, msg.trace);
              reply<'traceLinks'>(msg.id, pairs, [pairs.from.buffer as ArrayBuffer, pairs.to.buffer as ArrayBuffer]);
            } else {
              const tt = traceTiming(ds, msg.trace, msg.skew);
              reply<'traceTiming'>(msg.id, tt, [tt.moved, tt.delta, tt.critSpan, tt.critOffset, tt.critStart, tt.critEnd].map((a) => a.buffer as ArrayBuffer));
            }
          } catch (e) {
            fail(msg.id, e);
          }
          return;
        }
        case 'graph':
        case 'graphJson':
        case 'layout': {
          // Topology view: the service graph (answered at once from the last finished dataset) and
          // its layout (no data needed; runs here so the page's main thread stays free).
          try {
            if (msg.kind === 'layout') {
              const { layout, transfer } = topologyLayout(msg.input, msg.options);
              reply<'layout'>(msg.id, layout, transfer);
              return;
            }
            const ds = viewers.get(msg.viewer)?.dataset;
            if (!ds) throw new Error('nothing is loaded');
            if (msg.kind === 'graph') {
              const t = topologyGraph(ds, msg.trace, msg.brokerNodes);
              reply<'graph'>(msg.id, t, topologyBuffers(t));
            } else reply<'graphJson'>(msg.id, topologyJson(ds, msg.trace, msg.brokerNodes));
          } catch (e) {
            fail(msg.id, e);
          }
          return;
        }
      }
    },
    idle: pendingAll,
  };
}
