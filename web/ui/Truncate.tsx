import './ui.css';

/**
 * Untrusted text, cut to `max` characters with an ellipsis; the whole text is in the title
 * tooltip (and in the DOM for copy and assistive tech when it fits). Rendered as React text only.
 */
export function Truncate({ text, max = 80, className, empty = '—' }: { text: string; max?: number; className?: string; empty?: string }) {
  if (text === '') return <span className={`sm-muted ${className ?? ''}`}>{empty}</span>;
  const cut = text.length > max;
  return (
    <span className={`sm-trunc ${className ?? ''}`} title={cut || text.length > 24 ? text : undefined}>
      {cut ? `${text.slice(0, Math.max(1, max - 1))}…` : text}
    </span>
  );
}

/** Shortens a string for a label (for use where a component cannot be, e.g. an attribute). */
export function truncateText(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(1, max - 1))}…` : text;
}
