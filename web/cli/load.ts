/** Loads files from disk into a Dataset with the same core the app uses. */
import { readFile, stat } from 'node:fs/promises';
import { DatasetBuilder } from '../core/model/builder.ts';
import type { Dataset } from '../core/model/types.ts';
import { importText } from '../core/formats/index.ts';

/** V8 cannot hold one string longer than about 512 MB; bigger files go through the stream reader. */
export const MAX_STRING_BYTES = 400 * 1024 * 1024;

export async function loadFiles(paths: readonly string[]): Promise<Dataset> {
  const builder = new DatasetBuilder();
  for (const p of paths) {
    let size: number;
    try {
      size = (await stat(p)).size;
    } catch (e) {
      builder.beginFile(p, 'otlp', 0);
      builder.error(p, `cannot read: ${(e as Error).message}`);
      continue;
    }
    if (size > MAX_STRING_BYTES) {
      const { importLargeFile } = await import('./large-file.ts');
      await importLargeFile(builder, p);
      continue;
    }
    let text: string;
    try {
      text = await readFile(p, 'utf8');
    } catch (e) {
      builder.beginFile(p, 'otlp', 0);
      builder.error(p, `cannot read: ${(e as Error).message}`);
      continue;
    }
    importText(builder, p, text);
  }
  return builder.finish();
}
