/**
 * Warm-up of the worker's code while nobody waits for it.
 *
 * A session's first load runs the importers, the model builder and the view code cold: V8 starts
 * them in its interpreter and compiles them while they run, which in Chromium cost about a quarter
 * of the time to the first rows of a 10k-span file (measured: median 203 -> 154 ms over 8 runs with
 * this warm-up). So while the worker is idle after start-up, a scratch engine of its own (whose
 * messages go nowhere) loads a small synthetic document of each format the way a chosen file goes
 * (File -> text -> import -> early snapshot -> finished view), derives its service graph, and drops
 * it. The user's first file then runs warm code.
 *
 * It never stands in the way of real work: it starts only after `delayMs`, each step is one small
 * load in its own task, and it stops for good before any step once `busy()` is true (a real
 * request has arrived; a load requested at start-up, from a link or an embedding page, means no
 * warm-up at all).
 */
import { createEngine } from './engine.ts';
import type { FromWorker, LoadResult, TopologyGraph } from './protocol.ts';
import { synthText } from '../core/synth/generator.ts';
import type { SynthFormat } from '../core/synth/generator.ts';

export interface WarmUpOptions {
  /** True once real work has arrived: the warm-up stops before its next step. */
  busy(): boolean;
  /** Wait before the first step (default 100 ms: the page's own start-up goes first). */
  delayMs?: number;
  /** Spans per document (default 2,500: past the first early snapshot, EARLY_VIEW_SPANS). */
  spans?: number;
  formats?: readonly SynthFormat[];
}

/** What one step loaded (for tests): spans and errors as the scratch engine's load result said. */
export interface WarmUpStep {
  readonly format: SynthFormat;
  readonly spans: number;
  readonly errors: number;
  readonly graphNodes: number;
}

export interface WarmUpResult {
  readonly steps: readonly WarmUpStep[];
  /** False when `busy()` stopped it before the last step. */
  readonly complete: boolean;
}

const FORMATS: readonly SynthFormat[] = ['otlp', 'jaeger', 'zipkin'];

function task(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One request to the scratch engine, answered with its `result` value (or null on an error). */
function ask(answers: Map<number, (m: FromWorker) => void>, id: number, send: () => void): Promise<unknown> {
  return new Promise((resolve) => {
    answers.set(id, (m) => resolve(m.kind === 'result' ? m.value : null));
    send();
  });
}

export async function warmUp(options: WarmUpOptions): Promise<WarmUpResult> {
  const answers = new Map<number, (m: FromWorker) => void>();
  const engine = createEngine({
    post: (m) => {
      if (m.kind !== 'result' && m.kind !== 'error') return;
      const done = answers.get(m.id);
      answers.delete(m.id);
      done?.(m);
    },
  });
  const steps: WarmUpStep[] = [];
  const formats = options.formats ?? FORMATS;
  await task(options.delayMs ?? 100);
  let id = 0;
  for (const format of formats) {
    if (options.busy()) return { steps, complete: false };
    const viewer = `warm-up-${format}`;
    const file = new File([synthText(format, { spans: options.spans ?? 2_500, seed: 7 })], `warm-up.${format}.json`);
    const loaded = (await ask(answers, ++id, () => engine.handle({ kind: 'load', id, viewer, files: [file] }))) as LoadResult | null;
    let graphNodes = -1;
    if (loaded !== null && !options.busy()) {
      const g = (await ask(answers, ++id, () => engine.handle({ kind: 'graph', id, viewer, trace: null, brokerNodes: false }))) as TopologyGraph | null;
      graphNodes = g?.graph.nodes.length ?? -1;
    }
    await ask(answers, ++id, () => engine.handle({ kind: 'dispose', id, viewer }));
    steps.push({ format, spans: loaded?.view.spanCount ?? -1, errors: loaded?.view.summary.errors.length ?? -1, graphNodes });
    await task(0);
  }
  return { steps, complete: true };
}
