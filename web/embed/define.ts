/**
 * <spanmap-viewer>: the viewer as a custom element for pages without React. It renders
 * <SpanmapViewer> into its own shadow root, with the viewer's styles inside that root, so the
 * page's CSS does not reach the viewer and the viewer's CSS does not reach the page.
 *
 *   <spanmap-viewer src="traces/checkout.json" view="both" theme="auto" height="640px"></spanmap-viewer>
 *
 * Attributes: src (URL, or JSON text starting with { or [), view, theme, height, trace-id, span-id.
 * Changing src loads the new data; the others re-render. The `source` property takes anything
 * <SpanmapViewer>'s `source` prop takes (objects, Files, a fetch function) and wins over src.
 * Events (bubbling, composed): `spanmap-select` (detail: SpanmapSpanInfo) and `spanmap-load`
 * (detail: SpanmapLoadSummary).
 *
 * Styles: a constructed stylesheet (adoptedStyleSheets) where the browser has them, else a <style>
 * element in the shadow root. A page whose Content-Security-Policy forbids inline styles may block
 * the <style> fallback: such pages should use the React component and its CSS file instead.
 */
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import { SpanmapViewer } from './SpanmapViewer.tsx';
import type { SpanmapLoadSummary, SpanmapSpanInfo, SpanmapTheme, SpanmapView } from './SpanmapViewer.tsx';
import type { SpanmapSource } from './source.ts';
import { VIEWER_CSS } from './styles.ts';

export const SPANMAP_ELEMENT_NAME = 'spanmap-viewer';

const HOST_CSS = ':host { display: block; } :host([hidden]) { display: none; }';
const VIEWS: readonly SpanmapView[] = ['waterfall', 'topology', 'both'];
const THEMES: readonly SpanmapTheme[] = ['light', 'dark', 'auto'];

let sharedSheet: CSSStyleSheet | null | undefined;
/** One parsed sheet for every element on the page (null where constructed sheets are missing). */
function constructedSheet(): CSSStyleSheet | null {
  if (sharedSheet !== undefined) return sharedSheet;
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(`${HOST_CSS}\n${VIEWER_CSS}`);
    sharedSheet = sheet;
  } catch {
    sharedSheet = null;
  }
  return sharedSheet;
}

export interface SpanmapElementEventMap {
  'spanmap-select': CustomEvent<SpanmapSpanInfo>;
  'spanmap-load': CustomEvent<SpanmapLoadSummary>;
}

/** The class behind <spanmap-viewer> (registered by defineSpanmapElement). Browser-only. */
export class SpanmapViewerElement extends HTMLElement {
  static readonly observedAttributes = ['src', 'view', 'theme', 'height', 'trace-id', 'span-id'];

  #root: Root | null = null;
  #mount: HTMLDivElement | null = null;
  #source: SpanmapSource | null = null;

  /** Data to show instead of the src attribute (anything <SpanmapViewer>'s `source` takes). */
  get source(): SpanmapSource | null {
    return this.#source;
  }
  set source(value: SpanmapSource | null) {
    this.#source = value;
    this.#render();
  }

  connectedCallback(): void {
    const shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    if (!this.#mount) {
      const sheet = constructedSheet();
      if (sheet) shadow.adoptedStyleSheets = [sheet];
      else {
        const style = document.createElement('style');
        style.textContent = `${HOST_CSS}\n${VIEWER_CSS}`;
        shadow.append(style);
      }
      this.#mount = document.createElement('div');
      shadow.append(this.#mount);
    }
    if (!this.#root) this.#root = createRoot(this.#mount);
    this.#render();
  }

  disconnectedCallback(): void {
    // Unmounting stops the viewer's worker; moving the element re-creates it (and reloads).
    this.#root?.unmount();
    this.#root = null;
  }

  attributeChangedCallback(): void {
    this.#render();
  }

  #render(): void {
    if (!this.#root) return;
    const view = this.getAttribute('view') as SpanmapView | null;
    const theme = this.getAttribute('theme') as SpanmapTheme | null;
    this.#root.render(
      createElement(SpanmapViewer, {
        source: this.#source ?? this.getAttribute('src'),
        view: view && VIEWS.includes(view) ? view : 'both',
        theme: theme && THEMES.includes(theme) ? theme : 'light',
        height: this.getAttribute('height') ?? undefined,
        initialTraceId: this.getAttribute('trace-id') ?? undefined,
        initialSpanId: this.getAttribute('span-id') ?? undefined,
        onSpanSelect: (detail) => this.dispatchEvent(new CustomEvent('spanmap-select', { detail, bubbles: true, composed: true })),
        onLoad: (detail) => this.dispatchEvent(new CustomEvent('spanmap-load', { detail, bubbles: true, composed: true })),
      }),
    );
  }
}

/** Registers <spanmap-viewer> (or `name`) unless that name is taken. Returns the element class. */
export function defineSpanmapElement(name: string = SPANMAP_ELEMENT_NAME): CustomElementConstructor {
  const existing = customElements.get(name);
  if (existing) return existing;
  // A subclass per name: one constructor cannot be registered twice.
  const cls = name === SPANMAP_ELEMENT_NAME ? SpanmapViewerElement : class extends SpanmapViewerElement {};
  customElements.define(name, cls);
  return cls;
}

declare global {
  interface HTMLElementTagNameMap {
    'spanmap-viewer': SpanmapViewerElement;
  }
}
