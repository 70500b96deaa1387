import { describe, expect, it } from 'vitest';
import { isLowerHexOfLength, normalizeLooseId, normalizeOtlpId } from './ids.ts';

describe('isLowerHexOfLength', () => {
  it('accepts exactly `len` lowercase hex digits and nothing else', () => {
    expect(isLowerHexOfLength('0123456789abcdef', 16)).toBe(true);
    expect(isLowerHexOfLength('0123456789abcdef0123456789abcdef', 32)).toBe(true);
    expect(isLowerHexOfLength('0123456789abcdef', 32)).toBe(false);
    expect(isLowerHexOfLength('0123456789ABCDEF', 16)).toBe(false);
    expect(isLowerHexOfLength('0123456789abcdeg', 16)).toBe(false);
    expect(isLowerHexOfLength('0123456789abcde ', 16)).toBe(false);
    expect(isLowerHexOfLength('0123456789abcde\u0100', 16)).toBe(false);
    expect(isLowerHexOfLength('0123456789abcde\uffff', 16)).toBe(false);
    expect(isLowerHexOfLength('', 0)).toBe(true);
    // every character just outside the digit ranges
    for (const c of ['/', ':', '`', 'g', '@', 'G']) expect(isLowerHexOfLength(`000000000000000${c}`, 16)).toBe(false);
  });

  it('agrees with the normalizers on what is already normalized', () => {
    for (const s of ['00000000000000ff', '00000000000000FF', 'abc', 'zzzzzzzzzzzzzzzz', 'ABCDEF0123456789abcdef0123456789']) {
      expect(isLowerHexOfLength(s, 16) || isLowerHexOfLength(s, 32)).toBe(normalizeLooseId(s) === s && /^[0-9a-f]+$/.test(s) && (s.length === 16 || s.length === 32));
    }
    expect(normalizeOtlpId('00000000000000FF', 8)).toBe('00000000000000ff');
  });
});
