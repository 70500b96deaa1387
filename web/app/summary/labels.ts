/** Display names for formats, and time formatting for lists. */
import type { FormatId } from '../../core/model/types.ts';

export const FORMAT_LABELS: Record<FormatId, string> = {
  otlp: 'OTLP JSON',
  'otlp-jsonl': 'OTLP JSON lines',
  jaeger: 'Jaeger JSON',
  zipkin: 'Zipkin v2 JSON',
};

export function formatLabel(format: FormatId | null): string {
  return format === null ? 'not loaded' : (FORMAT_LABELS[format] ?? format);
}

/** Unix nanoseconds as a UTC date and time with milliseconds: "2024-05-01 12:34:56.789". */
export function formatEpoch(epochNs: bigint): string {
  const ms = Number(epochNs / 1_000_000n);
  if (!Number.isFinite(ms) || ms <= 0) return '—';
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '—';
  return d.toISOString().replace('T', ' ').replace('Z', '');
}
