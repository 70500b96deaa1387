/**
 * Format detection and dispatch: the single entry point from text to spans.
 *
 * Detection is by content only. A document that parses as JSON is offered to each importer's
 * `misfit` check; text that is not one JSON document but whose lines are (the collector's file
 * exporter writes one ExportTraceServiceRequest per line) is read line by line. Nothing here throws
 * for bad input: the result says what went wrong, with the file name and line:column.
 */
import type { DatasetBuilder } from '../model/builder.ts';
import type { FormatId } from '../model/types.ts';
import { locateJsonError } from '../lib/json-error.ts';
import type { ImportSink, Importer } from './types.ts';
import { otlpImporter } from './otlp.ts';
import { jaegerImporter } from './jaeger.ts';
import { zipkinImporter } from './zipkin.ts';

export const IMPORTERS: readonly Importer[] = [otlpImporter, jaegerImporter, zipkinImporter];

export interface ImportOutcome {
  /** The detected format, or null when nothing was imported from this file. */
  format: FormatId | null;
  /** Spans added by this file. */
  spans: number;
  /** A file-level error (invalid JSON, unknown format), already recorded in the builder. */
  error?: string;
}

function makeSink(builder: DatasetBuilder, fileName: string, linePrefix = ''): ImportSink {
  return {
    builder,
    fileName,
    problem(path, message) {
      builder.warn('BAD_RECORD', `${linePrefix}${path}: ${message}`, `${fileName}: ${linePrefix}${path}`);
    },
    warn(code, path, message, traceId, spanId) {
      builder.warn(code, `${linePrefix}${path}: ${message}`, `${fileName}: ${linePrefix}${path}`, traceId, spanId);
    },
  };
}

/** Which importer fits a parsed document, or the reasons none does. */
export function detect(json: unknown): { importer: Importer } | { reasons: string[] } {
  const reasons: string[] = [];
  for (const imp of IMPORTERS) {
    const why = imp.misfit(json);
    if (why === null) return { importer: imp };
    reasons.push(`${imp.label}: ${why}`);
  }
  return { reasons };
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Imports one file's text into `builder` (call builder.beginFile first is NOT needed: done here). */
export function importText(builder: DatasetBuilder, fileName: string, rawText: string): ImportOutcome {
  const text = stripBom(rawText);
  const before = builder.spanCount;
  builder.beginFile(fileName, 'otlp', rawText.length);
  let json: unknown;
  let parseError: unknown = null;
  try {
    json = JSON.parse(text);
  } catch (e) {
    parseError = e;
  }
  if (parseError === null) return importParsed(builder, fileName, json, before);
  const lines = jsonLines(builder, fileName, text, before);
  if (lines) return lines;
  const loc = locateJsonError(text);
  const message = loc ? `invalid JSON at line ${loc.line}:${loc.column}: ${loc.message}` : `invalid JSON: ${String((parseError as Error)?.message ?? parseError)}`;
  builder.error(fileName, message);
  return { format: null, spans: 0, error: message };
}

/**
 * Imports an already parsed document (used by the stream reader for each batch, and by tests).
 * `importer`, when given, is used without detection (the stream reader's later batches of a
 * document whose format it already knows: a batch of broken records may fit no format).
 */
export function importParsed(builder: DatasetBuilder, fileName: string, json: unknown, before = builder.spanCount, importer?: Importer): ImportOutcome {
  const d = importer !== undefined ? { importer } : detect(json);
  if ('reasons' in d) {
    const message = `not a recognised trace file; tried ${d.reasons.join('; ')}`;
    builder.error(fileName, message);
    return { format: null, spans: 0, error: message };
  }
  builder.setFileFormat(d.importer.id);
  d.importer.importJson(json, makeSink(builder, fileName));
  return { format: d.importer.id, spans: builder.spanCount - before };
}

/**
 * JSON lines: used when the whole text is not JSON but it has several non-empty lines and the first
 * of them is a JSON document of a known format. Each bad line is reported with its number and the
 * rest load. Returns null when the text does not look like JSON lines at all.
 */
function jsonLines(builder: DatasetBuilder, fileName: string, text: string, before: number): ImportOutcome | null {
  let pos = 0;
  let lineNo = 0;
  let sawFirst = false;
  let format: FormatId | null = null;
  let nonEmpty = 0;
  while (pos <= text.length) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = text.length;
    lineNo++;
    const line = text.slice(pos, end).trim();
    pos = end + 1;
    if (line === '') continue;
    nonEmpty++;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      if (!sawFirst) return null; // the first content line is not JSON: not JSON lines
      const loc = locateJsonError(line);
      builder.warn('BAD_LINE', `line ${lineNo}: invalid JSON${loc ? ` at column ${loc.column}: ${loc.message}` : ''}; line skipped`, `${fileName}:${lineNo}${loc ? `:${loc.column}` : ''}`);
      continue;
    }
    const d = detect(json);
    if ('reasons' in d) {
      if (!sawFirst) return null;
      builder.warn('BAD_LINE', `line ${lineNo}: not a trace record (${d.reasons.join('; ')}); line skipped`, `${fileName}:${lineNo}`);
      continue;
    }
    if (!sawFirst) {
      sawFirst = true;
      format = d.importer.id === 'otlp' ? 'otlp-jsonl' : d.importer.id;
      builder.setFileFormat(format);
    }
    d.importer.importJson(json, makeSink(builder, fileName, `line ${lineNo}: `));
  }
  if (!sawFirst || nonEmpty < 2) return null;
  return { format, spans: builder.spanCount - before };
}
