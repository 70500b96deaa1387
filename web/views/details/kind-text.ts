/**
 * What each span kind means and how to read its duration, in one line each. Shown at the top of the
 * details panel: the kind decides whether a duration includes the network, the callee or a queue.
 */
import type { SpanKindName } from '../../core/model/types.ts';

export interface KindText {
  /** What a span of this kind stands for. */
  readonly meaning: string;
  /** How to read its duration. */
  readonly duration: string;
}

export const KIND_TEXT: Readonly<Record<SpanKindName, KindText>> = {
  SERVER: {
    meaning: 'handles a request that came from another service or a client',
    duration: 'its duration runs from receiving the request to sending the response: this service’s work, without the network time to and from the caller',
  },
  CLIENT: {
    meaning: 'an outgoing request to another service',
    duration: 'its duration includes network and queueing time and the server’s work',
  },
  PRODUCER: {
    meaning: 'hands a message to a broker or queue, to be processed later and asynchronously',
    duration: 'its duration covers only sending the message, not its delivery or its processing',
  },
  CONSUMER: {
    meaning: 'receives a message that a producer sent, and usually processes it',
    duration: 'its duration covers receiving (and often processing) the message; the time the message waited in the queue is before its start',
  },
  INTERNAL: {
    meaning: 'local work inside one service, with no remote call',
    duration: 'its duration is time spent in the process, including its children',
  },
  UNSPECIFIED: {
    meaning: 'the instrumentation did not say',
    duration: 'Spanmap cannot tell a remote call from local work, so whether its duration includes network time is unknown',
  },
};

/** "CLIENT: an outgoing request to another service; its duration includes …". */
export function kindSentence(kind: SpanKindName): string {
  const t = KIND_TEXT[kind] ?? KIND_TEXT.UNSPECIFIED;
  return `${t.meaning}; ${t.duration}.`;
}
