import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { main } from './main.ts';
import { SHARED_DIR } from '../test/fixtures.ts';

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n') });
  return { code, out, err };
}

describe('spanmap inspect', () => {
  it('prints the stable --json summary and exits 0 when anything loaded', async () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'spanmap-')), 'bad.json');
    writeFileSync(bad, '{"nope": true}');
    const r = await run(['inspect', join(SHARED_DIR, 'otlp/jaeger-hotrod-apiv3.json'), bad, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(['files', 'traces', 'spans', 'services', 'kinds', 'warnings', 'errors']);
    expect(j.files).toEqual([
      { file: join(SHARED_DIR, 'otlp/jaeger-hotrod-apiv3.json'), format: 'otlp' },
      { file: bad, format: null },
    ]);
    expect(j.traces).toBe(1);
    expect(j.spans).toBe(40);
    expect(j.services).toEqual(['customer', 'driver', 'frontend', 'mysql', 'redis-manual', 'route']);
    expect(j.kinds).toEqual({ UNSPECIFIED: 0, INTERNAL: 0, SERVER: 13, CLIENT: 27, PRODUCER: 0, CONSUMER: 0 });
    expect(j.errors).toHaveLength(1);
    expect(j.errors[0].file).toBe(bad);
  });

  it('exits 1 when nothing loaded, and prints text without --json', async () => {
    const r = await run(['inspect', '/nonexistent/file.json']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('0 trace(s), 0 span(s)');
    expect(r.out).toContain('cannot read');
  });

  it('rejects unknown options and commands with usage', async () => {
    expect((await run(['inspect', 'x.json', '--yaml'])).code).toBe(2);
    expect((await run(['frobnicate'])).err).toContain('usage:');
  });
});
