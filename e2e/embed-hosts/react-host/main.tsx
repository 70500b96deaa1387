/** A React page embedding two <SpanmapViewer>s (built by e2e/embed.spec.ts). */
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { SpanmapViewer } from '../../../web/embed/index.ts';
import type { SpanmapLoadSummary, SpanmapSpanInfo } from '../../../web/embed/index.ts';

interface Recorded {
  type: 'load' | 'select';
  id: string;
  detail: SpanmapLoadSummary | SpanmapSpanInfo;
}
declare global {
  interface Window {
    __events?: Recorded[];
  }
}
const events: Recorded[] = (window.__events = []);

// Fetch-function source: the viewer calls it and loads what it returns.
const fetchPipeline = (signal: AbortSignal) => fetch('/demo/order-pipeline.otlp.json', { signal });

function Host() {
  const [selected, setSelected] = useState<Record<string, string>>({});
  const onSelect = (id: string) => (span: SpanmapSpanInfo) => {
    events.push({ type: 'select', id, detail: span });
    setSelected((s) => ({ ...s, [id]: `${span.service} ${span.name}` }));
  };
  const onLoad = (id: string) => (summary: SpanmapLoadSummary) => events.push({ type: 'load', id, detail: summary });
  return (
    <main>
      <h1>Two React viewers</h1>
      <p data-testid="picked-a">{selected.a ?? 'nothing'}</p>
      <div id="a">
        <SpanmapViewer source="/demo/storefront-checkout.otlp.json" view="waterfall" height="560px" onSpanSelect={onSelect('a')} onLoad={onLoad('a')} />
      </div>
      <p data-testid="picked-b">{selected.b ?? 'nothing'}</p>
      <div id="b">
        <SpanmapViewer source={fetchPipeline} theme="dark" onSpanSelect={onSelect('b')} onLoad={onLoad('b')} />
      </div>
    </main>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('no #root');
createRoot(root).render(
  <StrictMode>
    <Host />
  </StrictMode>,
);
