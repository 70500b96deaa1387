/** The contract between the dispatcher (formats/index.ts) and each format's importer. */
import type { DatasetBuilder } from '../model/builder.ts';
import type { FormatId } from '../model/types.ts';

export interface ImportSink {
  readonly builder: DatasetBuilder;
  readonly fileName: string;
  /**
   * Reports a broken record or field and goes on. `path` is a JSON path into the file, for example
   * `resourceSpans[0].scopeSpans[2].spans[5].spanId`; the message says what is wrong with it.
   */
  problem(path: string, message: string): void;
  /**
   * Reports a problem of a span that is kept (a bad or missing time, a missing name) under its own
   * warning `code`, with the span's ids. `path` and `message` as for `problem`.
   */
  warn(code: string, path: string, message: string, traceId: string, spanId: string): void;
}

/** A sink that drops every report (for the idle readers that keep hidden classes alive). */
export function silentSink(builder: DatasetBuilder): ImportSink {
  return { builder, fileName: '', problem: () => undefined, warn: () => undefined };
}

export interface Importer {
  readonly id: FormatId;
  /** Human name, as listed in "formats tried" messages. */
  readonly label: string;
  /**
   * Decides by content (never by file name) whether a parsed JSON document is of this format.
   * Returns null when it fits, else one line saying why not (shown when no format fits).
   */
  misfit(json: unknown): string | null;
  /**
   * Adds every readable span of the document to `sink.builder`. Must never throw on bad data:
   * broken records are reported with `sink.problem` and skipped, the rest is imported. Must never
   * let a JSON key reach an object prototype (read with own-property checks, build no objects
   * keyed by data).
   */
  importJson(json: unknown, sink: ImportSink): void;
}

/** Own-property read that is safe for keys such as __proto__ (JSON.parse creates them as own data). */
export function own(o: unknown, key: string): unknown {
  return o !== null && typeof o === 'object' && Object.prototype.hasOwnProperty.call(o, key) ? (o as Record<string, unknown>)[key] : undefined;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The own property names of an unchanged Object.prototype. */
const STANDARD_PROTOTYPE = new Set([
  'constructor',
  '__defineGetter__',
  '__defineSetter__',
  'hasOwnProperty',
  '__lookupGetter__',
  '__lookupSetter__',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toString',
  'valueOf',
  '__proto__',
  'toLocaleString',
]);

/**
 * True when Object.prototype has only its standard properties, none of them enumerable. Importers
 * check this at the start of each import: then a record from JSON.parse (whose prototype is
 * Object.prototype) has, under any field name they read, its own value or none, and for-in visits
 * its own keys only, so the per-field own-property checks (one call each, on every field of every
 * span) can be skipped. When a page has added to Object.prototype, every read is checked as before.
 */
export function prototypeIsClean(): boolean {
  if (Object.keys(Object.prototype).length > 0) return false;
  for (const name of Object.getOwnPropertyNames(Object.prototype)) if (!STANDARD_PROTOTYPE.has(name)) return false;
  return true;
}
