/** Test helpers: the shared real trace files and their expected counts, read from SOURCES.md. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetBuilder } from '../core/model/builder.ts';
import { importText } from '../core/formats/index.ts';
import type { Dataset } from '../core/model/types.ts';

export const SHARED_DIR = join(import.meta.dirname, 'fixtures', 'shared');

export interface SourcesEntry {
  path: string;
  spans: number;
  traces: number;
  services: string[];
  kinds: Record<string, number>;
}

/** Parses the per-file entries of SOURCES.md (its "Spans:" and "Span kinds:" lines). */
export function readSources(): SourcesEntry[] {
  const text = readFileSync(join(SHARED_DIR, 'SOURCES.md'), 'utf8');
  const out: SourcesEntry[] = [];
  for (const section of text.split(/^### /m).slice(1)) {
    const path = /^`([^`]+)`/.exec(section)?.[1];
    const spans = /^- Spans: (\d+) in (\d+) trace\(s\); services \((\d+)\): ([^\n;]*)/m.exec(section);
    const kinds = /^- Span kinds: ([^\n]*)/m.exec(section);
    if (!path || !spans || !kinds) continue;
    const services = Number(spans[3]) === 0 ? [] : spans[4].split(',').map((s) => s.trim());
    const kindCounts: Record<string, number> = {};
    for (const part of kinds[1].split(',')) {
      const m = /([A-Z]+)(?:\([^)]*\))?:(\d+)/.exec(part.trim());
      if (m) kindCounts[m[1]] = Number(m[2]);
    }
    out.push({ path, spans: Number(spans[1]), traces: Number(spans[2]), services, kinds: kindCounts });
  }
  return out;
}

export function sharedFiles(): string[] {
  const out: string[] = [];
  for (const dir of ['otlp', 'jaeger', 'zipkin']) for (const f of readdirSync(join(SHARED_DIR, dir))) out.push(`${dir}/${f}`);
  return out.sort();
}

export function readShared(path: string): string {
  return readFileSync(join(SHARED_DIR, path), 'utf8');
}

/** Imports texts (name → text) into one dataset. */
export function load(...files: [name: string, text: string][]): Dataset {
  const b = new DatasetBuilder();
  for (const [name, text] of files) importText(b, name, text);
  return b.finish();
}

export function loadShared(...paths: string[]): Dataset {
  return load(...paths.map((p) => [p, readShared(p)] as [string, string]));
}
