import { describe, expect, it } from 'vitest';
import { warmUp } from './warm-up.ts';

describe('worker warm-up', () => {
  it('loads a synthetic document of each format through the engine and derives its graph', async () => {
    const r = await warmUp({ busy: () => false, delayMs: 0, spans: 2_500 });
    expect(r.complete).toBe(true);
    expect(r.steps.map((s) => s.format)).toEqual(['otlp', 'jaeger', 'zipkin']);
    for (const s of r.steps) {
      // every span of the document reached the finished view, nothing failed, and the graph has services
      expect(s.spans, s.format).toBe(2_500);
      expect(s.errors, s.format).toBe(0);
      expect(s.graphNodes, s.format).toBeGreaterThan(1);
    }
  });

  it('does nothing when real work arrived before it started', async () => {
    const r = await warmUp({ busy: () => true, delayMs: 0, spans: 200 });
    expect(r).toEqual({ steps: [], complete: false });
  });

  it('stops before its next step once real work arrives', async () => {
    let busy = false;
    let asked = 0;
    const r = await warmUp({
      busy: () => {
        // the first checks (before the first load, before its graph) see an idle worker; then a request "arrives"
        asked++;
        if (asked > 2) busy = true;
        return busy;
      },
      delayMs: 0,
      spans: 200,
    });
    expect(r.complete).toBe(false);
    expect(r.steps).toHaveLength(1);
    expect(r.steps[0]).toMatchObject({ format: 'otlp', spans: 200, errors: 0 });
  });
});
