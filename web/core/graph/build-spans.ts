/**
 * Builds a Dataset from a compact span list through DatasetBuilder, for graph tests and benchmarks
 * (no importer involved). Times are milliseconds from a fixed epoch.
 */
import { DatasetBuilder } from '../model/builder.ts';
import type { Dataset, SpanKindName } from '../model/types.ts';
import { SpanFlag, SpanKind, StatusCode } from '../model/types.ts';

export interface SpanSpec {
  /** Trace id; default "t1". */
  trace?: string;
  id: string;
  /** Parent span id; '' or absent for none. */
  parent?: string;
  kind: SpanKindName;
  /** service.name; '' for a resource without one. */
  svc: string;
  name?: string;
  attrs?: Readonly<Record<string, string | number | boolean>>;
  error?: boolean;
  /** Start, ms from the epoch (default 0); null for no start time. */
  start?: number | null;
  /** Duration in ms (default 1); null for no end time. */
  dur?: number | null;
  links?: readonly { trace?: string; id: string }[];
  /** Zipkin shared server half (same id as its CLIENT). */
  shared?: boolean;
}

/** 2023-11-14T22:13:20Z, a round Unix second. */
export const EPOCH_SEC = 1_700_000_000;

function splitMs(ms: number): [sec: number, nano: number] {
  const totalNs = Math.round(ms * 1e6);
  const sec = Math.floor(totalNs / 1e9);
  return [EPOCH_SEC + sec, totalNs - sec * 1e9];
}

/** Adds the spans to `b` (in a file of their own) without finishing. */
export function addSpans(b: DatasetBuilder, spans: readonly SpanSpec[], fileName = 'spans'): void {
  b.beginFile(fileName, 'otlp', 0);
  const scope = b.scope('test', '', []);
  for (const s of spans) {
    b.beginSpan();
    for (const [k, v] of Object.entries(s.attrs ?? {})) {
      if (typeof v === 'string') b.attrString(k, v);
      else if (typeof v === 'boolean') b.attrBool(k, v);
      else if (Number.isInteger(v)) b.attrInt(k, v);
      else b.attrDouble(k, v);
    }
    for (const l of s.links ?? []) b.link({ traceId: l.trace ?? s.trace ?? 't1', spanId: l.id, traceState: '', attributes: [] });
    const start = s.start === undefined ? 0 : s.start;
    const dur = s.dur === undefined ? 1 : s.dur;
    const [startSec, startNano] = start === null ? [Number.NaN, 0] : splitMs(start);
    const [endSec, endNano] = start === null || dur === null ? [Number.NaN, 0] : splitMs(start + dur);
    b.endSpan({
      traceId: s.trace ?? 't1',
      spanId: s.id,
      parentSpanId: s.parent ?? '',
      name: s.name ?? s.id,
      kind: SpanKind[s.kind],
      resource: b.resource(s.svc, s.svc === '' ? [] : [{ key: 'service.name', value: { type: 'string', value: s.svc } }]),
      scope,
      startSec,
      startNano,
      endSec,
      endNano,
      statusCode: s.error ? StatusCode.ERROR : StatusCode.UNSET,
      statusMessage: '',
      traceState: '',
      flags: s.shared ? SpanFlag.SHARED : 0,
    });
  }
}

export function buildSpans(spans: readonly SpanSpec[]): Dataset {
  const b = new DatasetBuilder();
  addSpans(b, spans);
  return b.finish();
}
