/**
 * The hosted app: header with the loaded files, load progress, and the empty screen or the summary
 * with the selected trace's waterfall (and the span details beside it). The view state is kept in
 * the URL hash (url-state.ts).
 */
import { ViewBoundary } from '../ui/ViewBoundary.tsx';
import { useEffect, useState } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ViewerProvider, hasData, useViewer } from '../state/index.ts';
import type { ViewerStore } from '../state/index.ts';
import { SummaryPanel } from './summary/index.ts';
import { Waterfall, createWaterfallStore } from '../views/waterfall/index.ts';
import type { WaterfallStore } from '../views/waterfall/index.ts';
import { Topology } from '../views/topology/index.ts';
import { useUrlState } from './url-state.ts';
import { Header } from './Header.tsx';
import { LoadStatus } from './LoadStatus.tsx';
import { AfterFirstPaint } from '../ui/AfterFirstPaint.tsx';
import { FontWarmup } from '../ui/FontWarmup.tsx';
import { Notices } from './Notices.tsx';
import { EmptyScreen } from './EmptyScreen.tsx';
import { useWindowFileDrop } from './useWindowFileDrop.ts';
import { usePasteLoad } from './usePasteLoad.ts';
import './app.css';

export function App({ store }: { store: ViewerStore }) {
  // App-level queries (the demo manifest); each viewer keeps its own cache for span details.
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } }));
  const [waterfall] = useState(() => createWaterfallStore());
  useUrlState(store, waterfall);
  // A service picked in the topology filters the waterfall to that service's spans.
  useEffect(
    () =>
      store.subscribe((s, prev) => {
        if (s.highlightedService === prev.highlightedService) return;
        const wf = waterfall.getState();
        if (s.highlightedService !== null) wf.setServices([s.highlightedService]);
        else if (prev.highlightedService !== null && wf.services.length === 1 && wf.services[0] === prev.highlightedService) wf.setServices([]);
      }),
    [store, waterfall],
  );
  return (
    <QueryClientProvider client={queryClient}>
      <ViewerProvider store={store}>
        <Shell waterfall={waterfall} />
      </ViewerProvider>
    </QueryClientProvider>
  );
}

function Shell({ waterfall }: { waterfall: WaterfallStore }) {
  const view = useViewer((s) => s.view);
  const loadFiles = useViewer((s) => s.loadFiles);
  const dragging = useWindowFileDrop(loadFiles);
  usePasteLoad(loadFiles);
  const loaded = hasData(view);
  // The gallery is long: after opening a demo from its bottom, start the loaded view at its top.
  useEffect(() => {
    if (loaded) window.scrollTo({ top: 0 });
  }, [loaded]);
  return (
    <div className="sm-app">
      <Header />
      <LoadStatus />
      <main className={loaded ? 'sm-main sm-main--wide' : 'sm-main'} id="sm-main">
        <Notices />
        {loaded ? (
          <SummaryPanel view={view}>
            <ViewBoundary name="waterfall">
              <Waterfall store={waterfall} />
            </ViewBoundary>
            <ViewBoundary name="topology">
              <AfterFirstPaint>
                <Topology />
              </AfterFirstPaint>
            </ViewBoundary>
          </SummaryPanel>
        ) : (
          <EmptyScreen />
        )}
      </main>
      <AfterFirstPaint>
        <FontWarmup />
      </AfterFirstPaint>
      {dragging && (
        <div className="sm-drop-overlay" aria-hidden="true">
          <div className="sm-drop-overlay__box">Drop trace files to load them</div>
        </div>
      )}
    </div>
  );
}
