/**
 * One big trace as Zipkin v2 JSON, for the waterfall at scale (e2e/waterfall-perf.spec.ts and the
 * single-trace part of bench/browser.ts): the waterfall of a trace of 100k or 1M spans, not of one
 * of many small traces.
 */
/** One trace: a root SERVER calling ~N/24 services; each call has a SERVER side with a fan-out of identical SELECTs, some producer → consumer hand-offs and internal work. */
export function bigTrace(n: number): string {
  const us = 1_700_000_000_000_000;
  const hex = (k: number) => k.toString(16).padStart(16, '0');
  const out: string[] = [];
  let id = 0;
  const mk = (parent: string | null, kind: string | null, name: string, svc: number, ts: number, dur: number): string => {
    const sid = hex(++id);
    const o: Record<string, unknown> = { traceId: 'abcdef0123456789', id: sid, name, timestamp: ts, duration: dur, localEndpoint: { serviceName: `svc-${svc % 23}` } };
    if (parent) o.parentId = parent;
    if (kind) o.kind = kind;
    if (id % 997 === 0) o.tags = { error: 'boom' };
    out.push(JSON.stringify(o));
    return sid;
  };
  const root = mk(null, 'SERVER', 'GET /big', 0, us, 10_000_000);
  let left = n - 1;
  let t = us + 10;
  for (let k = 1; left > 0; k++) {
    const s = k % 23;
    const c = mk(root, 'CLIENT', `call ${s}`, 0, t, 5000);
    if (--left <= 0) break;
    const srv = mk(c, 'SERVER', `handle ${s}`, s, t + 100, 4800);
    left--;
    const fan = Math.min(left, 2 + (k % 40));
    for (let j = 0; j < fan; j++, left--) mk(srv, 'CLIENT', 'SELECT items', s, t + 200 + j * 10, 8);
    if (left > 2 && k % 5 === 0) {
      const p = mk(srv, 'PRODUCER', 'publish orders', s, t + 900, 50);
      mk(p, 'CONSUMER', 'process orders', s + 1, t + 3000, 400);
      left -= 2;
    }
    if (left > 0 && k % 3 === 0) {
      mk(srv, null, 'internal work', s, t + 1000, 2000);
      left--;
    }
    t += 300;
  }
  return `[${out.join(',\n')}]`;
}
