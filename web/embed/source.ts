/**
 * What a <SpanmapViewer> can load, and how each kind of source becomes files for the viewer's
 * store. Nothing here touches the page URL: URLs are only fetched.
 */
import type { ViewerStore } from '../state/index.ts';

/** A function the viewer calls to get the trace data (it may use the signal to stop a fetch). */
export type SpanmapFetcher = (signal: AbortSignal) => Promise<Response | Blob | string> | Response | Blob | string;

/**
 * The trace data to show:
 * - a string: JSON text when it starts with `{` or `[`, otherwise a URL (relative URLs resolve
 *   against the page) that is fetched;
 * - a `URL`;
 * - a parsed trace object (OTLP, Jaeger or Zipkin JSON) or array;
 * - a `File`/`Blob`, or an array of Files (merged into one dataset);
 * - a function returning a `Response`, `Blob` or string (of JSON text), or a promise of one.
 */
export type SpanmapSource = string | URL | File | Blob | readonly File[] | SpanmapFetcher | object;

const DEFAULT_NAME = 'trace.json';

function looksLikeJson(s: string): boolean {
  const t = s.trimStart();
  return t.startsWith('{') || t.startsWith('[');
}

function fileOf(data: Blob | string, name: string): File {
  if (data instanceof File) return data;
  return new File([data], name, { type: 'application/json' });
}

async function fromResponse(res: Response, name: string): Promise<File> {
  if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`.trim());
  const fromUrl = res.url ? decodeURIComponent(new URL(res.url).pathname.split('/').pop() ?? '') : '';
  return fileOf(await res.blob(), fromUrl || name);
}

/**
 * Loads `source` into `store` (merged with what it holds; callers reset first). Never rejects
 * because of the data: problems become notices or file errors in the store, as for the hosted app.
 */
export async function loadSource(store: ViewerStore, source: SpanmapSource | null | undefined, signal: AbortSignal): Promise<void> {
  const state = store.getState();
  if (source === null || source === undefined) return;
  if (typeof source === 'string') {
    if (looksLikeJson(source)) return state.loadFiles([fileOf(source, DEFAULT_NAME)]);
    return state.loadUrl(source);
  }
  if (source instanceof URL) return state.loadUrl(source.href);
  if (typeof Blob !== 'undefined' && source instanceof Blob) return state.loadFiles([fileOf(source, DEFAULT_NAME)]);
  if (Array.isArray(source) && source.every((f) => typeof File !== 'undefined' && f instanceof File)) return state.loadFiles(source as File[]);
  if (typeof source === 'function') {
    let file: File;
    try {
      const out = await (source as SpanmapFetcher)(signal);
      if (signal.aborted) return;
      if (typeof out === 'string') file = fileOf(out, DEFAULT_NAME);
      else if (out instanceof Blob) file = fileOf(out, DEFAULT_NAME);
      else file = await fromResponse(out, DEFAULT_NAME);
    } catch (e) {
      if (signal.aborted) return;
      // Reported like a failed URL fetch: as a notice of this viewer.
      store.setState((s) => ({ notices: [...s.notices, { id: -1 - s.notices.length, message: `Could not get the trace data: ${(e as Error).message}` }] }));
      return;
    }
    if (signal.aborted) return;
    return state.loadFiles([file]);
  }
  // A parsed trace object (or array of them).
  return state.loadFiles([fileOf(JSON.stringify(source), DEFAULT_NAME)]);
}
