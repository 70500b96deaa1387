/** The hosted app's entry: one viewer, its store created here so tests can wait for it. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createViewerStore } from '../state/index.ts';
import { App } from './App.tsx';

declare global {
  interface Window {
    /** Resolves when no load is pending (for browser tests). */
    __spanmapIdle?: () => Promise<void>;
    /** Selects a span by index, as a click in a view would (for browser tests). */
    __spanmapSelect?: (span: number | null) => void;
  }
}

const store = createViewerStore();
window.__spanmapIdle = () => store.whenIdle();
window.__spanmapSelect = (span) => store.getState().selectSpan(span);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App store={store} />
  </StrictMode>,
);
// Start the trace engine while the user picks a file, so the first load does not wait for it.
store.client.prepare();
