/** Streams a file too large for one JavaScript string through the core's stream reader. */
import { createReadStream } from 'node:fs';
import type { DatasetBuilder } from '../core/model/builder.ts';
import { StreamImporter } from '../core/stream/stream-importer.ts';

export async function importLargeFile(builder: DatasetBuilder, path: string): Promise<void> {
  const importer = new StreamImporter(builder, path);
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * 1024 * 1024 })) {
    importer.push(chunk as Uint8Array);
  }
  importer.end();
}
