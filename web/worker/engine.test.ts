import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createEngine } from './engine.ts';
import type { StreamSinkFactory } from './engine.ts';
import type { DatasetView, FromWorker, LoadProgress, LoadResult, SpanDetails } from './protocol.ts';
import { createEngineClient, isAbortError } from './client.ts';
import { inProcessWorker } from './in-process.ts';
import { importText } from '../core/formats/index.ts';
import { synthText } from '../core/synth/generator.ts';

const FIX = new URL('../test/fixtures/shared/', import.meta.url);
function fixture(rel: string): File {
  return new File([readFileSync(new URL(rel, FIX))], rel.split('/').pop() as string);
}
const HOTROD = 'otlp/jaeger-hotrod-apiv3.json';

/** A File whose stream() yields 16 KiB chunks, as a file on disk does (an in-memory File yields one). */
async function chunked(file: File): Promise<File> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  Object.defineProperty(file, 'stream', {
    value: () => {
      let at = 0;
      return new ReadableStream<Uint8Array>({
        pull(c) {
          if (at >= bytes.length) c.close();
          else c.enqueue(bytes.slice(at, (at += 16384)));
        },
      });
    },
  });
  return file;
}
const KAFKA = 'zipkin/lens-messaging-kafka.json';

/** Drives an engine directly, collecting its messages per request id. */
function harness(opts: { maxTextBytes?: number; streamImporter?: () => Promise<StreamSinkFactory>; earlyViewSpans?: number; memoryBudget?: number; preview?: { minBytes: number; bytes: number } } = {}) {
  const messages: { msg: FromWorker; transfer?: Transferable[] }[] = [];
  const engine = createEngine({ ...opts, post: (msg, transfer) => messages.push({ msg, transfer }) });
  let id = 0;
  const result = <T>(rid: number): T => {
    const m = messages.find((x) => x.msg.id === rid && x.msg.kind !== 'progress' && x.msg.kind !== 'view');
    if (!m) throw new Error(`no answer to ${rid}`);
    if (m.msg.kind === 'error') throw new Error(m.msg.message);
    return (m.msg as unknown as { value: T }).value;
  };
  return {
    engine,
    messages,
    async load(files: File[], viewer = 'v1') {
      const rid = ++id;
      engine.handle({ kind: 'load', id: rid, viewer, files });
      await engine.idle();
      return { rid, value: result<LoadResult>(rid), transfer: messages.find((x) => x.msg.id === rid && x.msg.kind === 'result')?.transfer ?? [] };
    },
    details(span: number, viewer = 'v1') {
      const rid = ++id;
      engine.handle({ kind: 'spanDetails', id: rid, viewer, span });
      return result<SpanDetails>(rid);
    },
    progress(rid: number): LoadProgress[] {
      return messages.flatMap((m) => (m.msg.kind === 'progress' && m.msg.id === rid ? [m.msg.progress] : []));
    },
    nextId: () => ++id,
  };
}

