import { kindStyle } from './kinds.ts';
import './ui.css';

/** The kind's glyph on its colour (e.g. a blue "S" for SERVER), with the kind's name as its accessible label. */
export function KindGlyph({ kind, size = 'md' }: { kind: number; size?: 'sm' | 'md' }) {
  const k = kindStyle(kind);
  return (
    <span className={`sm-kind-glyph sm-kind-glyph--${size}`} style={{ background: k.color, color: k.ink }} title={k.name} aria-label={k.name} role="img">
      {k.glyph}
    </span>
  );
}
