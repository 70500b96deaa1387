/**
 * The service graphs derived from one immutable Dataset, kept with it (WeakMap): the details
 * panel's diagnostics and the topology view of all traces ask for the same graph, and going back to
 * a trace's graph is free. A few per dataset; the oldest is dropped first.
 *
 * Callers must not hand a cached graph's buffers to postMessage's transfer list (that would empty
 * the cached copy): let postMessage copy them.
 */
import type { Dataset } from '../core/model/types.ts';
import { deriveGraph } from '../core/graph/index.ts';
import type { ServiceGraph } from '../core/graph/index.ts';

const MAX_PER_DATASET = 8;
const cache = new WeakMap<Dataset, Map<string, ServiceGraph>>();

/** The service graph of trace `trace` (null: all traces), with or without broker nodes. */
export function serviceGraph(ds: Dataset, trace: number | null, brokerNodes: boolean): ServiceGraph {
  let m = cache.get(ds);
  if (!m) cache.set(ds, (m = new Map()));
  const key = `${trace}|${brokerNodes}`;
  let g = m.get(key);
  if (g) {
    // most recently used last
    m.delete(key);
    m.set(key, g);
    return g;
  }
  g = deriveGraph(ds, { trace: trace ?? undefined, brokerNodes });
  m.set(key, g);
  if (m.size > MAX_PER_DATASET) m.delete(m.keys().next().value as string);
  return g;
}