describe('engine', () => {
  it('loads a file into a view with the summary, traces and light columns', async () => {
    const h = harness();
    const { rid, value, transfer } = await h.load([fixture(HOTROD)]);
    const v: DatasetView = value.view;
    expect(value.cancelled).toBe(false);
    expect(value.imported).toEqual(['jaeger-hotrod-apiv3.json']);
    expect(v.spanCount).toBe(40);
    expect(v.summary.spans).toBe(40);
    expect(v.summary.traces).toBe(1);
    expect(v.summary.services).toHaveLength(6);
    expect(v.summary.kinds.SERVER).toBe(13);
    expect(v.summary.kinds.CLIENT).toBe(27);
    expect(v.files).toEqual([expect.objectContaining({ name: 'jaeger-hotrod-apiv3.json', format: 'otlp', spans: 40 })]);
    expect(v.traces[0]).toMatchObject({ spanCount: 40, rootCount: 1, serviceCount: 6, rootService: 'frontend', orderStart: 0 });
    expect(v.traces[0].errorCount).toBe(3);
    // columns: lengths, the names table holds span names only, order is a permutation
    for (const col of Object.values(v.columns)) expect(col.length).toBe(40);
    expect(v.names.length).toBeLessThan(40);
    expect(new Set(v.columns.order).size).toBe(40);
    const root = v.traces[0].rootSpan;
    expect(v.columns.order[0]).toBe(root);
    expect(v.columns.parent[root]).toBe(-1);
    expect(v.columns.depth[root]).toBe(0);
    expect(v.names[v.columns.name[root]]).toBe(v.traces[0].rootName);
    // every column's buffer is in the transfer list, and none is shared with another column
    expect(transfer).toHaveLength(Object.keys(v.columns).length);
    expect(new Set(transfer).size).toBe(transfer.length);
    // progress: reading then parsing then linking, bytes up to the file size
    const phases = h.progress(rid).map((p) => p.phase);
    expect(phases[0]).toBe('reading');
    expect(phases).toContain('parsing');
    expect(phases.at(-1)).toBe('linking');
    expect(Math.max(...h.progress(rid).map((p) => p.bytesRead))).toBe(fixture(HOTROD).size);
  });

  it('merges a second load and keeps earlier data when a file is broken', async () => {
    const h = harness();
    await h.load([fixture(HOTROD)]);
    const two = (await h.load([fixture(KAFKA)])).value.view;
    expect(two.version).toBe(2);
    expect(two.summary.spans).toBe(68);
    expect(two.summary.traces).toBe(2);
    expect(two.files.map((f) => f.format)).toEqual(['otlp', 'zipkin']);
    expect(two.traces[1].orderStart).toBe(40);
    const broken = new File(['{\n  "resourceSpans": [\n    { "x": 1,, }\n  ]\n}\n'], 'broken.json');
    const three = (await h.load([broken])).value.view;
    expect(three.summary.spans).toBe(68);
    expect(three.files.at(-1)).toMatchObject({ name: 'broken.json', format: null });
    expect(three.summary.errors).toEqual([{ file: 'broken.json', message: expect.stringMatching(/line 3:\d+/) }]);
  });

  it('answers span details from the worker-side dataset', async () => {
    const h = harness();
    const v = (await h.load([fixture(HOTROD)])).value.view;
    const root = v.traces[0].rootSpan;
    const d = h.details(root);
    expect(d).toMatchObject({ span: root, parent: -1, kind: 'SERVER', name: v.traces[0].rootName, traceId: v.traces[0].id, file: 'jaeger-hotrod-apiv3.json' });
    expect(d.resource.serviceName).toBe('frontend');
    expect(d.attributes.length).toBeGreaterThan(0);
    expect(d.startUnixNs).toBe(v.traces[0].epochNs.toString());
    expect(d.childCount).toBeGreaterThan(0);
    const child = v.columns.firstChild[root];
    expect(h.details(child).parentSpanId).toBe(d.spanId);
    expect(() => h.details(10_000)).toThrow(/no span 10000/);
  });

  it('keeps viewers apart', async () => {
    const h = harness();
    await h.load([fixture(HOTROD)], 'a');
    const b = (await h.load([fixture(KAFKA)], 'b')).value.view;
    expect(b.viewer).toBe('b');
    expect(b.summary.spans).toBe(28);
    expect(b.version).toBe(1);
  });

  it('cancels between chunks: finished files stay, the rest are skipped', async () => {
    const h = harness();
    const rid = h.nextId();
    // a stream that yields one chunk, then waits, so the cancel lands between chunks
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slowBody = new ReadableStream<Uint8Array>({
      async pull(c) {
        c.enqueue(new TextEncoder().encode('{"resourceSpans":'));
        await gate;
        c.enqueue(new TextEncoder().encode('[]}'));
        c.close();
      },
    });
    const slow = new File(['{"resourceSpans":[]}'], 'slow.json');
    Object.defineProperty(slow, 'stream', { value: () => slowBody });
    h.engine.handle({ kind: 'load', id: rid, viewer: 'v1', files: [fixture(HOTROD), slow, fixture(KAFKA)] });
    await new Promise((r) => setTimeout(r, 20));
    h.engine.handle({ kind: 'cancel', target: rid });
    release();
    await h.engine.idle();
    const res = h.messages.find((m) => m.msg.id === rid && m.msg.kind === 'result')?.msg as { value: LoadResult };
    expect(res.value.cancelled).toBe(true);
    expect(res.value.imported).toEqual(['jaeger-hotrod-apiv3.json']);
    expect(res.value.view.summary.spans).toBe(40);
    expect(res.value.view.files.map((f) => f.name)).toEqual(['jaeger-hotrod-apiv3.json']);
  });

  it('a cancel reaches a streamed read whose chunks are all buffered (each read resolves at once)', async () => {
    const chunk = new Uint8Array(1024).fill(32);
    const count = 300;
    let pushed = 0;
    // a sink that takes 2 ms a chunk: the whole file would take 600 ms
    const factory: StreamSinkFactory = () => ({
      push: () => {
        pushed++;
        const until = performance.now() + 2;
        while (performance.now() < until);
      },
      end: () => undefined,
    });
    const big = new File([new Uint8Array(count * chunk.length)], 'buffered.json');
    Object.defineProperty(big, 'stream', {
      value: () =>
        new ReadableStream<Uint8Array>({
          start(c) {
            for (let k = 0; k < count; k++) c.enqueue(chunk);
            c.close();
          },
        }),
    });
    const h = harness({ maxTextBytes: 1000, streamImporter: async () => factory });
    const rid = h.nextId();
    h.engine.handle({ kind: 'load', id: rid, viewer: 'v1', files: [big] });
    // a macrotask: it runs only when the engine lets one in
    setTimeout(() => h.engine.handle({ kind: 'cancel', target: rid }), 50);
    await h.engine.idle();
    const res = h.messages.find((m) => m.msg.id === rid && m.msg.kind === 'result')?.msg as { value: LoadResult };
    expect(res.value.cancelled).toBe(true);
    expect(pushed).toBeLessThan(count / 2);
  });

  it('streams files above the size limit through the stream importer', async () => {
    const chunks: number[] = [];
    const factory: StreamSinkFactory = (builder, fileName) => {
      const parts: Uint8Array[] = [];
      return {
        push: (c) => {
          chunks.push(c.byteLength);
          parts.push(c);
        },
        end: () => {
          importText(builder, fileName, new TextDecoder().decode(Buffer.concat(parts)));
        },
      };
    };
    const h = harness({ maxTextBytes: 1000, streamImporter: async () => factory });
    const v = (await h.load([fixture(KAFKA)])).value.view;
    expect(chunks.length).toBeGreaterThan(0);
    expect(v.summary.spans).toBe(28);
  });

  it('streams through the real core stream reader', async () => {
    const h = harness({ maxTextBytes: 1000 });
    const v = (await h.load([fixture(HOTROD), fixture(KAFKA)])).value.view;
    expect(v.summary.spans).toBe(68);
    expect(v.files.map((f) => [f.name, f.format])).toEqual([
      ['jaeger-hotrod-apiv3.json', 'otlp'],
      ['lens-messaging-kafka.json', 'zipkin'],
    ]);
  });

  it('reports a file that cannot be read and goes on', async () => {
    const h = harness();
    const bad = new File(['x'], 'gone.json');
    Object.defineProperty(bad, 'stream', {
      value: () =>
        new ReadableStream({
          pull() {
            throw new Error('NotReadableError');
          },
        }),
    });
    const v = (await h.load([bad, fixture(HOTROD)])).value.view;
    expect(v.summary.errors).toEqual([{ file: 'gone.json', message: expect.stringContaining('cannot read') }]);
    expect(v.summary.spans).toBe(40);
  });
});

