/** Structural invariants of a Dataset that every import, however broken its input, must keep. */
import type { Dataset } from '../../core/model/types.ts';

/** Throws with a description of the first broken invariant. */
export function checkDataset(ds: Dataset): void {
  const n = ds.spanCount;
  const fail = (what: string) => {
    throw new Error(`dataset invariant broken: ${what}`);
  };
  const cols: [string, { length: number }][] = [
    ['trace', ds.trace],
    ['parent', ds.parent],
    ['firstChild', ds.firstChild],
    ['nextSibling', ds.nextSibling],
    ['depth', ds.depth],
    ['kind', ds.kind],
    ['status', ds.status],
    ['flags', ds.flags],
    ['name', ds.name],
    ['start', ds.start],
    ['duration', ds.duration],
    ['spanId', ds.spanId],
    ['attrStart', ds.attrStart],
    ['attrCount', ds.attrCount],
  ];
  for (const [name, col] of cols) if (col.length !== n) fail(`${name} has ${col.length} entries for ${n} spans`);
  const seen = new Uint8Array(n);
  let ordered = 0;
  ds.traces.forEach((t, k) => {
    if (typeof t.epochNs !== 'bigint') fail(`trace ${k} epoch is not a bigint`);
    if (!(t.durationNs >= 0) || !Number.isFinite(t.durationNs)) fail(`trace ${k} duration ${t.durationNs}`);
    for (const i of t.order) {
      if (i < 0 || i >= n || seen[i]) fail(`trace ${k} order lists span ${i} twice or out of range`);
      if (ds.trace[i] !== k) fail(`span ${i} in the order of trace ${k} belongs to trace ${ds.trace[i]}`);
      seen[i] = 1;
      ordered++;
    }
    for (const r of t.roots) if (ds.parent[r] !== -1) fail(`root ${r} of trace ${k} has a parent`);
  });
  if (ordered !== n) fail(`the trace orders list ${ordered} of ${n} spans`);
  const children = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const p = ds.parent[i];
    if (p < -1 || p >= n || p === i) fail(`span ${i} has parent ${p}`);
    if (p >= 0) {
      if (ds.trace[p] !== ds.trace[i]) fail(`span ${i} and its parent ${p} are in different traces`);
      if (ds.depth[i] !== ds.depth[p] + 1) fail(`span ${i} has depth ${ds.depth[i]}, its parent ${ds.depth[p]}`);
      children[p]++;
    } else if (ds.depth[i] !== 0) fail(`root span ${i} has depth ${ds.depth[i]}`);
    if (!Number.isFinite(ds.start[i])) fail(`span ${i} starts at ${ds.start[i]}`);
    if (!(ds.duration[i] >= 0) || !Number.isFinite(ds.duration[i])) fail(`span ${i} lasts ${ds.duration[i]}`);
    if (ds.name[i] < 0 || ds.name[i] >= ds.strings.length) fail(`span ${i} name index ${ds.name[i]}`);
    if (ds.resource[i] < 0 || ds.resource[i] >= ds.resources.length) fail(`span ${i} resource ${ds.resource[i]}`);
    if (ds.attrStart[i] + ds.attrCount[i] > ds.attrKey.length) fail(`span ${i} attributes beyond the pool`);
  }
  for (let i = 0; i < n; i++) {
    let c = 0;
    for (let k = ds.firstChild[i]; k !== -1 && c <= n; k = ds.nextSibling[k]) {
      if (ds.parent[k] !== i) fail(`child ${k} of ${i} names parent ${ds.parent[k]}`);
      c++;
    }
    if (c !== children[i]) fail(`span ${i} links ${c} of its ${children[i]} children`);
  }
  for (const w of ds.warnings) if (typeof w.code !== 'string' || typeof w.message !== 'string' || typeof w.where !== 'string') fail('a warning is not text');
  for (const e of ds.errors) if (typeof e.file !== 'string' || typeof e.message !== 'string' || e.message === '') fail('an error is not text');
}
