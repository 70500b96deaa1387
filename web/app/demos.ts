/** The demo gallery's manifest (public/demo/index.json), fetched relative to the page. */

export interface Demo {
  readonly file: string;
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

function isDemo(d: unknown): d is Demo {
  if (d === null || typeof d !== 'object') return false;
  const o = d as Record<string, unknown>;
  return typeof o.file === 'string' && /^[\w.-]+$/.test(o.file) && typeof o.title === 'string';
}

export async function fetchDemos(signal?: AbortSignal): Promise<Demo[]> {
  const res = await fetch(new URL(`${DEMO_DIR}index.json`, document.baseURI), { signal });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const json = (await res.json()) as { demos?: unknown };
  const list = Array.isArray(json.demos) ? json.demos : [];
  return list.filter(isDemo).map((d) => ({
    file: d.file,
    title: d.title,
    format: typeof d.format === 'string' ? d.format : '',
    spans: typeof d.spans === 'number' ? d.spans : 0,
    services: typeof d.services === 'number' ? d.services : 0,
    description: typeof d.description === 'string' ? d.description : '',
    source: typeof d.source === 'string' ? d.source : '',
  }));
}
