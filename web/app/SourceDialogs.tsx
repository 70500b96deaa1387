/**
 * Other ways in besides files: "Open URL…", "From a backend…" (Jaeger, Tempo, Zipkin by trace id)
 * and "Paste JSON…", each a small form in a modal dialog. A URL or backend opened here is named in
 * the URL hash so a shared link loads it again (url-state.ts).
 */
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { BACKENDS, BACKEND_IDS, isBackendId, useViewer } from '../state/index.ts';
import type { BackendId } from '../state/index.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { rememberSource } from './url-state.ts';
import { pastedFile } from './usePasteLoad.ts';

type Which = 'url' | 'backend' | 'paste' | null;

/** The three buttons and, when one is pressed, its dialog. `remember`: name the source in the URL hash. */
export function SourceButtons({ remember = true }: { remember?: boolean }) {
  const [open, setOpen] = useState<Which>(null);
  const close = () => setOpen(null);
  return (
    <>
      <button type="button" className="sm-btn" onClick={() => setOpen('url')}>
        Open URL…
      </button>
      <button type="button" className="sm-btn" onClick={() => setOpen('backend')}>
        From a backend…
      </button>
      <button type="button" className="sm-btn" onClick={() => setOpen('paste')}>
        Paste JSON…
      </button>
      {open === 'url' && <UrlDialog onClose={close} remember={remember} />}
      {open === 'backend' && <BackendDialog onClose={close} remember={remember} />}
      {open === 'paste' && <PasteDialog onClose={close} />}
    </>
  );
}

function UrlDialog({ onClose, remember }: { onClose: () => void; remember: boolean }) {
  const loadSource = useViewer((s) => s.loadSource);
  const [url, setUrl] = useState('');
  const id = useId();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const u = url.trim();
    if (!u) return;
    if (remember) rememberSource({ kind: 'url', url: u });
    void loadSource({ kind: 'url', url: u });
    form.closest('dialog')?.close();
  };
  return (
    <Dialog title="Open a trace from a URL" onClose={onClose} testId="url-dialog">
      <form className="sm-form" onSubmit={submit}>
        <label className="sm-form__field" htmlFor={`${id}-url`}>
          <span className="sm-form__label">Trace URL</span>
          <input id={`${id}-url`} className="sm-input" type="url" required data-autofocus placeholder="https://example.com/trace.json" value={url} onChange={(e) => setUrl(e.target.value)} aria-describedby={`${id}-help`} />
        </label>
        <p id={`${id}-help`} className="sm-form__help">
          The file is downloaded by your browser; the server must allow this page to read it (CORS).
        </p>
        <div className="sm-form__actions">
          <button type="submit" className="sm-btn sm-btn--primary">
            Open
          </button>
        </div>
      </form>
    </Dialog>
  );
}

const LAST_BACKEND = 'spanmap:last-backend';

function lastBackend(): { backend: BackendId; base: string } {
  try {
    const o = JSON.parse(localStorage.getItem(LAST_BACKEND) ?? 'null') as { backend?: unknown; base?: unknown } | null;
    if (o && typeof o.backend === 'string' && isBackendId(o.backend) && typeof o.base === 'string') return { backend: o.backend, base: o.base };
  } catch {
    /* no storage, or not ours */
  }
  return { backend: 'jaeger', base: '' };
}

function BackendDialog({ onClose, remember }: { onClose: () => void; remember: boolean }) {
  const loadSource = useViewer((s) => s.loadSource);
  const [initial] = useState(lastBackend);
  const [backend, setBackend] = useState<BackendId>(initial.backend);
  const [base, setBase] = useState(initial.base);
  const [traceId, setTraceId] = useState('');
  const id = useId();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const src = { kind: 'backend', backend, base: base.trim(), traceId: traceId.trim() } as const;
    try {
      localStorage.setItem(LAST_BACKEND, JSON.stringify({ backend, base: src.base }));
    } catch {
      /* storage unavailable */
    }
    if (remember) rememberSource(src);
    void loadSource(src);
    form.closest('dialog')?.close();
  };
  return (
    <Dialog title="Load a trace from a backend" onClose={onClose} testId="backend-dialog">
      <form className="sm-form" onSubmit={submit}>
        <label className="sm-form__field" htmlFor={`${id}-backend`}>
          <span className="sm-form__label">Backend</span>
          <select id={`${id}-backend`} className="sm-input" value={backend} onChange={(e) => isBackendId(e.target.value) && setBackend(e.target.value)}>
            {BACKEND_IDS.map((b) => (
              <option key={b} value={b}>
                {BACKENDS[b].label}
              </option>
            ))}
          </select>
        </label>
        <label className="sm-form__field" htmlFor={`${id}-base`}>
          <span className="sm-form__label">Base URL</span>
          <input id={`${id}-base`} className="sm-input" type="url" required placeholder="http://localhost:16686" value={base} onChange={(e) => setBase(e.target.value)} />
        </label>
        <label className="sm-form__field" htmlFor={`${id}-trace`}>
          <span className="sm-form__label">Trace ID</span>
          <input id={`${id}-trace`} className="sm-input sm-mono" type="text" required data-autofocus pattern="\s*[0-9a-fA-F]{1,32}\s*" title="1 to 32 hexadecimal digits" spellCheck={false} autoComplete="off" value={traceId} onChange={(e) => setTraceId(e.target.value)} />
        </label>
        <p className="sm-form__help">Your browser asks the backend directly; it must allow this page to read its answers (CORS).</p>
        <div className="sm-form__actions">
          <button type="submit" className="sm-btn sm-btn--primary">
            Load trace
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function PasteDialog({ onClose }: { onClose: () => void }) {
  const loadFiles = useViewer((s) => s.loadFiles);
  const [text, setText] = useState('');
  const id = useId();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    if (!text.trim()) return;
    void loadFiles([pastedFile(text)]);
    form.closest('dialog')?.close();
  };
  return (
    <Dialog title="Paste trace JSON" onClose={onClose} testId="paste-dialog">
      <form className="sm-form" onSubmit={submit}>
        <label className="sm-form__field" htmlFor={`${id}-text`}>
          <span className="sm-form__label">Trace JSON (OTLP, Jaeger or Zipkin)</span>
          <textarea id={`${id}-text`} className="sm-input sm-textarea sm-mono" required data-autofocus rows={12} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <p className="sm-form__help">Tip: pasting anywhere on the page (outside a text field) loads the text too.</p>
        <div className="sm-form__actions">
          <button type="submit" className="sm-btn sm-btn--primary">
            Load
          </button>
        </div>
      </form>
    </Dialog>
  );
}
