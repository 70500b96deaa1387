/**
 * The span columns the waterfall maths needs. Both the full Dataset (worker, CLI, tests) and the
 * page's light view model (typed arrays sent from the worker) satisfy this shape.
 */
export interface TreeColumns {
  readonly parent: Int32Array;
  readonly firstChild: Int32Array;
  readonly nextSibling: Int32Array;
  readonly depth: Int32Array;
  readonly kind: Uint8Array;
  readonly status: Uint8Array;
  /** Nanoseconds from the trace epoch. */
  readonly start: Float64Array;
  readonly duration: Float64Array;
  readonly resource: Int32Array;
  readonly name: Int32Array;
}