describe('client', () => {
  it('round-trips loads, progress, details and reset through a worker', async () => {
    const client = createEngineClient({ createWorker: () => inProcessWorker() });
    const progress: LoadProgress[] = [];
    const r = await client.load([fixture(HOTROD)], { onProgress: (p) => progress.push(p) });
    expect(r.view.summary.spans).toBe(40);
    expect(r.view.viewer).toBe(client.viewer);
    expect(progress.length).toBeGreaterThan(0);
    const d = await client.spanDetails(r.view.traces[0].rootSpan);
    expect(d.kind).toBe('SERVER');
    await expect(client.spanDetails(999)).rejects.toThrow(/no span/);
    await client.reset();
    await expect(client.spanDetails(0)).rejects.toThrow(/nothing is loaded/);
    client.dispose();
  });

  it('rejects an aborted details call at once', async () => {
    const client = createEngineClient({ createWorker: () => inProcessWorker() });
    const ac = new AbortController();
    const p = client.spanDetails(0, { signal: ac.signal });
    ac.abort();
    await expect(p).rejects.toSatisfy(isAbortError);
    client.dispose();
  });

  it('rejects pending calls and reports when the worker dies, then starts a new one', async () => {
    const workers: ReturnType<typeof inProcessWorker>[] = [];
    const client = createEngineClient({
      createWorker: () => {
        const w = inProcessWorker();
        workers.push(w);
        return w;
      },
    });
    const crashes: string[] = [];
    client.onCrash((m) => crashes.push(m));
    const p = client.load([fixture(HOTROD)]);
    workers[0].onerror?.({ message: 'out of memory', preventDefault() {} } as ErrorEvent);
    await expect(p).rejects.toThrow(/trace engine stopped: out of memory/);
    expect(crashes).toHaveLength(1);
    const r = await client.load([fixture(KAFKA)]);
    expect(workers).toHaveLength(2);
    expect(r.view.summary.spans).toBe(28);
    client.dispose();
  });
});

