/**
 * Finds where a JSON text stops being valid, as line:column, independent of the engine's message
 * (V8's wording and whether it gives a position differ between versions). Runs only after
 * JSON.parse has failed, so its speed matters less than never recursing (deep nesting is fine).
 */
export interface JsonErrorLocation {
  offset: number;
  line: number;
  column: number;
  message: string;
}

export function locateJsonError(text: string): JsonErrorLocation | null {
  let i = 0;
  const n = text.length;
  const stack: number[] = []; // 0 = in object, 1 = in array
  const fail = (msg: string): JsonErrorLocation => ({ offset: i, ...lineColumn(text, i), message: msg });
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const str = (): string | null => {
    i++; // opening quote
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return null;
      }
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return 'bad \\u escape in string';
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else return 'bad escape in string';
        continue;
      }
      if (c < 32) return 'control character in string';
      i++;
    }
    return 'unterminated string';
  };
  // value parser as a state machine
  const value = (): string | null => {
    ws();
    if (i >= n) return 'unexpected end of input';
    const ch = text[i];
    if (ch === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return null;
      }
      stack.push(0);
      return key();
    }
    if (ch === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return null;
      }
      stack.push(1);
      return 'value';
    }
    if (ch === '"') return str();
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (m && m[0].length > 0 && (ch === '-' || (ch >= '0' && ch <= '9'))) {
      i += m[0].length;
      return null;
    }
    for (const lit of ['true', 'false', 'null']) {
      if (text.startsWith(lit, i)) {
        i += lit.length;
        return null;
      }
    }
    return `unexpected character ${JSON.stringify(ch)}`;
  };
  const key = (): string | null => {
    ws();
    if (text[i] !== '"') return i >= n ? 'unexpected end of input' : 'expected a property name in double quotes';
    const e = str();
    if (e) return e;
    ws();
    if (text[i] !== ':') return i >= n ? 'unexpected end of input' : "expected ':' after property name";
    i++;
    return 'value';
  };
  let r = value();
  for (;;) {
    if (r === 'value') {
      r = value();
      continue;
    }
    if (r !== null) return fail(r);
    if (stack.length === 0) break;
    ws();
    const top = stack[stack.length - 1];
    if (text[i] === ',') {
      i++;
      r = top === 0 ? key() : 'value';
      continue;
    }
    if ((top === 0 && text[i] === '}') || (top === 1 && text[i] === ']')) {
      i++;
      stack.pop();
      r = null;
      continue;
    }
    return fail(i >= n ? 'unexpected end of input' : top === 0 ? "expected ',' or '}'" : "expected ',' or ']'");
  }
  ws();
  if (i < n) return fail('unexpected text after the JSON value');
  return null;
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let k = text.indexOf('\n'); k !== -1 && k < offset; k = text.indexOf('\n', k + 1)) {
    line++;
    last = k;
  }
  return { line, column: offset - last };
}
