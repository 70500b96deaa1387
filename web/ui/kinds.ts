/**
 * The one span-kind palette: colour, glyph and label per OTLP kind number (SpanKind in
 * core/model/types.ts: 0 UNSPECIFIED … 5 CONSUMER). The summary, the waterfall and the topology all
 * read it from here. Colours are told apart by hue and lightness (Okabe–Ito-like), and every use
 * also shows the glyph, so colour is never the only cue. Each `ink` on its `color` has a contrast
 * ratio of at least 4.5:1 (WCAG AA for small text).
 */
export interface KindStyle {
  /** OTLP kind number. */
  readonly kind: number;
  /** SpanKind name as in the core model. */
  readonly name: 'UNSPECIFIED' | 'INTERNAL' | 'SERVER' | 'CLIENT' | 'PRODUCER' | 'CONSUMER';
  /** Short human label. */
  readonly label: string;
  /** One or two letters drawn on bars and chips. */
  readonly glyph: string;
  /** Fill colour. */
  readonly color: string;
  /** Text colour readable on `color`. */
  readonly ink: string;
  /** A pale tint of the colour for backgrounds. */
  readonly tint: string;
}

export const KIND_STYLES: readonly KindStyle[] = [
  { kind: 0, name: 'UNSPECIFIED', label: 'Unspecified', glyph: 'U', color: '#a8a29e', ink: '#1c1917', tint: '#f5f5f4' },
  { kind: 1, name: 'INTERNAL', label: 'Internal', glyph: 'I', color: '#64748b', ink: '#ffffff', tint: '#f1f5f9' },
  { kind: 2, name: 'SERVER', label: 'Server', glyph: 'S', color: '#1f6fb4', ink: '#ffffff', tint: '#e6f0fa' },
  { kind: 3, name: 'CLIENT', label: 'Client', glyph: 'C', color: '#e69f00', ink: '#1c1917', tint: '#fdf3dc' },
  { kind: 4, name: 'PRODUCER', label: 'Producer', glyph: 'P', color: '#0b7a5c', ink: '#ffffff', tint: '#e2f5ef' },
  { kind: 5, name: 'CONSUMER', label: 'Consumer', glyph: 'Cn', color: '#9b4f96', ink: '#ffffff', tint: '#f5e8f4' },
];

/** Display order: the RPC and messaging kinds first, the kinds that say least last. */
export const KIND_DISPLAY_ORDER: readonly number[] = [2, 3, 4, 5, 1, 0];

/** The style of a kind number (unknown numbers get UNSPECIFIED's). */
export function kindStyle(kind: number): KindStyle {
  return KIND_STYLES[kind] ?? KIND_STYLES[0];
}

/** The style of a kind name such as 'SERVER'. */
export function kindStyleByName(name: string): KindStyle {
  return KIND_STYLES.find((k) => k.name === name) ?? KIND_STYLES[0];
}
