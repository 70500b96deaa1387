/** React access to a viewer store: one ViewerProvider per viewer, hooks read the nearest one. */
import { createContext, useContext, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { useStore } from 'zustand';
import { createViewerStore } from './store.ts';
import type { ViewerState, ViewerStore } from './store.ts';

const ViewerContext = createContext<ViewerStore | null>(null);

export interface ViewerProviderProps {
  /** The viewer's store; when omitted the provider creates one and disposes it on unmount. */
  store?: ViewerStore;
  children: ReactNode;
}

export function ViewerProvider({ store, children }: ViewerProviderProps) {
  const [own] = useState(() => (store ? null : createViewerStore()));
  useEffect(() => {
    if (!own) return;
    // The client starts its worker lazily, so a StrictMode unmount/remount cycle is harmless.
    return () => own.dispose();
  }, [own]);
  return <ViewerContext.Provider value={store ?? own}>{children}</ViewerContext.Provider>;
}

/** The nearest viewer store (for actions and non-reactive reads). */
export function useViewerStore(): ViewerStore {
  const store = useContext(ViewerContext);
  if (!store) throw new Error('useViewer: no <ViewerProvider> above this component');
  return store;
}

/**
 * Selects from the nearest viewer's state; re-renders when the selected value changes (Object.is).
 * Select single values or stable references; wrap object-building selectors with zustand's useShallow.
 */
export function useViewer<T>(selector: (state: ViewerState) => T): T {
  return useStore(useViewerStore(), selector);
}
