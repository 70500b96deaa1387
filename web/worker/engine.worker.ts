/**
 * Worker entry. Created by client.ts with
 * `new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' })`.
 * All parsing and the dataset itself live here; the page only gets DatasetViews and span details.
 */
import { createEngine } from './engine.ts';
import type { FromWorker, ToWorker } from './protocol.ts';
import { warmUp } from './warm-up.ts';

interface WorkerScope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
}

const scope = self as unknown as WorkerScope;
const engine = createEngine({ post: (m, transfer) => scope.postMessage(m, transfer ?? []) });
/** Whether data work has been asked for: the warm-up gives way for good (see warm-up.ts). */
let busy = false;
scope.onmessage = (e) => {
  const k = e.data.kind;
  if (k === 'load' || k === 'generate' || k === 'remove') busy = true;
  engine.handle(e.data);
};
void warmUp({ busy: () => busy }).catch(() => undefined);
