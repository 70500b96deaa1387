import { describe, expect, it } from 'vitest';
import { KIND_DISPLAY_ORDER, KIND_STYLES, kindStyle } from '../../ui/kinds.ts';
import { KIND_NAMES, SpanKind } from '../../core/model/types.ts';

/** WCAG relative luminance of #rrggbb. */
function luminance(hex: string): number {
  const c = [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}
const contrast = (a: string, b: string) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
};

describe('kind palette', () => {
  it('matches the core model kind numbers and names', () => {
    expect(KIND_STYLES.map((k) => k.name)).toEqual([...KIND_NAMES]);
    KIND_STYLES.forEach((k, i) => expect(SpanKind[k.name]).toBe(i));
    expect([...KIND_DISPLAY_ORDER].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(kindStyle(99).name).toBe('UNSPECIFIED');
  });

  it('has distinct colours and glyphs, each glyph readable on its colour', () => {
    expect(new Set(KIND_STYLES.map((k) => k.color)).size).toBe(6);
    expect(KIND_STYLES.map((k) => k.glyph)).toEqual(['U', 'I', 'S', 'C', 'P', 'Cn']);
    for (const k of KIND_STYLES) expect(contrast(k.color, k.ink), k.name).toBeGreaterThanOrEqual(4.5);
  });
});
