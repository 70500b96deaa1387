/**
 * Where a trace can come from besides a local file: a URL, or a trace backend asked for one trace
 * id (Jaeger, Tempo, Zipkin). This module builds the request and turns a failed fetch into words a
 * person can act on; the store fetches through its QueryClient (retries included) and hands the
 * body to the worker as a file, whose importers detect the response shape by content.
 *
 * Every answer is untrusted: it is only ever parsed as trace data, and shown as text.
 */

export const BACKENDS = {
  jaeger: { label: 'Jaeger (query API /api/traces)', short: 'Jaeger', path: (id: string) => `/api/traces/${id}` },
  'jaeger-v3': { label: 'Jaeger (API v3, OTLP)', short: 'Jaeger', path: (id: string) => `/api/v3/traces/${id}` },
  tempo: { label: 'Grafana Tempo (/api/traces)', short: 'Tempo', path: (id: string) => `/api/traces/${id}` },
  'tempo-v2': { label: 'Grafana Tempo (/api/v2/traces)', short: 'Tempo', path: (id: string) => `/api/v2/traces/${id}` },
  zipkin: { label: 'Zipkin (/api/v2/trace)', short: 'Zipkin', path: (id: string) => `/api/v2/trace/${id}` },
} as const;

export type BackendId = keyof typeof BACKENDS;
export const BACKEND_IDS = Object.keys(BACKENDS) as BackendId[];

export function isBackendId(s: string | null | undefined): s is BackendId {
  return typeof s === 'string' && Object.prototype.hasOwnProperty.call(BACKENDS, s);
}

export type TraceSource = { readonly kind: 'url'; readonly url: string } | { readonly kind: 'backend'; readonly backend: BackendId; readonly base: string; readonly traceId: string };

/** Trace ids as backends take them: hex (Jaeger and Zipkin allow 16 or 32 digits; shorter ones are padded by some). */
export const TRACE_ID = /^[0-9a-fA-F]{1,32}$/;

/** A problem fetching a trace, in words; `retryable` when trying again may help (network, 5xx). */
export class FetchProblem extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'FetchProblem';
  }
}

export const CORS_OR_NETWORK = 'the server did not allow this page to read it (CORS) or could not be reached';

/** Resolves `url` against the page and accepts only http(s). Throws FetchProblem otherwise. */
export function httpUrl(url: string, base?: string): URL {
  let u: URL;
  try {
    u = new URL(url.trim(), base);
  } catch {
    throw new FetchProblem(`"${url.slice(0, 200)}" is not a valid URL`, false);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new FetchProblem(`only http and https URLs can be opened, not ${u.protocol}`, false);
  return u;
}

/** The request URL of a backend source. */
export function backendUrl(backend: BackendId, base: string, traceId: string): URL {
  const id = traceId.trim();
  if (!TRACE_ID.test(id)) throw new FetchProblem(`"${id.slice(0, 80)}" is not a trace id (1 to 32 hexadecimal digits)`, false);
  const b = httpUrl(base);
  const prefix = b.pathname.replace(/\/+$/, '');
  return new URL(`${b.origin}${prefix}${BACKENDS[backend].path(id.toLowerCase())}`);
}

/** The file name a source's body is loaded under. */
export function sourceFileName(src: TraceSource): string {
  if (src.kind === 'backend') return `${src.backend}-${src.traceId.trim().toLowerCase()}.json`;
  let last = '';
  try {
    last = new URL(src.url, 'http://x/').pathname.split('/').pop() ?? '';
    last = decodeURIComponent(last);
  } catch {
    /* keep what we have */
  }
  return last || 'download.json';
}

/** The start of a message about a failed fetch of `src` (loaded as `name`). */
export function couldNot(src: TraceSource, name: string): string {
  return src.kind === 'url' ? `Could not fetch ${name}` : `Could not load trace ${src.traceId} from ${BACKENDS[src.backend].short} at ${src.base}`;
}

function isAbort(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}

const RETRY_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

/** Looks at a backend's JSON answer for "no such trace" in its own words. */
function backendEmpty(json: unknown): string | null {
  if (Array.isArray(json)) return json.length === 0 ? 'trace not found (the backend returned no spans)' : null;
  if (json === null || typeof json !== 'object') return 'the backend answered with JSON that is not a trace';
  const o = json as Record<string, unknown>;
  const errors = Array.isArray(o.errors) ? o.errors : [];
  const data = o.data;
  if (errors.length > 0 && (!Array.isArray(data) || data.length === 0)) {
    const first = errors[0] as { msg?: unknown; code?: unknown } | null;
    const msg = first && typeof first.msg === 'string' ? first.msg : 'unknown error';
    return /not found/i.test(msg) ? 'trace not found' : `the backend reported an error: ${msg.slice(0, 300)}`;
  }
  if (Array.isArray(data) && data.length === 0) return 'trace not found (the backend returned no traces)';
  if (Array.isArray(o.batches) && o.batches.length === 0) return 'trace not found (the backend returned no spans)';
  return null;
}

/**
 * Fetches a source's body once (no retry here; the caller's query retries FetchProblems marked
 * retryable). A backend's answer must be JSON and name at least one span-holding object.
 */
export async function fetchSourceBody(doFetch: typeof fetch, src: TraceSource, signal: AbortSignal | undefined, pageBase?: string): Promise<Blob> {
  const url = src.kind === 'url' ? httpUrl(src.url, pageBase) : backendUrl(src.backend, src.base, src.traceId);
  let res: Response;
  try {
    res = await doFetch(url.href, { signal, credentials: 'omit', headers: src.kind === 'backend' ? { Accept: 'application/json' } : undefined });
  } catch (e) {
    if (isAbort(e)) throw e;
    // fetch() rejects with a TypeError for CORS refusals and network failures alike.
    throw new FetchProblem(CORS_OR_NETWORK, true);
  }
  if (!res.ok) {
    const status = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
    if (src.kind === 'backend' && res.status === 404) throw new FetchProblem(`trace not found (${status})`, false);
    throw new FetchProblem(status, RETRY_STATUS.has(res.status));
  }
  let blob: Blob;
  try {
    blob = await res.blob();
  } catch (e) {
    if (isAbort(e)) throw e;
    throw new FetchProblem(`the download broke off (${e instanceof Error ? e.message : String(e)})`, true);
  }
  if (src.kind === 'backend') {
    let json: unknown;
    try {
      json = JSON.parse(await blob.text());
    } catch (e) {
      throw new FetchProblem(`the backend's answer is not valid JSON (${e instanceof Error ? e.message.slice(0, 200) : 'parse error'}); is the base URL right?`, false);
    }
    const empty = backendEmpty(json);
    if (empty) throw new FetchProblem(empty, false);
  }
  return blob;
}
