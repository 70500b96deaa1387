/**
 * Colours for services (the waterfall's "colour by service", and any view that wants the same
 * service to look the same). Kinds have their own palette in ui/kinds.ts. The palette avoids pure
 * reds, which mean "error" everywhere in Spanmap.
 */

export const SERVICE_PALETTE: readonly string[] = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#b07aa1',
  '#76b7b2',
  '#edc948',
  '#9c755f',
  '#ff9da7',
  '#79706e',
  '#a0cbe8',
  '#ffbe7d',
  '#8cd17d',
  '#d4a6c8',
  '#499894',
  '#d7b5a6',
  '#86bcb6',
];

export interface ServiceColor {
  readonly color: string;
  /** Readable text colour on `color`. */
  readonly ink: string;
}

/** Dark or light text for a background, by relative luminance. */
export function inkOn(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
  };
  const l = 0.2126 * lin((n >> 16) & 255) + 0.7152 * lin((n >> 8) & 255) + 0.0722 * lin(n & 255);
  // contrast with white vs with near-black (#1c1917, luminance ≈ 0.011)
  return (1.05 / (l + 0.05) >= (l + 0.05) / 0.061) ? '#ffffff' : '#1c1917';
}

/** A colour per service name: names sorted, then the palette in turn (stable for a dataset). */
export function serviceColors(names: readonly string[]): Map<string, ServiceColor> {
  const sorted = [...new Set(names)].sort();
  const out = new Map<string, ServiceColor>();
  sorted.forEach((name, k) => {
    const color = SERVICE_PALETTE[k % SERVICE_PALETTE.length];
    out.set(name, { color, ink: inkOn(color) });
  });
  return out;
}
