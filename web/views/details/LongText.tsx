import { useState } from 'react';
import { cutAt } from './format.ts';

/**
 * Untrusted text, rendered as React text only (never HTML, never a link). Long text is cut with an
 * ellipsis and a "Show all" button (aria-expanded) that shows it whole.
 */
export function LongText({ text, label, className, empty = '(empty)' }: { text: string; label: string; className?: string; empty?: string }) {
  const [open, setOpen] = useState(false);
  if (text === '') return <span className={`sm-muted ${className ?? ''}`}>{empty}</span>;
  const cut = cutAt(text);
  if (cut < 0) return <span className={`sm-details__text ${className ?? ''}`}>{text}</span>;
  const size = `${text.length.toLocaleString('en-US')} characters`;
  return (
    <span className={`sm-details__text ${className ?? ''}`}>
      {open ? (
        <span className="sm-details__whole" tabIndex={0} role="group" aria-label={`All of ${label}`}>
          {text}
        </span>
      ) : (
        `${text.slice(0, cut)}…`
      )}{' '}
      <button type="button" className="sm-details__more" aria-expanded={open} aria-label={open ? `Show less of ${label}` : `Show all ${size} of ${label}`} onClick={() => setOpen((o) => !o)}>
        {open ? 'Show less' : `Show all ${size}`}
      </button>
    </span>
  );
}
