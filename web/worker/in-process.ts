/**
 * An in-process stand-in for the engine worker: the real engine behind a WorkerLike, with messages
 * delivered asynchronously as a worker would (no structured clone). For unit tests and for hosts
 * without Worker support.
 */
import { createEngine } from './engine.ts';
import type { EngineHost } from './engine.ts';
import type { WorkerLike } from './client.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

export function inProcessWorker(host: Omit<EngineHost, 'post'> = {}): WorkerLike & { handled: ToWorker[] } {
  const handled: ToWorker[] = [];
  let alive = true;
  const w: WorkerLike & { handled: ToWorker[] } = {
    handled,
    onmessage: null,
    onerror: null,
    postMessage(m) {
      if (!alive) return;
      setTimeout(() => {
        handled.push(m);
        engine.handle(m);
      }, 0);
    },
    terminate() {
      alive = false;
    },
  };
  const engine = createEngine({
    ...host,
    post: (m: FromWorker) => {
      if (alive) setTimeout(() => alive && w.onmessage?.({ data: m } as MessageEvent<FromWorker>), 0);
    },
  });
  return w;
}
