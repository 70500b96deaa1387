import { useViewer } from '../state/index.ts';
import { FETCH_RETRIES } from '../state/index.ts';
import type { FetchStatus, LoadProgress } from '../state/index.ts';
import { ProgressBar } from '../ui/ProgressBar.tsx';
import { Truncate } from '../ui/Truncate.tsx';
import { formatBytes } from '../ui/format.ts';

const VERB = { generating: 'Generating', reading: 'Reading', parsing: 'Parsing', linking: 'Linking spans' } as const;

function describe(p: LoadProgress | null, f: FetchStatus | null): { text: string; file: string; detail: string; value: number | null } {
  if (f) {
    const detail = f.reason ? `attempt ${f.failures} of ${FETCH_RETRIES + 1} failed: ${f.reason}; retrying…` : '';
    return { text: 'Fetching', file: f.name, detail, value: null };
  }
  if (!p) return { text: 'Fetching', file: '', detail: '', value: null };
  if (p.phase === 'generating') return { text: VERB.generating, file: p.fileName, detail: `${formatBytes(p.bytesRead)} written`, value: null };
  const of = p.fileCount > 1 ? ` (file ${p.fileIndex + 1} of ${p.fileCount})` : '';
  if (p.phase === 'linking') return { text: VERB.linking, file: '', detail: '', value: null };
  const detail = p.phase === 'reading' ? `${formatBytes(p.bytesRead)} of ${formatBytes(p.bytesTotal)}${of}` : of.trim();
  return { text: VERB[p.phase], file: p.fileName, detail, value: p.phase === 'reading' && p.bytesTotal > 0 ? p.bytesRead / p.bytesTotal : null };
}

/** The progress bar and Cancel button, while a load runs. */
export function LoadStatus() {
  const pending = useViewer((s) => s.pendingLoads);
  const progress = useViewer((s) => s.progress);
  const fetching = useViewer((s) => s.fetching);
  const cancel = useViewer((s) => s.cancelLoads);
  if (pending === 0) return null;
  const d = describe(progress, fetching);
  return (
    <div className="sm-loadstatus" data-testid="load-status">
      <div className="sm-loadstatus__text" aria-live="polite">
        <strong>{d.text}</strong>
        {d.file && (
          <>
            {' '}
            <Truncate text={d.file} max={60} />
          </>
        )}
        {d.detail && (
          <span className="sm-muted" data-testid="load-detail">
            {' '}
            — <Truncate text={d.detail} max={200} />
          </span>
        )}
      </div>
      <div className="sm-loadstatus__bar">
        <ProgressBar value={d.value} label="Loading trace files" />
      </div>
      <button type="button" className="sm-btn" onClick={cancel}>
        Cancel
      </button>
    </div>
  );
}
