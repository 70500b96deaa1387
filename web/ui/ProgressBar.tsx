import './ui.css';

/** A determinate progress bar (value 0…1); `null` shows an indeterminate stripe. */
export function ProgressBar({ value, label }: { value: number | null; label: string }) {
  const pct = value === null ? null : Math.round(Math.max(0, Math.min(1, value)) * 100);
  return (
    <div className="sm-progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct ?? undefined}>
      <div className={pct === null ? 'sm-progress__bar sm-progress__bar--busy' : 'sm-progress__bar'} style={pct === null ? undefined : { width: `${pct}%` }} />
    </div>
  );
}
