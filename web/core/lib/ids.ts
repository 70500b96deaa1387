/** Trace and span id normalization shared by the importers. */

/**
 * The value of each UTF-16 code unit as a lowercase hex digit, -1 for every other unit. Id checks
 * run per span: a table lookup per character with one test at the end is several times faster
 * than comparisons per character or a regular expression.
 */
export const LOWER_HEX_DIGIT: Int8Array = new Int8Array(65536).fill(-1);
for (let c = 48; c <= 57; c++) LOWER_HEX_DIGIT[c] = c - 48;
for (let c = 97; c <= 102; c++) LOWER_HEX_DIGIT[c] = c - 87;

/** True when `s` is exactly `len` lowercase hex digits (an already normalized id). */
export function isLowerHexOfLength(s: string, len: number): boolean {
  if (s.length !== len) return false;
  let bad = 0;
  for (let i = 0; i < len; i++) bad |= LOWER_HEX_DIGIT[s.charCodeAt(i)];
  return bad >= 0;
}

/** The 32-bit halves (high, low) of the id parseHex16 last accepted. */
export const HEX16 = new Int32Array(2);

/**
 * True when `s` is 16 lowercase hex digits (the normalized form of nearly every span id), with its
 * two 32-bit halves left in HEX16. Such ids are equal exactly when their halves are. Importers use
 * this as their id check, so that the builder gets the halves without reading the id again.
 */
export function parseHex16(s: string): boolean {
  if (s.length !== 16) return false;
  let hi = 0;
  let lo = 0;
  let bad = 0;
  for (let k = 0; k < 8; k++) {
    const d = LOWER_HEX_DIGIT[s.charCodeAt(k)];
    bad |= d;
    hi = (hi << 4) | d;
  }
  for (let k = 8; k < 16; k++) {
    const d = LOWER_HEX_DIGIT[s.charCodeAt(k)];
    bad |= d;
    lo = (lo << 4) | d;
  }
  if (bad < 0) return false;
  HEX16[0] = hi;
  HEX16[1] = lo;
  return true;
}

const HEX = /^[0-9a-fA-F]+$/;
const ZERO = /^0+$/;

export function isHex(s: string): boolean {
  return HEX.test(s);
}

/** True for '' and all-zero ids, which OTLP and Zipkin use to mean "no parent". */
export function isEmptyId(s: string): boolean {
  return s === '' || ZERO.test(s);
}

const B64 = /^[A-Za-z0-9+/]+={0,2}$/;
const B64_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes standard base64 to lowercase hex, or returns null. */
export function base64ToHex(s: string): string | null {
  if (s.length % 4 !== 0 || !B64.test(s)) return null;
  let bits = 0;
  let acc = 0;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 61) break; // '='
    acc = (acc << 6) | B64_CHARS.indexOf(s[i]);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += ((acc >> bits) & 0xff).toString(16).padStart(2, '0');
    }
  }
  return out;
}

/**
 * Normalizes an OTLP id: hex of the expected byte length (any case) becomes lowercase hex; base64
 * of the expected byte length (as some exporters write the protobuf bytes) becomes lowercase hex.
 * Returns null when it is neither.
 */
export function normalizeOtlpId(s: string, bytes: 8 | 16): string | null {
  if (s.length === bytes * 2 && HEX.test(s)) return s.toLowerCase();
  const b64 = base64ToHex(s);
  if (b64 !== null && b64.length === bytes * 2) return b64;
  return null;
}

/**
 * Normalizes a Jaeger or Zipkin id. Hex ids are lowercased, and hex ids shorter than 16 digits are
 * left-padded to 16 (Jaeger writes ids without leading zeros). Non-hex ids are kept as they are.
 */
export function normalizeLooseId(s: string): string {
  if (!HEX.test(s)) return s;
  const lower = s.toLowerCase();
  return lower.length < 16 ? lower.padStart(16, '0') : lower;
}
