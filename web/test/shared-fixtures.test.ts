/**
 * Every real trace file in the shared set loads with the span, trace, service and kind counts that
 * its SOURCES.md entry lists: one test per file, the expectations read from SOURCES.md itself.
 */
import { describe, expect, it } from 'vitest';
import { loadShared, readSources, sharedFiles } from './fixtures.ts';
import { summarize } from '../core/model/summary.ts';

const entries = readSources();

describe('shared trace files load as SOURCES.md describes them', () => {
  it('SOURCES.md describes every shared file', () => {
    expect(entries.map((e) => e.path).sort()).toEqual(sharedFiles().filter((f) => /\.jsonl?$/.test(f)));
  });

  for (const e of entries) {
    it(e.path, () => {
      const s = summarize(loadShared(e.path));
      expect(s.errors).toEqual([]);
      expect(s.files[0].format).not.toBeNull();
      expect(s.spans).toBe(e.spans);
      expect(s.traces).toBe(e.traces);
      expect(s.services).toEqual([...e.services].sort());
      const kinds = Object.fromEntries(Object.entries(s.kinds).filter(([, n]) => n > 0));
      expect(kinds).toEqual(e.kinds);
    });
  }
});
