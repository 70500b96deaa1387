import { useQuery } from '@tanstack/react-query';
import { useViewer } from '../state/index.ts';
import { FilePicker } from '../ui/FilePicker.tsx';
import { formatCount } from '../ui/format.ts';
import { DEMO_DIR, fetchDemos, openDemo } from './demos.ts';
import { SourceButtons } from './SourceDialogs.tsx';
import { rememberDemo } from './url-state.ts';

/** What the page shows before anything is loaded: the drop zone and the demo gallery. */
export function EmptyScreen() {
  const loadFiles = useViewer((s) => s.loadFiles);
  const busy = useViewer((s) => s.pendingLoads > 0);
  return (
    <div className="sm-empty">
      <section className={busy ? 'sm-dropzone sm-dropzone--busy' : 'sm-dropzone'} aria-labelledby="sm-drop-h" data-testid="drop-zone">
        <svg className="sm-dropzone__icon" viewBox="0 0 48 48" aria-hidden="true">
          <rect x="6" y="9" width="22" height="6" rx="2" fill="#1f6fb4" />
          <rect x="14" y="19" width="20" height="6" rx="2" fill="#e69f00" />
          <rect x="22" y="29" width="20" height="6" rx="2" fill="#0f9b76" />
          <rect x="14" y="39" width="12" height="4" rx="2" fill="#9b4f96" opacity="0.8" />
        </svg>
        <h1 id="sm-drop-h" className="sm-dropzone__title">
          Drop trace files here
        </h1>
        <p className="sm-dropzone__text">OTLP JSON and JSON lines, Jaeger JSON, Zipkin v2 JSON. Several files are merged into one view.</p>
        <FilePicker onFiles={loadFiles} primary label="Open trace files">
          Open files…
        </FilePicker>
        <div className="sm-dropzone__more" role="group" aria-label="Other ways to load a trace">
          <SourceButtons />
        </div>
        <p className="sm-dropzone__privacy">Files are read in your browser and never uploaded.</p>
      </section>
      <DemoGallery />
    </div>
  );
}

function DemoGallery() {
  const loadUrl = useViewer((s) => s.loadUrl);
  const loadGenerated = useViewer((s) => s.loadGenerated);
  const busy = useViewer((s) => s.pendingLoads > 0);
  const demos = useQuery({ queryKey: ['demos'], queryFn: ({ signal }) => fetchDemos(signal), staleTime: Infinity });
  return (
    <section className="sm-gallery" aria-labelledby="sm-gallery-h" data-testid="demo-gallery">
      <h2 id="sm-gallery-h" className="sm-gallery__title">
        Or open a demo trace
      </h2>
      {demos.isPending && <p className="sm-muted">Loading the demo list…</p>}
      {demos.isError && <p className="sm-muted">The demo list is unavailable ({demos.error.message}).</p>}
      {demos.data && (
        <ul className="sm-gallery__list">
          {demos.data.map((d) => (
            <li key={d.file}>
              <button type="button" className="sm-demo" data-demo={d.file} disabled={busy} onClick={() => {
                  rememberDemo(d.file);
                  void openDemo({ loadUrl, loadGenerated }, d.file);
                }}>
                <span className="sm-demo__top">
                  <span className="sm-demo__title">{d.title}</span>
                  {d.format && <span className="sm-demo__format">{d.format}</span>}
                </span>
                <span className="sm-demo__desc">{d.description}</span>
                <span className="sm-demo__meta">
                  {formatCount(d.spans)} spans · {d.generate > 0 ? 'generated in your browser' : `${formatCount(d.services)} services · from ${d.source}`}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <p className="sm-gallery__credit">
        Demo traces are test data from the Jaeger and OpenZipkin projects, Apache-2.0.{' '}
        <a href={`${DEMO_DIR}ATTRIBUTION.md`} target="_blank" rel="noreferrer">
          Sources and license
        </a>
      </p>
    </section>
  );
}
