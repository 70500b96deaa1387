/**
 * Lays out a few invisible characters in each font size, weight and family of the type scale, so
 * the browser looks those fonts up while the page is idle. On Linux each new size and weight costs
 * the first layout that needs it a synchronous font lookup (measured: 30 lookups, 20–50 ms, in the
 * layout that paints the first waterfall rows), which would otherwise land right after a file is
 * dropped. Nothing here is visible or reachable by assistive technology.
 */
import './ui.css';

/** The sizes the stylesheets use (keep in step with them). */
const SIZES = ['0.72rem', '0.8rem', '0.86rem', '0.92rem', '1rem', '1.15rem', '1.5rem', '10px', '11px', '13px', '15px', '0.92em'];
const WEIGHTS = [400, 600, 700];
const FAMILIES = ['var(--sm-font)', 'var(--sm-mono)'];

export function FontWarmup() {
  return (
    <div className="sm-font-warmup" aria-hidden="true">
      {FAMILIES.map((fontFamily) =>
        WEIGHTS.map((fontWeight) =>
          SIZES.map((fontSize) => (
            <span key={`${fontFamily}${fontWeight}${fontSize}`} style={{ fontFamily, fontWeight, fontSize }}>
              Aa0×
            </span>
          )),
        ),
      )}
    </div>
  );
}
