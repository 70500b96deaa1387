import { hasData, useViewer } from '../state/index.ts';
import { FilePicker } from '../ui/FilePicker.tsx';
import { Truncate } from '../ui/Truncate.tsx';
import { formatBytes, plural } from '../ui/format.ts';
import { formatLabel } from './summary/index.ts';
import { SourceButtons } from './SourceDialogs.tsx';

export function Header() {
  const view = useViewer((s) => s.view);
  const loadFiles = useViewer((s) => s.loadFiles);
  const reset = useViewer((s) => s.reset);
  const removeFile = useViewer((s) => s.removeFile);
  const busy = useViewer((s) => s.pendingLoads > 0);
  const loaded = hasData(view);
  return (
    <header className="sm-header">
      <div className="sm-header__brand">
        <svg className="sm-logo" viewBox="0 0 16 16" aria-hidden="true">
          <rect x="1" y="2" width="10" height="3" rx="1" fill="#1f6fb4" />
          <rect x="4" y="7" width="9" height="3" rx="1" fill="#e69f00" />
          <rect x="7" y="12" width="8" height="3" rx="1" fill="#0f9b76" />
        </svg>
        <span className="sm-header__name">Spanmap</span>
      </div>
      {loaded ? (
        <div className="sm-header__loaded">
        <ul className="sm-files" aria-label="Loaded files" data-testid="files">
          {view.files.map((f, k) => (
            <li key={k} className={f.format === null ? 'sm-file sm-file--failed' : 'sm-file'} data-testid="file" data-format={f.format ?? 'none'} title={`${f.name}\n${formatLabel(f.format)} · ${formatBytes(f.bytes)} · ${plural(f.spans, 'span')}`}>
              <span className="sm-file__name">
                <Truncate text={f.name} max={40} />
              </span>
              <span className="sm-file__format">{formatLabel(f.format)}</span>
              <button type="button" className="sm-file__remove" aria-label={`Remove ${f.name.length > 80 ? `${f.name.slice(0, 79)}…` : f.name}`} title="Remove this file" disabled={busy} onClick={() => void removeFile(k)} data-testid="remove-file">
                ×
              </button>
            </li>
          ))}
        </ul>
        <span className="sm-header__traces" data-testid="header-traces">
          {plural(view.files.length, 'file')} · {plural(view.traces.length, 'trace')} · {plural(view.spanCount, 'span')}
        </span>
        </div>
      ) : (
        <span className="sm-header__tagline">Trace files, in your browser</span>
      )}
      {loaded && (
        <div className="sm-header__actions">
          <FilePicker onFiles={loadFiles} label="Add trace files">
            Add files…
          </FilePicker>
          <SourceButtons />
          <button type="button" className="sm-btn sm-btn--quiet" onClick={() => void reset()}>
            Clear
          </button>
        </div>
      )}
    </header>
  );
}
