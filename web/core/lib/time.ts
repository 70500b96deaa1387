/**
 * Exact timestamps without bigint on the hot path.
 *
 * A Unix time in nanoseconds (about 1.7e18) does not fit a float64 exactly, but its two halves do:
 * whole seconds (about 1.7e9) and the nanoseconds within that second (< 1e9). Importers split
 * each timestamp into these parts, and the model turns them into exact per-trace offsets.
 */

/** Seconds and nanoseconds-within-the-second. Reused by callers to avoid an allocation per span. */
export interface TimeParts {
  sec: number;
  nano: number;
}

export function timeParts(): TimeParts {
  return { sec: Number.NaN, nano: 0 };
}

const DIGITS = /^\d{1,30}$/;

/** 2^63 - 1 ns (2262-04-11), the largest Unix time in nanoseconds that an int64 holds. */
export const MAX_NANOS_TEXT = '9223372036854775807';
/** Whole seconds of MAX_NANOS_TEXT, and its nanoseconds within that second. */
export const MAX_NANOS_SEC = 9_223_372_036;
export const MAX_NANOS_NANO = 854_775_807;
/** 2^63 as a double: every JSON number from here on is beyond 2^63 - 1 ns. */
const TWO_POW_63 = 9_223_372_036_854_775_808;

/**
 * Reads Unix nanoseconds given as a decimal string (exact) or a number (exact only below 2^53) into
 * `out`. Returns false, leaving `out` untouched, for anything else: 0 (proto3's "unset"), negative
 * values, values beyond 2^63 - 1 ns, fractional numbers (a fraction of a nanosecond can only be
 * written below 2^53 ns, within 1970, so it is never a real timestamp), fractional text, junk.
 * timeRejection() says why, on that branch only.
 */
export function nanosInto(value: unknown, out: TimeParts): boolean {
  if (typeof value === 'string') {
    if (!DIGITS.test(value)) return false;
    const len = value.length;
    let from = 0;
    while (from < len - 1 && value.charCodeAt(from) === 48) from++;
    if (len - from > 19 || (len - from === 19 && value.slice(from) > MAX_NANOS_TEXT)) return false;
    let sec: number;
    let nano: number;
    if (len <= 9) {
      sec = 0;
      nano = Number(value);
    } else {
      sec = Number(value.slice(0, len - 9));
      nano = Number(value.slice(len - 9));
    }
    if (sec === 0 && nano === 0) return false;
    out.sec = sec;
    out.nano = nano;
    return true;
  }
  if (typeof value === 'number') {
    if (!(value > 0 && value < TWO_POW_63) || !Number.isInteger(value)) return false;
    const sec = Math.floor(value / 1e9);
    out.sec = sec;
    // For values beyond 2^53 the input itself is already rounded; this keeps what is left of it.
    out.nano = Math.max(0, Math.min(999_999_999, Math.round(value - sec * 1e9)));
    return true;
  }
  return false;
}

/** Why a time reader rejected a value: 'zero' (0, "0", "000"), 'negative', 'fraction', 'beyond' its range, or 'other'. */
export type TimeRejection = 'zero' | 'negative' | 'fraction' | 'beyond' | 'other';

/**
 * Classifies a rejected timestamp (for the failure branch only: it allocates). `unit` is the field's:
 * nanoseconds are beyond their range above 2^63 - 1, microseconds above 2^53 - 1 (where numbers
 * stop being exact; year 2255, before 2^63 ns).
 */
export function timeRejection(value: unknown, unit: 'ns' | 'us'): TimeRejection {
  let v: number;
  if (typeof value === 'number') v = value;
  else if (typeof value === 'string' && /^-?\d+(\.\d*)?$/.test(value)) v = Number(value);
  else return 'other';
  if (Number.isNaN(v)) return 'other';
  if (v === 0) return 'zero';
  if (v < 0) return 'negative';
  if (unit === 'us' ? v > Number.MAX_SAFE_INTEGER : v >= TWO_POW_63 || (typeof value === 'string' && beyondNanos(value))) return 'beyond';
  if (!Number.isInteger(v) || (typeof value === 'string' && value.includes('.'))) return 'fraction';
  return 'other';
}

/** True for a decimal string beyond 2^63 - 1 (compared as text, exactly). */
function beyondNanos(s: string): boolean {
  const dot = s.indexOf('.');
  const d = (dot < 0 ? s : s.slice(0, dot)).replace(/^0+(?=\d)/, '');
  return d.length > 19 || (d.length === 19 && d > MAX_NANOS_TEXT);
}

/** Reads Unix microseconds (Jaeger, Zipkin); exact for every value below 2^53 µs (year 2255). */
export function microsInto(value: unknown, out: TimeParts): boolean {
  let v: number;
  if (typeof value === 'number') v = value;
  else if (typeof value === 'string' && /^\d{1,17}$/.test(value)) v = Number(value);
  else return false;
  if (!Number.isFinite(v) || v < 0) return false;
  const whole = Math.floor(v);
  const sec = Math.floor(whole / 1e6);
  out.sec = sec;
  out.nano = (whole - sec * 1e6) * 1000 + Math.round((v - whole) * 1000);
  return true;
}

/** Nanoseconds from (aSec, aNano) to (bSec, bNano); exact while the result is below 2^53. */
export function diffNs(bSec: number, bNano: number, aSec: number, aNano: number): number {
  return (bSec - aSec) * 1e9 + (bNano - aNano);
}

export function toEpochNs(sec: number, nano: number): bigint {
  // Both parts are whole numbers for every input the time readers accept; rounding only guards
  // against a caller passing a fraction, which BigInt() would reject with a throw.
  return BigInt(Math.round(sec)) * 1_000_000_000n + BigInt(Math.round(nano));
}

/** Exact Unix nanoseconds of an offset from an epoch, as a decimal string. */
export function absoluteNsString(epochNs: bigint, offsetNs: number): string {
  return (epochNs + BigInt(Math.round(offsetNs))).toString();
}

/** Human duration: 0 ns, 850 ns, 12.3 µs, 4.56 ms, 1.23 s, 2m 3s. */
export function formatDuration(ns: number): string {
  const a = Math.abs(ns);
  const sign = ns < 0 ? '-' : '';
  if (a < 1e3) return `${sign}${Math.round(a)} ns`;
  if (a < 1e6) return `${sign}${trim(a / 1e3)} µs`;
  if (a < 1e9) return `${sign}${trim(a / 1e6)} ms`;
  if (a < 60e9) return `${sign}${trim(a / 1e9)} s`;
  const m = Math.floor(a / 60e9);
  return `${sign}${m}m ${Math.round((a - m * 60e9) / 1e9)}s`;
}

function trim(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}
