import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createViewerStore } from './store.ts';
import { spansPerService, traceOrder, spanName } from './view.ts';
import { createEngineClient } from '../worker/client.ts';
import { inProcessWorker } from '../worker/in-process.ts';

const FIX = new URL('../test/fixtures/shared/', import.meta.url);
const bytes = (rel: string) => readFileSync(new URL(rel, FIX));
const fixture = (rel: string) => new File([bytes(rel)], rel.split('/').pop() as string);

function store(fetchImpl?: typeof fetch) {
  return createViewerStore({ client: createEngineClient({ createWorker: () => inProcessWorker() }), fetch: fetchImpl });
}

describe('viewer store', () => {
  it('loads, selects the first trace and goes idle', async () => {
    const s = store();
    const p = s.getState().loadFiles([fixture('otlp/jaeger-hotrod-apiv3.json')]);
    expect(s.getState().pendingLoads).toBe(1);
    await s.whenIdle();
    await p;
    const st = s.getState();
    expect(st.pendingLoads).toBe(0);
    expect(st.progress).toBeNull();
    expect(st.view?.summary.spans).toBe(40);
    expect(st.selectedTrace).toBe(0);
    const order = traceOrder(st.view!, 0);
    expect(order.length).toBe(40);
    expect(spanName(st.view!, order[0])).toBe(st.view!.traces[0].rootName);
    expect(spansPerService(st.view!).reduce((a, x) => a + x.spans, 0)).toBe(40);
    s.dispose();
  });

  it('keeps two stores apart', async () => {
    const a = store();
    const b = store();
    expect(a.viewerId).not.toBe(b.viewerId);
    await a.getState().loadFiles([fixture('otlp/jaeger-hotrod-apiv3.json')]);
    await b.getState().loadFiles([fixture('zipkin/lens-messaging-kafka.json')]);
    expect(a.getState().view?.summary.spans).toBe(40);
    expect(b.getState().view?.summary.spans).toBe(28);
    a.dispose();
    b.dispose();
  });

  it('selects spans and their traces; keeps selection over a merge', async () => {
    const s = store();
    await s.getState().loadFiles([fixture('otlp/jaeger-hotrod-apiv3.json')]);
    await s.getState().loadFiles([fixture('zipkin/lens-messaging-kafka.json')]);
    const v = s.getState().view!;
    const span = traceOrder(v, 1)[3];
    s.getState().selectSpan(span);
    expect(s.getState()).toMatchObject({ selectedSpan: span, selectedTrace: 1 });
    s.getState().selectTrace(0);
    expect(s.getState()).toMatchObject({ selectedSpan: null, selectedTrace: 0 });
    s.getState().selectTrace(99);
    expect(s.getState().selectedTrace).toBe(0);
    s.getState().selectSpan(span);
    await s.getState().loadFiles([new File(['{'], 'broken.json')]);
    expect(s.getState()).toMatchObject({ selectedSpan: span, selectedTrace: 1 });
    expect(s.getState().view?.summary.errors[0]).toMatchObject({ file: 'broken.json' });
    await s.getState().reset();
    expect(s.getState()).toMatchObject({ view: null, selectedSpan: null, selectedTrace: null });
    s.dispose();
  });

  it('loads a URL through fetch and reports a failed fetch as a notice', async () => {
    const fake = (async (url: string | URL | Request) => {
      const u = String(url);
      if (u.endsWith('/missing.json')) return new Response('nope', { status: 404, statusText: 'Not Found' });
      return new Response(bytes('jaeger/jaeger-ui-tracegraph-test.json'));
    }) as typeof fetch;
    const s = store(fake);
    await s.getState().loadUrl('http://example.test/demo/missing.json');
    expect(s.getState().notices).toEqual([{ id: 1, message: 'Could not fetch missing.json: HTTP 404 Not Found' }]);
    await s.getState().loadUrl('http://example.test/demo/trace.json', 'trace.json');
    expect(s.getState().view?.files).toEqual([expect.objectContaining({ name: 'trace.json', format: 'jaeger' })]);
    s.getState().dismissNotice(1);
    expect(s.getState().notices).toEqual([]);
    s.dispose();
  });

  it('cancel keeps what finished loading', async () => {
    const s = store();
    // the second file yields one chunk, then waits until the cancel has been sent
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = new File(['{"resourceSpans":[]}'], 'slow.json');
    Object.defineProperty(slow, 'stream', {
      value: () =>
        new ReadableStream<Uint8Array>({
          async pull(c) {
            c.enqueue(new TextEncoder().encode('{"resourceSpans":'));
            await gate;
            c.enqueue(new TextEncoder().encode('[]}'));
            c.close();
          },
        }),
    });
    const p = s.getState().loadFiles([fixture('otlp/jaeger-hotrod-apiv3.json'), slow, fixture('zipkin/lens-messaging-kafka.json')]);
    await new Promise<void>((resolve) => {
      const stop = s.subscribe((st) => {
        if (st.progress && st.progress.fileIndex >= 1) {
          stop();
          resolve();
        }
      });
    });
    s.getState().cancelLoads();
    setTimeout(release, 20);
    await p;
    const st = s.getState();
    expect(st.lastLoad?.cancelled).toBe(true);
    expect(st.lastLoad?.imported).toEqual(['jaeger-hotrod-apiv3.json']);
    expect(st.view?.summary.spans).toBe(40);
    s.dispose();
  });
});
