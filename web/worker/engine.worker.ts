/**
 * Worker entry. Created by client.ts with
 * `new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' })`.
 * All parsing and the dataset itself live here; the page only gets DatasetViews and span details.
 */
import { createEngine } from './engine.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

interface WorkerScope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
}

const scope = self as unknown as WorkerScope;
const engine = createEngine({ post: (m, transfer) => scope.postMessage(m, transfer ?? []) });
scope.onmessage = (e) => engine.handle(e.data);
