/**
 * Synthetic trace files for the benchmark, generated once and cached in os.tmpdir().
 *
 * The cache key includes a hash of the generator's source, so editing the generator regenerates.
 * Next to each file a small `.meta.json` records its size and the byte range of every element
 * group (see SynthDocument), which the benchmark uses to JSON.parse files beyond V8's string limit
 * in pieces.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { synthDocument } from '../web/test/generator.ts';
import type { SynthFormat } from '../web/test/generator.ts';

export interface SynthFile {
  readonly path: string;
  readonly bytes: number;
  /** [start, end) byte offsets of each element group; the groups are joined by `separator`. */
  readonly groups: readonly (readonly [number, number])[];
  readonly separator: string;
  readonly spans: number;
  readonly format: SynthFormat;
  /** True when this call generated the file (false: taken from the cache). */
  readonly generated: boolean;
  readonly generateMs: number;
}

const GENERATOR = fileURLToPath(new URL('../web/core/synth/generator.ts', import.meta.url));

function generatorHash(): string {
  return createHash('sha256').update(readFileSync(GENERATOR)).digest('hex').slice(0, 12);
}

export function cacheDir(): string {
  return join(tmpdir(), 'spanmap-bench');
}

/** The cached file for this format and size, generated when missing. */
export async function synthFile(format: SynthFormat, spans: number, seed = 1): Promise<SynthFile> {
  const dir = cacheDir();
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `${format}-${spans}-s${seed}-${generatorHash()}`);
  const path = `${base}.${format === 'otlp-jsonl' ? 'jsonl' : 'json'}`;
  const metaPath = `${base}.meta.json`;
  if (existsSync(path) && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as Omit<SynthFile, 'path' | 'generated' | 'generateMs'>;
    return { ...meta, path, generated: false, generateMs: 0 };
  }
  const t0 = performance.now();
  const doc = synthDocument(format, { spans, seed });
  const tmp = `${path}.${process.pid}.tmp`;
  const out = createWriteStream(tmp);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve())));
  const groups: [number, number][] = [];
  let pos = 0;
  let buf = doc.head;
  pos += Buffer.byteLength(doc.head);
  let first = true;
  for (const g of doc.groups) {
    if (!first) {
      buf += doc.separator;
      pos += Buffer.byteLength(doc.separator);
    }
    first = false;
    const len = Buffer.byteLength(g);
    groups.push([pos, pos + len]);
    pos += len;
    buf += g;
    if (buf.length >= 1 << 20) {
      await write(buf);
      buf = '';
    }
  }
  buf += doc.tail;
  pos += Buffer.byteLength(doc.tail);
  await write(buf);
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  renameSync(tmp, path);
  const meta = { bytes: pos, groups, separator: doc.separator, spans, format };
  const metaTmp = `${metaPath}.${process.pid}.tmp`;
  writeFileSync(metaTmp, JSON.stringify(meta));
  renameSync(metaTmp, metaPath);
  return { ...meta, path, generated: true, generateMs: performance.now() - t0 };
}
