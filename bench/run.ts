/**
 * `npm run bench`: import speed and memory of the three formats on synthetic traces.
 *
 *   npm run bench -- [--sizes 10000,100000,1000000] [--formats otlp,jaeger,zipkin]
 *                    [--mode auto|text|stream|both] [--reps N] [--no-graph] [--heap-mb 12288]
 *
 * For each format and size it reports: file bytes; bare JSON.parse of the same content in the same
 * run (time, MB/s; in text mode timed right before each import, each after a gc; the best of 30
 * runs at 10k spans, 5 at 100k, 3 at 1M); import time (importText + builder.finish(), or StreamImporter + finish) and
 * throughput (MB/s, spans/s); import / JSON.parse throughput (target >= 0.6); retained heap per span
 * holding only the Dataset (heapUsed + arrayBuffers after global.gc(), target <= 300 B at 1M); graph
 * derivation time as a share of import time (target <= 30%).
 *
 * Mode `auto` imports like the CLI does (web/cli/load.ts): files above MAX_STRING_BYTES go through
 * the StreamImporter in 4 MiB chunks (`text` / `stream` force one way where possible, `both` measures
 * both). Their baseline is a bare JSON.parse of the whole text where it fits in one string (as in
 * text mode); beyond V8's string limit, where no bare JSON.parse exists, JSON.parse of the same bytes
 * in pieces (each element group of the file, see bench/synth-cache.ts). The pieces figure, their
 * UTF-8 decoding and the share of bytes the stream reader's lookahead read are printed as notes.
 * Generated files are cached in os.tmpdir()/spanmap-bench. MB = 10^6 bytes. Disk reads are not timed.
 *
 * Needs `node --expose-gc` and a large heap; when started without them it re-runs itself with
 * `--expose-gc --max-old-space-size=<heap-mb>`.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, readSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatasetBuilder } from '../web/core/model/builder.ts';
import type { Dataset } from '../web/core/model/types.ts';
import { importText } from '../web/core/formats/index.ts';
import { StreamImporter } from '../web/core/stream/stream-importer.ts';
import { MAX_STRING_BYTES } from '../web/cli/load.ts';
import { synthText } from '../web/test/generator.ts';
import type { SynthFormat } from '../web/test/generator.ts';
import { cacheDir, synthFile } from './synth-cache.ts';
import type { SynthFile } from './synth-cache.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const V8_MAX_STRING = 536_870_888; // (1 << 29) - 24 characters on 64-bit V8
const CHUNK = 4 * 1024 * 1024;
/** JSON.parse baseline piece size for files beyond the string limit (the StreamImporter's run size). */
const PIECE = 96 * 1024;
const TARGET_RATIO = 0.6;
const TARGET_HEAP = 300;
const TARGET_GRAPH = 0.3;

interface Options {
  sizes: number[];
  formats: SynthFormat[];
  mode: 'auto' | 'text' | 'stream' | 'both';
  reps: number | null;
  graph: boolean;
  heapMb: number;
}

function parseOptions(argv: readonly string[]): Options {
  const o: Options = { sizes: [10_000, 100_000, 1_000_000], formats: ['otlp', 'jaeger', 'zipkin'], mode: 'auto', reps: null, graph: true, heapMb: 12288 };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    const v = () => {
      const x = argv[++k];
      if (x === undefined) throw new Error(`${a} needs a value`);
      return x;
    };
    if (a === '--sizes') o.sizes = v().split(',').map((s) => Number(s.replace(/_/g, '').replace(/k$/i, '000').replace(/m$/i, '000000')));
    else if (a === '--formats') o.formats = v().split(',') as SynthFormat[];
    else if (a === '--mode') o.mode = v() as Options['mode'];
    else if (a === '--reps') o.reps = Number(v());
    else if (a === '--no-graph') o.graph = false;
    else if (a === '--heap-mb') o.heapMb = Number(v());
    else throw new Error(`unknown option ${a}`);
  }
  for (const s of o.sizes) if (!Number.isInteger(s) || s <= 0) throw new Error(`bad size ${s}`);
  for (const f of o.formats) if (!['otlp', 'otlp-jsonl', 'jaeger', 'zipkin'].includes(f)) throw new Error(`unknown format ${f}`);
  if (!['auto', 'text', 'stream', 'both'].includes(o.mode)) throw new Error(`unknown mode ${o.mode}`);
  return o;
}

