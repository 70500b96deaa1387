/** The demo gallery's manifest (public/demo/index.json), fetched relative to the page. */

export interface Demo {
  /** The file in DEMO_DIR, or for a generated demo its generated file's name (see GENERATED). */
  readonly file: string;
  /** Spans to generate in the browser (core/synth) instead of fetching a file; 0 for a file. */
  readonly generate: number;
  readonly title: string;
  readonly format: string;
  readonly spans: number;
  readonly services: number;
  readonly description: string;
  readonly source: string;
}

export const DEMO_DIR = 'demo/';

/** A demo file's URL relative to the page (works when the app is served from a sub-path). */
export function demoUrl(file: string): string {
  return DEMO_DIR + encodeURIComponent(file);
}

/** A generated demo's file name: the spans to generate are in it, so a shared link can regenerate it. */
export const GENERATED = /^generated-(\d{1,7})-spans\.otlp\.json$/;
export const generatedName = (spans: number) => `generated-${spans}-spans.otlp.json`;
/** The most spans a generated demo (or a link naming one) may ask for. */
export const MAX_GENERATED = 1_000_000;

/** Opens a demo by its file name: fetches it, or generates it in the worker when GENERATED names it. */
export function openDemo(viewer: { loadUrl(url: string, name?: string): Promise<void>; loadGenerated(spans: number, seed?: number): Promise<void> }, file: string): Promise<void> {
  const m = GENERATED.exec(file);
  if (m) return viewer.loadGenerated(Math.min(Number(m[1]), MAX_GENERATED), 1);
  return viewer.loadUrl(demoUrl(file), file);
}

type RawDemo = Record<string, unknown> & { title: string };

function isDemo(d: unknown): d is RawDemo {
  if (d === null || typeof d !== 'object') return false;
  const o = d as Record<string, unknown>;
  const gen = typeof o.generate === 'number' && Number.isInteger(o.generate) && o.generate > 0 && o.generate <= MAX_GENERATED;
  return (gen || (typeof o.file === 'string' && /^[\w.-]+$/.test(o.file))) && typeof o.title === 'string';
}

export async function fetchDemos(signal?: AbortSignal): Promise<Demo[]> {
  const res = await fetch(new URL(`${DEMO_DIR}index.json`, document.baseURI), { signal });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const json = (await res.json()) as { demos?: unknown };
  const list = Array.isArray(json.demos) ? json.demos : [];
  return list.filter(isDemo).map((d) => ({
    generate: typeof d.generate === 'number' ? d.generate : 0,
    file: typeof d.generate === 'number' ? generatedName(d.generate) : String(d.file),
    title: d.title,
    format: typeof d.format === 'string' ? d.format : '',
    spans: typeof d.spans === 'number' ? d.spans : typeof d.generate === 'number' ? d.generate : 0,
    services: typeof d.services === 'number' ? d.services : 0,
    description: typeof d.description === 'string' ? d.description : '',
    source: typeof d.source === 'string' ? d.source : '',
  }));
}
