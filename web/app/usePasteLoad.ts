import { useEffect } from 'react';

/** The name pasted text is loaded under. */
export const PASTED_NAME = 'pasted.json';

export function pastedFile(text: string): File {
  return new File([text], PASTED_NAME, { type: 'application/json' });
}

/** Whether a paste goes into something editable (then it is the field's, not a trace). */
function editable(t: EventTarget | null): boolean {
  if (!(t instanceof Element)) return false;
  if (t.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], dialog')) return true;
  return false;
}

/**
 * Loads text pasted on the page (outside inputs and dialogs) as a file named pasted.json, and
 * files pasted from the clipboard as those files.
 */
export function usePasteLoad(loadFiles: (files: File[]) => void): void {
  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      if (editable(e.target) || !e.clipboardData) return;
      const files = [...e.clipboardData.files];
      if (files.length > 0) {
        e.preventDefault();
        loadFiles(files);
        return;
      }
      const text = e.clipboardData.getData('text/plain');
      if (!/^\s*[[{]/.test(text)) return; // not JSON: leave it alone
      e.preventDefault();
      loadFiles([pastedFile(text)]);
    };
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  }, [loadFiles]);
}