describe('remove and generate', () => {
  it('removes a file by rebuilding from the kept inputs, and generates a synthetic trace', async () => {
    const client = createEngineClient({ createWorker: () => inProcessWorker() });
    await client.load([fixture(HOTROD)]);
    await client.load([new File(['{"x":'], 'broken.json'), fixture(KAFKA)]);
    const before = await client.generate({ spans: 500, seed: 3 });
    expect(before.view.files.map((f) => f.name)).toEqual(['jaeger-hotrod-apiv3.json', 'broken.json', 'lens-messaging-kafka.json', 'generated-500-spans.otlp.json']);
    expect(before.view.summary.spans).toBe(40 + 28 + 500);
    const progress: LoadProgress[] = [];
    const after = await client.remove(0, { onProgress: (p) => progress.push(p) });
    expect(after.view.files.map((f) => f.name)).toEqual(['broken.json', 'lens-messaging-kafka.json', 'generated-500-spans.otlp.json']);
    expect(after.view.summary.spans).toBe(28 + 500);
    expect(after.view.summary.errors).toEqual([expect.objectContaining({ file: 'broken.json' })]);
    expect(progress.at(-1)?.phase).toBe('linking');
    await expect(client.remove(7)).rejects.toThrow(/no file 7/);
    await expect(client.generate({ spans: 2_000_000 })).rejects.toThrow(/can generate/);
    client.dispose();
  });
});

