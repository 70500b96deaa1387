/** The compact, stable summary of a Dataset: what `spanmap inspect --json` prints and tests compare. */
import type { Dataset, FormatId, SpanKindName } from './types.ts';
import { KIND_NAMES } from './types.ts';

export interface DatasetSummary {
  files: { file: string; format: FormatId | null }[];
  traces: number;
  spans: number;
  services: string[];
  kinds: Record<SpanKindName, number>;
  warnings: { code: string; message: string; where: string }[];
  errors: { file: string; message: string }[];
}

export function summarize(ds: Dataset): DatasetSummary {
  const kinds = Object.fromEntries(KIND_NAMES.map((k) => [k, 0])) as Record<SpanKindName, number>;
  for (let i = 0; i < ds.spanCount; i++) kinds[KIND_NAMES[ds.kind[i]]]++;
  const services = new Set<string>();
  const usedResources = new Uint8Array(ds.resources.length);
  for (let i = 0; i < ds.spanCount; i++) usedResources[ds.resource[i]] = 1;
  ds.resources.forEach((r, k) => {
    if (usedResources[k] && r.serviceName !== '') services.add(r.serviceName);
  });
  const failed = new Set(ds.errors.map((e) => e.file));
  return {
    files: ds.files.map((f) => ({ file: f.name, format: failed.has(f.name) && f.spanRecords === 0 ? null : f.format })),
    traces: ds.traces.length,
    spans: ds.spanCount,
    services: [...services].sort(),
    kinds,
    warnings: ds.warnings.map((w) => ({ code: w.code, message: w.message, where: w.where })),
    errors: ds.errors.map((e) => ({ file: e.file, message: e.message })),
  };
}
