/**
 * Named regression fixtures (manifest.json): every input that once broke an importer, the stream
 * importer or the views' maths loads without a throw and gives the recorded outcome, through
 * importText and through the stream importer in default and in tiny batches.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DatasetBuilder } from '../../core/model/builder.ts';
import { importText } from '../../core/formats/index.ts';
import { StreamImporter } from '../../core/stream/stream-importer.ts';
import type { StreamImportOptions } from '../../core/stream/stream-importer.ts';
import type { Dataset } from '../../core/model/types.ts';
import { deriveGraph } from '../../core/graph/index.ts';
import { buildRows, traceTree } from '../../core/layout/rows.ts';
import { criticalPath } from '../../core/layout/critical-path.ts';
import { adjustSkew } from '../../core/layout/skew.ts';
import { searchSpans } from '../../core/search/search.ts';

interface Outcome {
  format: string | null;
  spans: number;
  traces?: number;
  /** Regular expressions, one per expected file error, in order. */
  errors: string[];
  /** Warning code → count (codes not listed: any count). */
  warnings: Record<string, number>;
}

interface Entry extends Outcome {
  file: string;
  found: string;
  fixed?: string;
  /** What the stream importer gives, when it differs from importText (it keeps records before an error). */
  stream?: Outcome;
  /** Run the stream importer in a child process with a time limit (the fixture once hung it). */
  subprocess?: boolean;
}

const ROOT = join(import.meta.dirname, '../../..');

const DIR = import.meta.dirname;
const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as { fixtures: Entry[] };

function viaText(name: string, text: string): { format: string | null; ds: Dataset } {
  const b = new DatasetBuilder();
  const out = importText(b, name, text);
  return { format: out.format, ds: b.finish() };
}

function viaStream(name: string, bytes: Uint8Array, options: StreamImportOptions, chunk: number): { format: string | null; ds: Dataset } {
  const b = new DatasetBuilder();
  const s = new StreamImporter(b, name, options);
  for (let p = 0; p < bytes.length; p += chunk) s.push(bytes.slice(p, p + chunk));
  const out = s.end();
  return { format: out.format, ds: b.finish() };
}

function expectOutcome(e: Outcome, { format, ds }: { format: string | null; ds: Dataset }): void {
  expect(format).toBe(e.format);
  expect(ds.spanCount).toBe(e.spans);
  if (e.traces !== undefined) expect(ds.traces.length).toBe(e.traces);
  expect(ds.errors.map((x) => x.message)).toHaveLength(e.errors.length);
  e.errors.forEach((re, k) => expect(ds.errors[k].message).toMatch(new RegExp(re)));
  for (const [code, n] of Object.entries(e.warnings)) expect(ds.warnings.filter((w) => w.code === code), code).toHaveLength(n);
  // the views' maths run over it
  deriveGraph(ds);
  for (let t = 0; t < ds.traces.length; t++) {
    const order = ds.traces[t].order;
    buildRows(ds, traceTree(ds, order), { collapsed: new Set(), foldRunsOf: 8 });
    for (const r of ds.traces[t].roots) criticalPath(ds, r);
    adjustSkew(ds, order);
  }
  searchSpans(ds, 'a');
}

describe('regression fixtures', () => {
  it('the manifest lists every fixture file in this folder', () => {
    const files = readdirSync(DIR).filter((f) => !f.endsWith('.ts') && f !== 'manifest.json' && f !== 'README.md');
    expect(files.sort()).toEqual(manifest.fixtures.map((e) => e.file).sort());
  });

  for (const e of manifest.fixtures) {
    it(`${e.file}: ${e.found.slice(0, 80)}`, () => {
      const bytes = readFileSync(join(DIR, e.file));
      const text = new TextDecoder().decode(bytes);
      expectOutcome(e, viaText(e.file, text));
      const streamed = e.stream ?? e;
      for (const [options, chunk] of [
        [{}, 1 << 16],
        [{ batchBytes: 200, runBytes: 64, largeBytes: 300 }, 7],
      ] as const) {
        if (!e.subprocess) {
          expectOutcome(streamed, viaStream(e.file, bytes, options, chunk));
          continue;
        }
        // in a child process: a hang fails this test by the time limit instead of stopping the run
        const run = spawnSync(process.execPath, [join(ROOT, 'bin/run-ts.mjs'), join(DIR, 'stream-one.ts'), join(DIR, e.file), JSON.stringify(options), String(chunk)], { cwd: ROOT, timeout: 30_000, encoding: 'utf8' });
        expect(run.signal, 'the stream importer did not finish within 30 s').toBeNull();
        expect(run.status, run.stderr).toBe(0);
        const got = JSON.parse(run.stdout) as { format: string | null; spans: number; traces: number; errors: string[]; warnings: string[] };
        expect(got.format).toBe(streamed.format);
        expect(got.spans).toBe(streamed.spans);
        if (streamed.traces !== undefined) expect(got.traces).toBe(streamed.traces);
        expect(got.errors).toHaveLength(streamed.errors.length);
        streamed.errors.forEach((re, k) => expect(got.errors[k]).toMatch(new RegExp(re)));
        for (const [code, n] of Object.entries(streamed.warnings)) expect(got.warnings.filter((c) => c === code), code).toHaveLength(n);
      }
    }, 90_000);
  }
});