describe('early snapshots of a first load', () => {
  const views = (h: ReturnType<typeof harness>, rid: number) => h.messages.flatMap((m) => (m.msg.kind === 'view' && m.msg.id === rid ? [{ view: m.msg.view, transfer: m.transfer ?? [] }] : []));
  const text = synthText('otlp', { spans: 3000, seed: 7 });

  for (const [how, opts] of [
    ['read as one string', {}],
    ['streamed', { maxTextBytes: 1000 }],
  ] as const) {
    it(`${how}: posts a partial view of the first spans before the result, with the same indices`, async () => {
      const h = harness({ ...opts, earlyViewSpans: 500 });
      const { rid, value } = await h.load([new File([text], 'big.otlp.json')]);
      const early = views(h, rid);
      expect(early.length).toBeGreaterThanOrEqual(1);
      const first = early[0].view;
      expect(first.partial).toBe(true);
      expect(first.spanCount).toBeGreaterThanOrEqual(500);
      expect(first.spanCount).toBeLessThan(3000);
      expect(early[0].transfer).toHaveLength(Object.keys(first.columns).length);
      // every partial view comes before the result, and the result is whole
      const at = (pred: (m: FromWorker) => boolean) => h.messages.findIndex((m) => pred(m.msg));
      expect(at((m) => m.kind === 'view')).toBeLessThan(at((m) => m.kind === 'result' && m.id === rid));
      const v = value.view;
      expect(v.partial).toBe(false);
      expect(v.spanCount).toBe(3000);
      expect(v.version).toBeGreaterThan(first.version);
      expect(v.lineage).toBe(first.lineage);
      // append-only: span i of the snapshot is span i of the result (same trace, kind, name)
      for (let i = 0; i < first.spanCount; i++) {
        expect(v.columns.trace[i]).toBe(first.columns.trace[i]);
        expect(v.columns.kind[i]).toBe(first.columns.kind[i]);
        expect(v.names[v.columns.name[i]]).toBe(first.names[first.columns.name[i]]);
      }
      for (let t = 0; t < first.traces.length; t++) expect(v.traces[t].id).toBe(first.traces[t].id);
    });
  }

  it('a big file read as one string shows a preview of its first records first, as its own lineage', async () => {
    const h = harness({ earlyViewSpans: 500, preview: { minBytes: 100_000, bytes: 200_000 } });
    const { rid, value } = await h.load([await chunked(new File([text], 'big.otlp.json'))]);
    const early = views(h, rid).map((x) => x.view);
    expect(early.length).toBeGreaterThanOrEqual(1);
    const pv = early[0];
    expect(pv.partial).toBe(true);
    // the complete records of the first 200 KB: some spans, not all
    expect(pv.spanCount).toBeGreaterThan(50);
    expect(pv.spanCount).toBeLessThan(3000);
    expect(pv.files).toEqual([expect.objectContaining({ name: 'big.otlp.json', format: 'otlp' })]);
    const v = value.view;
    expect(v.spanCount).toBe(3000);
    expect(v.partial).toBe(false);
    expect(v.lineage).toBeGreaterThan(pv.lineage);
    expect(v.traces[0].id).toBe(pv.traces[0].id);
    // no second snapshot right after the preview (the import here takes far less than 1.5 s)
    expect(early).toHaveLength(1);
    expect(v.summary.errors).toEqual([]);
  });

  it('only for a first load: a file added to loaded data, and a small file, post none', async () => {
    const h = harness({ earlyViewSpans: 500 });
    const a = await h.load([new File([synthText('otlp', { spans: 100, seed: 1 })], 'small.json')]);
    expect(views(h, a.rid)).toEqual([]);
    const b = await h.load([new File([text], 'big.otlp.json')]);
    expect(views(h, b.rid)).toEqual([]);
    expect(b.value.view.spanCount).toBe(3100);
  });

  it('a reset or a removed file starts a new lineage; more files keep it', async () => {
    const h = harness({ earlyViewSpans: Infinity });
    const a = await h.load([new File([synthText('otlp', { spans: 50, seed: 1 })], 'a.json')]);
    const b = await h.load([new File([synthText('otlp', { spans: 50, seed: 2 })], 'b.json')]);
    expect(b.value.view.lineage).toBe(a.value.view.lineage);
    const rid = h.nextId();
    h.engine.handle({ kind: 'remove', id: rid, viewer: 'v1', file: 0 });
    await h.engine.idle();
    const removed = h.messages.find((m) => m.msg.id === rid && m.msg.kind === 'result')?.msg as unknown as { value: LoadResult };
    expect(removed.value.view.lineage).toBeGreaterThan(b.value.view.lineage);
    expect(views(h, rid)).toEqual([]);
  });
});

