import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { locateJsonError } from './json-error.ts';

describe('locateJsonError', () => {
  it('finds line and column of common mistakes', () => {
    expect(locateJsonError('{\n  "a": 1,\n  "b": }')).toMatchObject({ line: 3, column: 8 });
    expect(locateJsonError('{"a": [1, 2')).toMatchObject({ line: 1, column: 12, message: 'unexpected end of input' });
    expect(locateJsonError("{'a': 1}")).toMatchObject({ line: 1, column: 2 });
    expect(locateJsonError('[1,]')).toMatchObject({ line: 1, column: 4 });
    expect(locateJsonError('{"a":1} x')).toMatchObject({ line: 1, column: 9, message: 'unexpected text after the JSON value' });
    expect(locateJsonError('"\\x"')).toMatchObject({ message: 'bad escape in string' });
  });

  it('does not recurse on deep nesting', () => {
    expect(locateJsonError('['.repeat(200_000))).toMatchObject({ message: 'unexpected end of input' });
  });

  it('property: agrees with JSON.parse on what is valid', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string(), fc.json().map((j) => j.slice(0, Math.max(0, j.length - 1)))), (text) => {
        let ok = true;
        try {
          JSON.parse(text);
        } catch {
          ok = false;
        }
        return (locateJsonError(text) === null) === ok;
      }),
      { seed: 42, numRuns: 1000 },
    );
  });
});
