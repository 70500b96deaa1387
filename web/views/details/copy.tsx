/**
 * Copying from the details panel: one `copy(text, what)` per panel (navigator.clipboard), a polite
 * live region that says what was copied (or why not), and the copy button.
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';

export type CopyFn = (text: string, what: string) => void;

const CopyContext = createContext<CopyFn>(() => undefined);

export function useCopy(): CopyFn {
  return useContext(CopyContext);
}

/** Provides `copy` to the panel's buttons and renders the status line that reports each copy. */
export function CopyProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const show = useCallback((text: string, error: boolean) => {
    setStatus({ text, error });
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setStatus(null), 4000);
  }, []);
  const copy = useCallback<CopyFn>(
    (text, what) => {
      const clip = typeof navigator !== 'undefined' ? navigator.clipboard : undefined;
      if (!clip?.writeText) {
        show(`Could not copy ${what}: this page has no clipboard access. Select the text and copy it instead.`, true);
        return;
      }
      clip.writeText(text).then(
        () => show(`Copied ${what}`, false),
        (e: unknown) => show(`Could not copy ${what}: ${e instanceof Error ? e.message : String(e)}`, true),
      );
    },
    [show],
  );
  return (
    <CopyContext.Provider value={copy}>
      {children}
      <p className={`sm-details__status${status ? ' sm-details__status--shown' : ''}${status?.error ? ' sm-details__status--error' : ''}`} role="status" data-testid="copy-status">
        {status?.text ?? ''}
      </p>
    </CopyContext.Provider>
  );
}

function CopyIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.4" />
      <path d="M10.5 3.5v-.5a1.5 1.5 0 0 0-1.5-1.5H4A1.5 1.5 0 0 0 2.5 3v5A1.5 1.5 0 0 0 4 9.5h.5" fill="none" stroke="currentColor" strokeWidth="1.4" />
    </svg>
  );
}

/**
 * A copy button. Icon-only by default (its accessible name is `label`, also shown as a tooltip);
 * with `text` shown next to the icon when `children` is given.
 */
export function CopyButton({ value, what, label, children }: { value: string; what: string; label: string; children?: ReactNode }) {
  const copy = useCopy();
  return (
    <button type="button" className={children ? 'sm-btn sm-details__btn' : 'sm-details__icon-btn'} aria-label={children ? undefined : label} title={label} onClick={() => copy(value, what)}>
      <CopyIcon />
      {children}
    </button>
  );
}
