import { useId, useRef } from 'react';
import type { ReactNode } from 'react';
import './ui.css';

/**
 * A button that opens the browser's file chooser: a real <input type=file multiple>, kept out of
 * sight, behind a focusable button (so it works from the keyboard and with page.setInputFiles).
 */
export function FilePicker({ onFiles, children, primary = false, label = 'Open trace files', accept }: { onFiles: (files: File[]) => void; children: ReactNode; primary?: boolean; label?: string; accept?: string }) {
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  return (
    <>
      <button type="button" className={primary ? 'sm-btn sm-btn--primary' : 'sm-btn'} onClick={() => input.current?.click()} aria-controls={id}>
        {children}
      </button>
      <input
        ref={input}
        id={id}
        className="sm-visually-hidden"
        type="file"
        multiple
        accept={accept}
        aria-label={label}
        tabIndex={-1}
        onChange={(e) => {
          const files = e.currentTarget.files ? [...e.currentTarget.files] : [];
          e.currentTarget.value = ''; // choosing the same file again must fire change again
          if (files.length > 0) onFiles(files);
        }}
      />
    </>
  );
}
