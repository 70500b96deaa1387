import { describe, expect, it } from 'vitest';
import { formatHash, parseHash } from './url-state.ts';

describe('URL hash state', () => {
  it('round-trips the view state', () => {
    const s = {
      demo: 'lens-messaging-kafka.json',
      trace: '0562809467078eab',
      span: 'b4a2a87ee7f003bc',
      window: { start: 1200, end: 5_600_000 },
      query: 'kind:client error',
      matchesOnly: true,
      services: ['a, b', 'c&d'],
      kinds: [2, 5],
      colorBy: 'service' as const,
      skew: true,
      criticalPath: false,
    };
    const hash = formatHash(s);
    expect(hash).toContain('demo=lens-messaging-kafka.json');
    expect(hash).toContain('kind=server&kind=consumer');
    expect(parseHash(`#${hash}`)).toEqual(s);
  });

  it('defaults, and ignores what it cannot use', () => {
    expect(parseHash('')).toEqual({ demo: null, trace: null, span: null, window: null, query: '', matchesOnly: false, services: [], kinds: [], colorBy: 'kind', skew: false, criticalPath: true });
    const odd = parseHash('#demo=../../etc/passwd&t=9-3&kind=bogus&color=rainbow');
    expect(odd.demo).toBeNull();
    expect(odd.window).toBeNull();
    expect(odd.kinds).toEqual([]);
    expect(odd.colorBy).toBe('kind');
    expect(formatHash(parseHash(''))).toBe('');
  });
});
