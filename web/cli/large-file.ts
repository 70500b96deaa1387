/** Streams a file too large for one JavaScript string through the core's stream reader. */
import { createReadStream, statSync } from 'node:fs';
import type { DatasetBuilder } from '../core/model/builder.ts';
import { StreamImporter } from '../core/stream/stream-importer.ts';

export async function importLargeFile(builder: DatasetBuilder, path: string): Promise<void> {
  // the size lets the reader size the builder's columns once (see StreamImporter.estimate)
  const importer = new StreamImporter(builder, path, { totalBytes: statSync(path).size });
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * 1024 * 1024 })) {
    importer.push(chunk as Uint8Array);
  }
  importer.end();
}
