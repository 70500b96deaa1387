import { useState } from 'react';
import { useViewer } from '../state/index.ts';
import type { LastLoad } from '../state/index.ts';
import { Truncate } from '../ui/Truncate.tsx';

/** Problems that are not a file's (failed fetches, a crashed worker) and the outcome of a cancelled load. */
export function Notices() {
  const notices = useViewer((s) => s.notices);
  const lastLoad = useViewer((s) => s.lastLoad);
  const pending = useViewer((s) => s.pendingLoads);
  const dismiss = useViewer((s) => s.dismissNotice);
  const [dismissed, setDismissed] = useState<LastLoad | null>(null);
  const cancelled = pending === 0 && lastLoad?.cancelled && lastLoad !== dismissed;
  if (notices.length === 0 && !cancelled) return null;
  return (
    <div className="sm-notices">
      {cancelled && lastLoad && (
        <p className="sm-notice sm-notice--info" role="status">
          <span>
            Loading was cancelled.{' '}
            {lastLoad.imported.length > 0 ? (
              <Truncate text={`Loaded before the cancel: ${lastLoad.imported.join(', ')}.`} max={300} />
            ) : (
              `None of ${lastLoad.requested.length === 1 ? 'the file' : `the ${lastLoad.requested.length} files`} was loaded.`
            )}
          </span>
          <button type="button" className="sm-btn sm-btn--quiet sm-notice__close" onClick={() => setDismissed(lastLoad)} aria-label="Dismiss">
            ×
          </button>
        </p>
      )}
      {notices.map((n) => (
        <p key={n.id} className="sm-notice sm-notice--error" role="alert">
          <Truncate text={n.message} max={400} />
          <button type="button" className="sm-btn sm-btn--quiet sm-notice__close" onClick={() => dismiss(n.id)} aria-label="Dismiss">
            ×
          </button>
        </p>
      ))}
    </div>
  );
}