const gcFn = (globalThis as { gc?: () => void }).gc;

function gc(): void {
  (gcFn as () => void)();
  (gcFn as () => void)();
}

/** gc() until heap and array-buffer figures are stable: freed ArrayBuffer backing stores are released asynchronously. */
async function settledMemory(): Promise<number> {
  let last = Number.NaN;
  for (let k = 0; k < 6; k++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const m = memNow();
    if (Math.abs(m - last) < 64 * 1024) return m;
    last = m;
  }
  return last;
}

function memNow(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

interface Row {
  format: SynthFormat;
  spans: number;
  mode: 'text' | 'stream';
  bytes: number;
  parseMs: number;
  parseMBs: number;
  parseNote: string;
  importMs: number;
  /** importText / push+end part of importMs. */
  readMs: number;
  finishMs: number;
  importMBs: number;
  spansPerSec: number;
  ratio: number;
  /** The same three figures in process CPU time (user + system, all threads): steadier on a busy machine. */
  parseCpuMs: number;
  importCpuMs: number;
  ratioCpu: number;
  heapBytesPerSpan: number;
  graphMs: number | null;
  graphPct: number | null;
  loadedSpans: number;
  traces: number;
  warnings: number;
  errors: number;
  at: string;
  /**
   * Stream mode: JSON.parse of the file's pieces dropping each result and their UTF-8 decoding (ms),
   * the ratio to the pieces without and with decoding; JSON.parse of the pieces keeping every result
   * (ms) and the ratio to it; the lookahead's share of bytes.
   */
  decodeMs?: number;
  piecesMs?: number;
  ratioPieces?: number;
  ratioPiecesWithDecode?: number;
  keptPiecesMs?: number;
  ratioKeptPieces?: number;
  lookaheadShare?: number;
}

type DeriveGraph = (ds: Dataset) => unknown;

async function loadDeriveGraph(): Promise<{ fn: DeriveGraph | null; note: string }> {
  const spec = '../web/core/graph/index.ts';
  if (!existsSync(join(ROOT, 'web/core/graph/index.ts'))) return { fn: null, note: 'web/core/graph/index.ts missing: graph derivation not timed' };
  try {
    const mod = (await import(spec)) as { deriveGraph?: unknown };
    if (typeof mod.deriveGraph === 'function') return { fn: mod.deriveGraph as DeriveGraph, note: '' };
    return { fn: null, note: 'web/core/graph/index.ts has no deriveGraph: graph derivation not timed' };
  } catch (e) {
    return { fn: null, note: `web/core/graph/index.ts failed to load (${(e as Error).message}): graph derivation not timed` };
  }
}

function time(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Wall and CPU milliseconds of f. */
function timeBoth(f: () => void): { wall: number; cpu: number } {
  const c0 = cpuMs();
  const t0 = performance.now();
  f();
  const wall = performance.now() - t0;
  return { wall, cpu: cpuMs() - c0 };
}

function readChunks(path: string, bytes: number): Buffer[] {
  const fd = openSync(path, 'r');
  const out: Buffer[] = [];
  try {
    for (let pos = 0; pos < bytes; pos += CHUNK) {
      const b = Buffer.allocUnsafeSlow(Math.min(CHUNK, bytes - pos));
      readSync(fd, b, 0, b.length, pos);
      out.push(b);
    }
  } finally {
    closeSync(fd);
  }
  return out;
}

/**
 * JSON.parse of the file's element groups, one at a time (reading is not timed; decoding the
 * bytes to text is timed apart, as `decodeMs`). With `retain`, every piece's result is kept until
 * the end, as one JSON.parse of the whole text keeps its whole result.
 */
function parseInPieces(file: SynthFile, retain: boolean): { wall: number; cpu: number; decodeMs: number } {
  const fd = openSync(file.path, 'r');
  const decoder = new TextDecoder();
  const kept: unknown[] = [];
  let ms = 0;
  let cpu = 0;
  let decodeMs = 0;
  try {
    // join small groups (Zipkin and Jaeger traces) into pieces of up to PIECE bytes, the size of the stream reader's runs
    let k = 0;
    while (k < file.groups.length) {
      const start = file.groups[k][0];
      let end = file.groups[k][1];
      k++;
      while (k < file.groups.length && file.groups[k][1] - start <= PIECE) end = file.groups[k++][1];
      const b = Buffer.allocUnsafeSlow(end - start);
      readSync(fd, b, 0, b.length, start);
      const t0 = performance.now();
      const text = '[' + decoder.decode(b) + ']';
      decodeMs += performance.now() - t0;
      const t = timeBoth(() => {
        const v: unknown = JSON.parse(text);
        if (retain) kept.push(v);
      });
      ms += t.wall;
      cpu += t.cpu;
    }
  } finally {
    closeSync(fd);
  }
  return { wall: ms, cpu, decodeMs };
}

interface Imported {
  ds: Dataset;
  parseMs: number;
  parseCpuMs: number;
  parseNote: string;
  importMs: number;
  importCpuMs: number;
  readMs: number;
  finishMs: number;
  /**
   * Stream mode: UTF-8 decoding of the file's pieces, JSON.parse of them (ms) dropping each result
   * and keeping all results, and the share of bytes the lookahead read.
   */
  decodeMs?: number;
  piecesMs?: number;
  keptPiecesMs?: number;
  lookaheadShare?: number;
}

function runText(file: SynthFile, reps: number): Imported {
  const t = readFileSync(file.path, 'utf8');
  let parseMs = Infinity;
  let parseCpuMs = Infinity;
  // The baseline is timed just before each import (not all baselines first), so that a change in
  // the machine's load during the case weighs on both alike.
  const baseline = (): void => {
    const x = timeBoth(() => void JSON.parse(t));
    parseMs = Math.min(parseMs, x.wall);
    parseCpuMs = Math.min(parseCpuMs, x.cpu);
  };
  const result = bestOf(reps, baseline, () => {
    const builder = new DatasetBuilder();
    const t0 = performance.now();
    importText(builder, file.path, t);
    const t1 = performance.now();
    const ds = builder.finish();
    return { ds, readMs: t1 - t0, finishMs: performance.now() - t1 };
  });
  return { ...result, parseMs, parseCpuMs, parseNote: '' };
}

function runStream(file: SynthFile, reps: number): Imported {
  const c = readChunks(file.path, file.bytes);
  // The baseline: a bare JSON.parse of the whole text where it fits in one string (as in text
  // mode), else JSON.parse of the file's pieces keeping every result, as a whole-text JSON.parse
  // keeps its one result. It is an estimate, not always the stricter one: on files that fit it is
  // faster than the whole-text JSON.parse for some formats and sizes and slower for others (the
  // notes show both, `--mode stream` at smaller sizes to compare). Pieces are also parsed dropping
  // each result (a note: the cheapest JSON.parse of these bytes there is). Timed right before each
  // import, as in text mode.
  const whole = file.bytes < V8_MAX_STRING ? readFileSync(file.path, 'utf8') : null;
  let parseMs = Infinity;
  let parseCpuMs = Infinity;
  let piecesMs = Infinity;
  let keptPiecesMs = Infinity;
  let decodeMs = Infinity;
  const baseline = (): void => {
    gc();
    const p = parseInPieces(file, false);
    piecesMs = Math.min(piecesMs, p.wall);
    decodeMs = Math.min(decodeMs, p.decodeMs);
    gc();
    const kept = parseInPieces(file, true);
    keptPiecesMs = Math.min(keptPiecesMs, kept.wall);
    let x: { wall: number; cpu: number } = kept;
    if (whole !== null) {
      gc();
      x = timeBoth(() => void JSON.parse(whole));
    }
    parseMs = Math.min(parseMs, x.wall);
    parseCpuMs = Math.min(parseCpuMs, x.cpu);
  };
  let lookaheadShare = 0;
  const result = bestOf(reps, baseline, () => {
    const builder = new DatasetBuilder();
    const t0 = performance.now();
    const s = new StreamImporter(builder, file.path, { totalBytes: file.bytes });
    for (const chunk of c) s.push(chunk);
    s.end();
    const t1 = performance.now();
    const ds = builder.finish();
    lookaheadShare = s.lookahead.bytes / file.bytes;
    return { ds, readMs: t1 - t0, finishMs: performance.now() - t1 };
  });
  return { ...result, parseMs, parseCpuMs, parseNote: whole !== null ? '' : 'JSON.parse in pieces', decodeMs, piecesMs, keptPiecesMs, lookaheadShare };
}

/**
 * Runs an import `reps` times (after a gc each, and after `before`, the baseline, when given); the
 * fastest times, the last Dataset (earlier ones are let go).
 */
function bestOf(reps: number, before: (() => void) | null, run: () => { ds: Dataset; readMs: number; finishMs: number }): { ds: Dataset; importMs: number; importCpuMs: number; readMs: number; finishMs: number } {
  const last: { ds: Dataset | null } = { ds: null };
  let importMs = Infinity;
  let importCpuMs = Infinity;
  let readMs = Infinity;
  let finishMs = Infinity;
  for (let r = 0; r < reps; r++) {
    last.ds = null;
    if (before !== null) {
      gc();
      before();
    }
    gc();
    const c0 = cpuMs();
    const x = run();
    importCpuMs = Math.min(importCpuMs, cpuMs() - c0);
    last.ds = x.ds;
    if (x.readMs + x.finishMs < importMs) {
      importMs = x.readMs + x.finishMs;
      readMs = x.readMs;
      finishMs = x.finishMs;
    }
  }
  return { ds: last.ds as Dataset, importMs, importCpuMs, readMs, finishMs };
}

function warmUp(formats: readonly SynthFormat[], deriveGraph: DeriveGraph | null): void {
  const enc = new TextEncoder();
  for (let r = 0; r < 3; r++) {
    for (const f of formats) {
      const text = synthText(f, { spans: 4000, seed: 99 });
      JSON.parse(text);
      const b = new DatasetBuilder();
      importText(b, 'warm-up', text);
      const ds = b.finish();
      deriveGraph?.(ds);
      const b2 = new DatasetBuilder();
      const s = new StreamImporter(b2, 'warm-up');
      const bytes = enc.encode(text);
      for (let k = 0; k < bytes.length; k += 65536) s.push(bytes.subarray(k, k + 65536));
      s.end();
      b2.finish();
    }
  }
}

/**
 * One format and size: imports, times, and measures the heap retained by the Dataset alone. A
 * function of its own, so that nothing of the previous case is still reachable from this frame.
 */
async function measureCase(file: SynthFile, mode: Row['mode'], reps: number, derive: DeriveGraph | null): Promise<{ row: Row; errors: string[]; graphError: string | null }> {
  const m0 = await settledMemory();
  const { ds, parseMs, parseCpuMs, parseNote, importMs, importCpuMs, readMs, finishMs, decodeMs, piecesMs, keptPiecesMs, lookaheadShare } = mode === 'text' ? runText(file, reps) : runStream(file, reps);
  let graphMs: number | null = null;
  let graphError: string | null = null;
  if (derive !== null) {
    try {
      graphMs = Infinity;
      for (let r = 0; r < reps; r++) {
        gc();
        graphMs = Math.min(graphMs, time(() => void derive(ds)));
      }
    } catch (e) {
      graphMs = null;
      graphError = (e as Error).message;
    }
  }
  const retained = (await settledMemory()) - m0;
  const row: Row = {
    format: file.format,
    spans: file.spans,
    mode,
    bytes: file.bytes,
    parseMs,
    parseMBs: file.bytes / 1e6 / (parseMs / 1000),
    parseNote,
    importMs,
    readMs,
    finishMs,
    importMBs: file.bytes / 1e6 / (importMs / 1000),
    spansPerSec: ds.spanCount / (importMs / 1000),
    ratio: parseMs / importMs,
    parseCpuMs,
    importCpuMs,
    ratioCpu: parseCpuMs / importCpuMs,
    heapBytesPerSpan: retained / ds.spanCount,
    graphMs,
    graphPct: graphMs === null ? null : graphMs / importMs,
    loadedSpans: ds.spanCount,
    traces: ds.traces.length,
    warnings: ds.warnings.length,
    errors: ds.errors.length,
    at: new Date().toISOString(),
    ...(decodeMs !== undefined && piecesMs !== undefined && keptPiecesMs !== undefined
      ? { decodeMs, piecesMs, ratioPieces: piecesMs / importMs, ratioPiecesWithDecode: (piecesMs + decodeMs) / importMs, keptPiecesMs, ratioKeptPieces: keptPiecesMs / importMs, lookaheadShare }
      : {}),
  };
  return { row, errors: ds.errors.map((e) => e.message), graphError };
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const graph = opts.graph ? await loadDeriveGraph() : { fn: null, note: 'graph derivation not timed (--no-graph)' };
  const notes: string[] = [];
  if (graph.note) notes.push(graph.note);
  console.log(`spanmap bench: node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log(`files cached in ${cacheDir()}`);

  // generate (or find) every file first, so that generation garbage is gone before measuring
  const files = new Map<string, SynthFile>();
  for (const spans of opts.sizes) {
    for (const format of opts.formats) {
      const f = await synthFile(format, spans);
      if (f.generated) console.log(`  generated ${format} ${spans} spans: ${(f.bytes / 1e6).toFixed(1)} MB in ${(f.generateMs / 1000).toFixed(1)} s`);
      files.set(`${format}:${spans}`, f);
    }
  }
  warmUp(opts.formats, graph.fn);

  const rows: Row[] = [];
  for (const spans of opts.sizes) {
    for (const format of opts.formats) {
      const file = files.get(`${format}:${spans}`) as SynthFile;
      const textFits = file.bytes < V8_MAX_STRING;
      const modes: Row['mode'][] =
        opts.mode === 'both' ? (textFits ? ['text', 'stream'] : ['stream']) : opts.mode === 'stream' || !textFits || (opts.mode === 'auto' && file.bytes > MAX_STRING_BYTES) ? ['stream'] : ['text'];
      const reps = opts.reps ?? (spans <= 10_000 ? 30 : spans <= 100_000 ? 5 : 3);
      for (const mode of modes) {
        const { row, errors, graphError } = await measureCase(file, mode, reps, graph.fn);
        if (row.loadedSpans !== spans) notes.push(`${format} ${spans} ${mode}: loaded ${row.loadedSpans} spans, expected ${spans}`);
        if (errors.length > 0) notes.push(`${format} ${spans} ${mode}: errors: ${errors.join('; ')}`);
        if (graphError) notes.push(`${format} ${spans} ${mode}: deriveGraph failed: ${graphError}`);
        if (row.decodeMs !== undefined && row.piecesMs !== undefined) {
          notes.push(
            `${format} ${spans} stream: lookahead read ${((row.lookaheadShare ?? 0) * 100).toFixed(0)} % of the bytes; JSON.parse of the file in pieces keeping every result ` +
              `${(row.keptPiecesMs ?? 0).toFixed(0)} ms (ratio ${(row.ratioKeptPieces ?? 0).toFixed(2)})${row.parseNote ? '' : `, of the whole text ${row.parseMs.toFixed(0)} ms`}; ` +
              `in pieces dropping each result ${row.piecesMs.toFixed(0)} ms (ratio ${(row.ratioPieces ?? 0).toFixed(2)}), ` +
              `their UTF-8 decoding ${row.decodeMs.toFixed(0)} ms (ratio with it in the baseline, as the import has it: ${(row.ratioPiecesWithDecode ?? 0).toFixed(2)})`,
          );
        }
        rows.push(row);
        printRow(row, rows.length === 1);
      }
    }
  }
  printSummary(rows, notes);
  saveResults(rows, opts, notes);
}

const COLS: [string, number][] = [
  ['format', 7],
  ['spans', 9],
  ['mode', 6],
  ['MB', 8],
  ['parse ms', 9],
  ['parse MB/s', 10],
  ['import ms', 10],
  ['(finish)', 9],
  ['MB/s', 7],
  ['spans/s', 10],
  ['ratio', 7],
  ['cpu ratio', 10],
  ['B/span', 8],
  ['graph ms', 9],
  ['graph %', 8],
];

function printRow(r: Row, header: boolean): void {
  if (header) {
    console.log('');
    console.log(COLS.map(([h, w]) => h.padStart(w)).join(' '));
  }
  const ok = (b: boolean) => (b ? ' ' : '!');
  const cells = [
    r.format,
    r.spans.toLocaleString('en-US'),
    r.mode,
    (r.bytes / 1e6).toFixed(1),
    r.parseMs.toFixed(0) + (r.parseNote ? '*' : ''),
    r.parseMBs.toFixed(0),
    r.importMs.toFixed(0),
    r.finishMs.toFixed(0),
    r.importMBs.toFixed(0),
    Math.round(r.spansPerSec).toLocaleString('en-US'),
    r.ratio.toFixed(2) + ok(r.ratio >= TARGET_RATIO),
    r.importMs < 200 ? '-' : r.ratioCpu.toFixed(2) + ok(r.ratioCpu >= TARGET_RATIO),
    r.heapBytesPerSpan.toFixed(0) + ok(r.spans < 1_000_000 || r.heapBytesPerSpan <= TARGET_HEAP),
    r.graphMs === null ? '-' : r.graphMs.toFixed(0),
    r.graphPct === null ? '-' : (r.graphPct * 100).toFixed(1) + ok(r.graphPct <= TARGET_GRAPH),
  ];
  console.log(cells.map((c, k) => c.padStart(COLS[k][1])).join(' '));
}

function printSummary(rows: readonly Row[], notes: readonly string[]): void {
  console.log('');
  console.log(`ratio = import MB/s / JSON.parse MB/s (target >= ${TARGET_RATIO}); cpu ratio = the same in process CPU time (all threads; steadier on a busy machine, shown from 200 ms); B/span = retained heap + array buffers per span holding only the Dataset (target <= ${TARGET_HEAP} at 1M);`);
  console.log(`graph % = deriveGraph time / import time (target <= ${TARGET_GRAPH * 100}%); (finish) = builder.finish() part of import ms; '!' = target missed.`);
  if (rows.some((r) => r.parseNote)) {
    console.log("* a file beyond V8's string limit has no bare JSON.parse: the baseline is JSON.parse of the file's element groups, joined into pieces of <= 96 KiB where");
    console.log("  they are smaller (the size of the stream reader's runs), keeping every result as one JSON.parse of the whole text keeps its result (an estimate: on files");
    console.log('  that fit in a string it is faster or slower than the whole-text JSON.parse by format and size; the notes of `--mode stream` show both). Stream-mode files');
    console.log('  that fit in a string are compared with a bare JSON.parse of their whole text, as in text mode. Stream mode imports through StreamImporter in 4 MiB chunks,');
    console.log('  UTF-8 decoding included.');
  }
  for (const n of notes) console.log(`note: ${n}`);
}

function saveResults(rows: readonly Row[], opts: Options, notes: readonly string[]): void {
  const dir = join(ROOT, 'bench/out');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'results.json');
  // keep rows of earlier runs for the format/size/mode combinations this run did not measure
  const previous = ((): Row[] => {
    try {
      return (JSON.parse(readFileSync(path, 'utf8')) as { rows?: Row[] }).rows ?? [];
    } catch {
      return [];
    }
  })();
  const key = (r: Row) => `${r.format}:${r.spans}:${r.mode}`;
  const fresh = new Set(rows.map(key));
  const all = [...previous.filter((r) => !fresh.has(key(r))), ...rows].sort((a, b) => a.spans - b.spans || a.format.localeCompare(b.format) || a.mode.localeCompare(b.mode));
  const out = {
    generatedAt: new Date().toISOString(),
    environment: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? '?', totalMemGiB: Math.round(totalmem() / 2 ** 30), loadAverage: loadavg() },
    targets: { importToParseRatio: TARGET_RATIO, heapBytesPerSpanAt1M: TARGET_HEAP, graphShareOfImport: TARGET_GRAPH },
    lastRun: { sizes: opts.sizes, formats: opts.formats, mode: opts.mode, notes },
    rows: all,
  };
  writeFileSync(path, JSON.stringify(out, null, 2) + '\n');
  console.log(`results written to ${path}`);
}

if (typeof gcFn !== 'function') {
  // re-run with the flags the measurements need
  const args = ['--expose-gc', `--max-old-space-size=${parseOptions(process.argv.slice(2)).heapMb}`, join(ROOT, 'bin/run-ts.mjs'), join(ROOT, 'bench/run.ts'), ...process.argv.slice(2)];
  const r = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: ROOT });
  process.exitCode = r.status ?? 1;
} else {
  await main();
}