describe('a damaged file under the stream size', () => {
  for (const format of ['otlp', 'jaeger', 'zipkin'] as const) {
    it(`${format}: keeps the complete records before a cut, with messages that say so`, async () => {
      const full = synthText(format, { spans: 400, seed: 3 });
      const cut = full.slice(0, Math.floor(full.length * 0.7));
      const h = harness();
      const { value } = await h.load([new File([cut], 'cut.json')]);
      const v = value.view;
      expect(v.spanCount).toBeGreaterThan(100);
      expect(v.spanCount).toBeLessThan(400);
      expect(v.files).toEqual([expect.objectContaining({ name: 'cut.json', format, spans: v.spanCount })]);
      const messages = v.summary.errors.map((e) => e.message);
      expect(messages[0]).toMatch(/^invalid JSON at line 1:\d+: /);
      expect(messages.at(-1)).toBe(`the file is damaged; the ${v.spanCount} spans in its complete records before the damage are loaded`);
    });
  }

  it('a damaged file with no complete record is reported once and loads nothing', async () => {
    const h = harness();
    const { value } = await h.load([new File(['{"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": "ab'], 'cut.json')]);
    expect(value.view.spanCount).toBe(0);
    expect(value.view.summary.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^invalid JSON at line 1:\d+/)]);
  });
});

describe('more files than memory holds', () => {
  const file = (seed: number, spans = 300) => new File([synthText('otlp', { spans, seed })], `f${seed}.json`);

  it('stops before the file that does not fit, says why for it and every later file, and keeps the rest usable', async () => {
    // room for about 700 spans: two files of 300 fit, the third starts past the budget
    const h = harness({ memoryBudget: 700 * 320, earlyViewSpans: Infinity });
    const { value } = await h.load([file(1), file(2), file(3), file(4)]);
    const v = value.view;
    expect(v.files.map((f) => f.name)).toEqual(['f1.json', 'f2.json', 'f3.json']);
    expect(v.spanCount).toBe(900);
    const errors = v.summary.errors;
    expect(errors.map((e) => e.file)).toEqual(expect.arrayContaining(['f4.json']));
    expect(errors.find((e) => e.file === 'f4.json')?.message).toMatch(/^not loaded: /);
    // the loaded data answers lookups
    expect(h.details(0).spanId).toMatch(/^[0-9a-f]{16}$/);
  });

  it('a file streamed past the budget stops with what it read', async () => {
    const h = harness({ memoryBudget: 500 * 320, maxTextBytes: 1000, earlyViewSpans: Infinity });
    // (10k spans, 6 MB: the stream reader gathers 1 MiB blocks and hands the importers 1 MiB batches)
    const big = await chunked(file(9, 10_000));
    const { value } = await h.load([big, file(10)]);
    const v = value.view;
    expect(v.spanCount).toBeGreaterThanOrEqual(500);
    expect(v.spanCount).toBeLessThan(10_000);
    const byFile = new Map(v.summary.errors.map((e) => [e.file, e.message]));
    expect(byFile.get('f9.json')).toMatch(/^stopped after .* of .*: the \d+ spans loaded take about .*, the most this viewer holds .*; the spans read until then are shown$/);
    expect(byFile.get('f10.json')).toBe('not loaded: no room left after the file before it');
    expect(value.imported).toEqual(['f9.json']);
  });
});
