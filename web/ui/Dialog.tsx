import { useEffect, useId, useRef } from 'react';
import type { ReactNode } from 'react';
import './ui.css';

/**
 * A modal dialog on the native <dialog> element (focus is kept inside, Escape closes it, focus
 * returns to the opener). The element with `data-autofocus` (else the first field) gets the focus. Mount it to open it; `onClose` runs when the user closes it.
 */
export function Dialog({ title, onClose, children, testId }: { title: string; onClose: () => void; children: ReactNode; testId?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d || d.open) return;
    d.showModal();
    // the field marked data-autofocus (else the first field) takes the focus, not the close button
    d.querySelector<HTMLElement>('[data-autofocus], input, select, textarea')?.focus();
  }, []);
  return (
    <dialog ref={ref} className="sm-dialog" aria-labelledby={id} onClose={onClose} data-testid={testId}>
      <div className="sm-dialog__head">
        <h2 id={id} className="sm-dialog__title">
          {title}
        </h2>
        <button type="button" className="sm-btn sm-btn--quiet sm-dialog__close" aria-label="Close" onClick={() => ref.current?.close()}>
          ×
        </button>
      </div>
      {children}
    </dialog>
  );
}
