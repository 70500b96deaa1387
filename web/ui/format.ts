/** Number formatting for labels (durations are formatted by core/lib/time's formatDuration). */

const COUNT = new Intl.NumberFormat('en-US');
/** 12,345 (one shared formatter: Number#toLocaleString builds a new one on every call). */
export function formatCount(n: number): string {
  return COUNT.format(n);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
