/** The hosted app: header with the loaded files, load progress, and the empty screen or the summary. */
import { useState } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ViewerProvider, hasData, useViewer } from '../state/index.ts';
import type { ViewerStore } from '../state/index.ts';
import { SummaryPanel } from './summary/index.ts';
import { Header } from './Header.tsx';
import { LoadStatus } from './LoadStatus.tsx';
import { Notices } from './Notices.tsx';
import { EmptyScreen } from './EmptyScreen.tsx';
import { useWindowFileDrop } from './useWindowFileDrop.ts';
import './app.css';

export function App({ store }: { store: ViewerStore }) {
  // App-level queries (the demo manifest); each viewer keeps its own cache for span details.
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } }));
  return (
    <QueryClientProvider client={queryClient}>
      <ViewerProvider store={store}>
        <Shell />
      </ViewerProvider>
    </QueryClientProvider>
  );
}

function Shell() {
  const view = useViewer((s) => s.view);
  const loadFiles = useViewer((s) => s.loadFiles);
  const dragging = useWindowFileDrop(loadFiles);
  const loaded = hasData(view);
  return (
    <div className="sm-app">
      <Header />
      <LoadStatus />
      <main className="sm-main" id="sm-main">
        <Notices />
        {loaded ? <SummaryPanel view={view} /> : <EmptyScreen />}
      </main>
      {dragging && (
        <div className="sm-drop-overlay" aria-hidden="true">
          <div className="sm-drop-overlay__box">Drop trace files to load them</div>
        </div>
      )}
    </div>
  );
}
