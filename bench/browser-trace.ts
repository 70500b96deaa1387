/**
 * Main-thread work per frame, from a Chrome trace. Shared by the browser benchmark
 * (bench/browser.ts) and the structural waterfall test (e2e/waterfall-perf.spec.ts), which only
 * records the numbers: timing belongs in `npm run bench`, not in assertions.
 */
import type { Browser, Page } from '@playwright/test';

export interface FrameStats {
  /** Frames with at least 0.5 ms of main-thread work. */
  frames: number;
  p50: number;
  p95: number;
  max: number;
  /** The longest single main-thread task in the window. */
  maxTask: number;
  /** Whether the numbers are thread time (else wall time). */
  threadTime: boolean;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur: number;
  tdur?: number;
  args?: { name?: string };
}

/**
 * Per-frame statistics of a Chrome trace (JSON with `traceEvents`, categories `toplevel` and `cc`):
 * every top-level task of the renderer's main thread is counted towards the next frame it leads up
 * to (a task running ProxyMain::BeginMainFrame: style, layout, paint, commit), so a frame's cost is
 * its input handling, script and rendering together. Frames with less than 0.5 ms of work (nothing
 * changed) are left out. Thread time (tdur) where Chrome records it: what the main thread spent, not
 * time it waited for a CPU that other processes on a shared machine were using.
 */
export function frameStats(trace: Buffer | string): FrameStats {
  const ev = (JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
  const main = ev.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) throw new Error('no renderer main thread in the trace');
  const onMain = ev.filter((e) => e.ph === 'X' && e.pid === main.pid && e.tid === main.tid);
  const tasks = onMain.filter((e) => e.name === 'ThreadControllerImpl::RunTask').sort((a, b) => a.ts - b.ts);
  const frameStarts = onMain.filter((e) => e.name === 'ProxyMain::BeginMainFrame').map((e) => e.ts);
  const isFrame = (t: TraceEvent) => frameStarts.some((s) => s >= t.ts && s <= t.ts + t.dur);
  const frames: number[] = [];
  let acc = 0;
  const cost = (t: TraceEvent) => (t.tdur ?? t.dur) / 1000;
  for (const t of tasks) {
    acc += cost(t);
    if (isFrame(t)) {
      frames.push(acc);
      acc = 0;
    }
  }
  const busy = frames.filter((f) => f > 0.5).sort((a, b) => a - b);
  const q = (x: number) => busy[Math.min(busy.length - 1, Math.floor(x * busy.length))] ?? 0;
  return {
    frames: busy.length,
    p50: q(0.5),
    p95: q(0.95),
    max: busy[busy.length - 1] ?? 0,
    maxTask: tasks.length > 0 ? Math.max(...tasks.map(cost)) : 0,
    threadTime: tasks.some((t) => t.tdur !== undefined),
  };
}

/** Main-thread work per frame while `fn` runs (see frameStats). */
export async function measureFrames(browser: Browser, page: Page, fn: () => Promise<void>): Promise<FrameStats> {
  await browser.startTracing(page, { categories: ['toplevel', 'cc'] });
  let buf: Buffer;
  try {
    await fn();
  } finally {
    // always stop, so a failing step does not leave tracing on for the next measurement
    buf = await browser.stopTracing();
  }
  return frameStats(buf);
}

export function describeFrames(s: FrameStats): string {
  return `per frame p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(1)} ms over ${s.frames} frames; longest task ${s.maxTask.toFixed(1)} ms (${s.threadTime ? 'thread' : 'wall'} time)`;
}
