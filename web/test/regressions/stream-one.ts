/**
 * Imports one file through the stream importer and prints the outcome as JSON: run in a child
 * process by regressions.test.ts for fixtures that once hung (a hang then fails the test by its
 * timeout instead of stopping the whole run). Usage: node bin/run-ts.mjs stream-one.ts FILE [OPTIONS_JSON] [CHUNK]
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { DatasetBuilder } from '../../core/model/builder.ts';
import { StreamImporter } from '../../core/stream/stream-importer.ts';

const [file, options = '{}', chunk = '65536'] = process.argv.slice(2);
const bytes = readFileSync(file);
const b = new DatasetBuilder();
const s = new StreamImporter(b, basename(file), JSON.parse(options) as object);
const size = Number(chunk);
for (let p = 0; p < bytes.length; p += size) s.push(bytes.subarray(p, p + size));
const out = s.end();
const ds = b.finish();
process.stdout.write(JSON.stringify({ format: out.format, spans: ds.spanCount, traces: ds.traces.length, errors: ds.errors.map((e) => e.message), warnings: ds.warnings.map((w) => w.code) }));
