/** Span-kind lint: what each code means, and findings as readable entries (built on demand, not per span). */
import type { Dataset } from '../model/types.ts';
import { kindName, serviceName, spanName } from '../model/access.ts';
import { formatDuration } from '../lib/time.ts';
import type { DiagnosticCode, ServiceGraph } from './types.ts';
import { UNKNOWN_SERVICE } from './derive.ts';

/** Per code: a title and one line on why it distorts analysis. */
export const DIAGNOSTIC_INFO: Readonly<Record<DiagnosticCode, { title: string; why: string }>> = {
  KIND_UNSPECIFIED: {
    title: 'Span kind not set',
    why: 'a span without a kind is never paired, so a remote call it stands for is missing from the service graph',
  },
  ORPHAN_SPAN: {
    title: 'Parent not in the trace',
    why: 'the caller of this span is not loaded, so its incoming call cannot be attributed (the peers drop it too)',
  },
  SERVER_WITH_LOCAL_PARENT: {
    title: 'SERVER span with a local parent',
    why: 'a SERVER whose parent runs in the same service and is not a CLIENT did not receive a remote call: it inflates request counts and hides the real entry point',
  },
  UNMARKED_SERVICE_HOP: {
    title: 'Service boundary without CLIENT/SERVER spans',
    why: 'the parent is in another service but the pair is not CLIENT/PRODUCER to SERVER/CONSUMER, so this call between services is not in the graph',
  },
  ASYNC_AS_SYNC: {
    title: 'Messaging and RPC kinds mixed',
    why: 'a CONSUMER under a CLIENT, or a SERVER under a PRODUCER, mixes request/response with messaging: the edge type, latency and queue lag are unreliable',
  },
  NESTED_CLIENT: {
    title: 'CLIENT inside a CLIENT',
    why: 'one outgoing call is recorded by two CLIENT spans of the same service (two instrumentations), so it can be counted twice; the outer one is not drawn unless it names its peer',
  },
  CLIENT_WITHOUT_REMOTE_CHILD: {
    title: 'CLIENT without a SERVER child',
    why: 'the callee is not instrumented or its span is lost: the call is drawn to a node inferred from attributes, or counted as unpaired when nothing names the peer',
  },
  PRODUCER_WITHOUT_CONSUMER: {
    title: 'Message nobody consumed',
    why: 'no loaded span consumed this message (no CONSUMER child, no span link to it), so the flow stops at the producer',
  },
  CONSUMER_WITHOUT_PRODUCER: {
    title: 'CONSUMER without a producer',
    why: 'neither its parent nor a span link leads to a loaded PRODUCER, so the sender and the queue lag are unknown',
  },
  CLOCK_SKEW: {
    title: 'SERVER outside its CLIENT',
    why: 'the SERVER starts before or ends after its CLIENT: the hosts\u2019 clocks disagree, so the network gap and the timeline are wrong by about that much',
  },
};

export interface DiagnosticEntry {
  code: DiagnosticCode;
  traceId: string;
  /** The span the finding is about first, then the other span involved. */
  spanIds: string[];
  message: string;
}

function svcLabel(ds: Dataset, i: number): string {
  return serviceName(ds, i) || UNKNOWN_SERVICE;
}

function spanLabel(ds: Dataset, i: number): string {
  return `${kindName(ds, i)} "${spanName(ds, i)}" (${svcLabel(ds, i)})`;
}

/** The one-line message of finding k of a code. */
export function diagnosticMessage(ds: Dataset, graph: ServiceGraph, code: DiagnosticCode, span: number, related: number, value: number): string {
  const what = spanLabel(ds, span);
  const other = related >= 0 ? spanLabel(ds, related) : '';
  switch (code) {
    case 'KIND_UNSPECIFIED':
      return `${what} has no span kind: it is never paired, so a remote call it stands for is missing from the graph`;
    case 'ORPHAN_SPAN':
      return `parent ${ds.missingParentId.get(span) ?? '?'} of ${what} is not in the trace: its caller is unknown, so no edge leads into it`;
    case 'SERVER_WITH_LOCAL_PARENT':
      return `${what} is a child of ${other} in the same service: it did not receive a remote call, so it inflates ${svcLabel(ds, span)}'s request count`;
    case 'UNMARKED_SERVICE_HOP':
      return `${what} is a child of ${other}: the hop from ${svcLabel(ds, related)} to ${svcLabel(ds, span)} has no CLIENT/PRODUCER to SERVER/CONSUMER pair, so this call is not in the graph`;
    case 'ASYNC_AS_SYNC':
      return `${what} is a child of ${other}: request/response and messaging kinds are mixed, so the edge type and its latency or queue lag are unreliable`;
    case 'NESTED_CLIENT':
      return `${what} has a CLIENT child ${other} in the same service: one outgoing call recorded twice may be counted twice`;
    case 'CLIENT_WITHOUT_REMOTE_CHILD':
    case 'PRODUCER_WITHOUT_CONSUMER': {
      const head = code === 'CLIENT_WITHOUT_REMOTE_CHILD' ? `${what} has no SERVER child (callee not instrumented or its span lost)` : `nobody among the loaded traces consumed the message of ${what}`;
      const node = value >= 0 ? graph.nodes[value] : undefined;
      if (!node) return `${head}, and no attribute names its peer: counted as unpaired, not drawn`;
      return node.inferred
        ? `${head}: drawn to inferred node "${node.id}" (named by ${node.namedBy ?? 'nothing'})`
        : `${head}: drawn to service "${node.id}", which its peer attribute names`;
    }
    case 'CONSUMER_WITHOUT_PRODUCER':
      return `${what} has no PRODUCER parent and links to no loaded PRODUCER: its sender and queue lag are unknown`;
    case 'CLOCK_SKEW': {
      const startsBefore = ds.start[related] - ds.start[span];
      const side = startsBefore >= value ? 'starts' : 'ends';
      return `${what} ${side} ${formatDuration(value)} ${side === 'starts' ? 'before' : 'after'} its ${other}: clocks disagree, so the network gap and the timeline are off by about that much`;
    }
  }
}

/**
 * The findings as entries, ordered by code then by span. `limitPerCode` caps each code's list (the
 * sets in the graph keep every finding).
 */
export function diagnosticEntries(ds: Dataset, graph: ServiceGraph, limitPerCode = Number.POSITIVE_INFINITY): DiagnosticEntry[] {
  const out: DiagnosticEntry[] = [];
  for (const set of graph.diagnostics) {
    const count = Math.min(set.count, limitPerCode);
    for (let k = 0; k < count; k++) {
      const span = set.spans[k];
      const related = set.related[k];
      out.push({
        code: set.code,
        traceId: ds.traces[ds.trace[span]]?.id ?? '',
        spanIds: related >= 0 ? [ds.spanId[span], ds.spanId[related]] : [ds.spanId[span]],
        message: diagnosticMessage(ds, graph, set.code, span, related, set.value[k]),
      });
    }
  }
  return out;
}

/** Number of findings per code (codes with none left out). */
export function diagnosticCounts(graph: ServiceGraph): Partial<Record<DiagnosticCode, number>> {
  const out: Partial<Record<DiagnosticCode, number>> = {};
  for (const set of graph.diagnostics) if (set.count > 0) out[set.code] = set.count;
  return out;
}
