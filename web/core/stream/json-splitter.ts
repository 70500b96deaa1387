/**
 * JsonSplitter: a byte-level structural JSON scanner that splits a stream of bytes into small
 * parsed pieces, so that documents larger than V8's maximum string length (about 512 MB) can be
 * read without ever building one string of them.
 *
 * The scanner walks the containers its sink chooses to *descend* into (the root object,
 * `resourceSpans[]`, ...). Inside a descended object every other member is delivered whole
 * (`member`); inside a descended array, runs of consecutive elements are delivered whole
 * (`elements`), decoded with one TextDecoder call and parsed with one JSON.parse per run of about
 * `runBytes` (96 KiB). Only the bytes of the current run or value are kept between chunks.
 *
 * A container element may also be marked DESCEND_IF_LARGE: it is read as one element of the run
 * (a whole ResourceSpans or Jaeger trace: one JSON.parse does the work) unless it grows beyond
 * `largeBytes`; then the scanner goes back to its first byte (its bytes are held) and descends into
 * it instead. A truncated stream, or an element that fails to parse, is read that way too, so every
 * complete inner record before the problem is still delivered.
 *
 * Outside descended containers the scanner only tracks strings, escapes and bracket depth; JSON.parse
 * validates the rest. Where runs of elements are read whole, it does not even do that for most bytes:
 * it learns what the boundary between two elements looks like and lets JSON.parse confirm the
 * boundaries it finds ahead with a native string search (see "lookahead" below). Small pushed
 * chunks are gathered into blocks (`blockBytes`, 1 MiB) so that there is text to look ahead in. Errors are reported with their byte offset and line. Several top-level values
 * in a row (JSON lines) are allowed, one per line; the sink decides what they mean.
 *
 * Pure: no DOM or Node APIs (TextDecoder exists in browsers, workers and Node).
 */
import { locateJsonError } from '../lib/json-error.ts';

export interface SplitError {
  /** Byte offset of the problem from the start of the stream. */
  readonly byte: number;
  /** 1-based line of the problem. */
  readonly line: number;
  readonly message: string;
}

/** What the sink wants after an error: skip to the next line and go on, or stop reading. */
export type ErrorAction = 'skip-line' | 'stop';

/** Answers of SplitSink.descend. */
export const CAPTURE = 0;
export const DESCEND = 1;
/** Only for elements of an array: read whole unless larger than `largeBytes`. */
export const DESCEND_IF_LARGE = 2;
export type DescendAnswer = typeof CAPTURE | typeof DESCEND | typeof DESCEND_IF_LARGE;

export interface SplitSink {
  /** A top-level value begins at this line. */
  docStart(line: number): void;
  /**
   * A container value starts: at the top level (key null, not in an array), as a member of the
   * innermost descended object (key = member name) or as an element of the innermost descended
   * array (key null). Must not change anything: the scanner calls `open` when it descends.
   */
  descend(key: string | null, isArray: boolean, inArray: boolean): DescendAnswer;
  /** The scanner descends into the container `descend` was asked about. */
  open(key: string | null, isArray: boolean): void;
  close(): void;
  /** A member of the innermost descended object, parsed. */
  member(key: string, value: unknown): void;
  /** Consecutive elements of the innermost descended array, parsed, in order, and their bytes. */
  elements(values: unknown[], bytes: number): void;
  /** A whole top-level value that was not descended into. */
  value(value: unknown): void;
  /** The top-level value that began with docStart is complete. */
  docEnd(): void;
  /** Invalid JSON (or a truncated stream). The scanner resets to the top level afterwards. */
  error(e: SplitError): ErrorAction;
}

export interface SplitterOptions {
  /**
   * Element runs are parsed once they reach this many bytes (default 96 KiB: the run's text stays
   * below V8's large-object size, 128 KiB, and its parsed objects die young).
   */
  runBytes?: number;
  /** DESCEND_IF_LARGE elements above this size are descended into (default 512 KiB). */
  largeBytes?: number;
  /** Largest single value the scanner will assemble (default 256 MiB, well below V8's string limit). */
  maxValueBytes?: number;
  /**
   * Pushed chunks smaller than this are gathered into blocks of this size before they are scanned
   * (default 1 MiB; 0 scans every chunk as it comes). Record boundaries are found ahead only within
   * the bytes at hand, and a browser's file stream yields chunks of 64 KiB.
   */
  blockBytes?: number;
  /** Find record boundaries ahead (see `speculate`); default true. Off, every byte is scanned. */
  lookahead?: boolean;
}

/** What the lookahead did (for tests and the benchmark). */
export interface LookaheadStats {
  /** Runs of records read by lookahead, and their bytes. */
  runs: number;
  bytes: number;
  /** Guessed boundaries that JSON.parse refuted (a second guess, or scanning, followed). */
  misses: number;
}

// scanner states
const S_TOP = 0; // between top-level values
const S_OBJ_FIRST = 1; // after '{': key or '}'
const S_OBJ_KEY = 2; // after ',' in an object: key
const S_COLON = 3; // after a key: ':'
const S_MEMBER = 4; // after ':': a value
const S_OBJ_NEXT = 5; // after a member: ',' or '}'
const S_ARR_FIRST = 6; // after '[': value or ']'
const S_ARR_VALUE = 7; // after ',' in an array: value
const S_ARR_NEXT = 8; // after an element: ',' or ']'
const S_CAPTURE = 9; // inside a value that is delivered whole
const S_SKIP_LINE = 10; // after an error in a later document: skip to the next line
const S_DEAD = 11; // stopped

// what a capture is
const C_KEY = 0;
const C_MEMBER = 1;
const C_ELEMENT = 2;
const C_TOP = 3;

// capture shapes
const SH_CONTAINER = 0;
const SH_STRING = 1;
const SH_LITERAL = 2;

const EMPTY = new Uint8Array(0);
const BOM = [0xef, 0xbb, 0xbf];
/** Byte ranges up to this size are decoded by asciiString when they are ASCII. */
const SMALL = 256;
/** Lookahead: bytes of an element's end kept for learning the boundary pattern. */
const SUFFIX = 24;
/** Lookahead: separator and first key longer than this are not learned. */
const MAX_SEP = 64;
/** Lookahead: boundaries seen alike before they are looked for. */
const LEARN = 3;
/** Lookahead: fewest bytes at hand worth an attempt. */
const MIN_AHEAD = 4096;

export class JsonSplitter {
  private readonly sink: SplitSink;
  private readonly runLimit: number;
  private readonly largeLimit: number;
  private readonly maxValue: number;
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  /**
   * For text that spans held parts (decoded with `stream: true`). A decoder of its own: in Node, one
   * streaming call turns a TextDecoder's UTF-8 fast path off for good (4x slower from then on).
   */
  private readonly joinDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

  private st = S_TOP;
  /** Descended containers: true for arrays. */
  private stack: boolean[] = [];
  /** Absolute offset of `chunk[0]`. */
  private base = 0;
  /** Bytes pushed so far. */
  private total = 0;
  private line = 1;
  /** The bytes being scanned: the pushed chunk, or held bytes being read again. */
  private chunk: Uint8Array = EMPTY;
  private bomPos = 0;
  /** Line where the last top-level value ended (another value may not start on it), 0 = none yet. */
  private docEndLine = 0;
  private ended = false;
  /** Set while complete records are recovered from a broken element: errors are not reported. */
  private salvaging = false;

  // the value being captured
  private capKind = C_MEMBER;
  private capShape = SH_CONTAINER;
  private capDepth = 0;
  private capInString = false;
  private capEscape = false;
  private capStart = 0; // absolute
  private capLine = 1;
  /** The capture is a DESCEND_IF_LARGE container. */
  private capLarge = false;
  /** capture() stopped because the DESCEND_IF_LARGE element reached largeBytes. */
  private tooLarge = false;
  private key = '';

  // bytes kept from earlier chunks, covering [heldStart, heldStart + heldBytes)
  private held: Uint8Array[] = [];
  private heldStart = 0;
  private heldBytes = 0;

  // the current run of elements of the innermost descended array
  private runStart = -1; // absolute, -1 = no run
  private runLine = 1;
  private runEnd = 0; // absolute end of the last complete element
  private runCount = 0;
  private elemStarts: number[] = [];
  private elemEnds: number[] = [];
  private elemLarge: boolean[] = [];

  // gathering small chunks into blocks
  private readonly blockLimit: number;
  private block: Uint8Array | null = null;
  private blockLen = 0;

  // lookahead (see speculate): per depth of the descended-container stack, the learned boundary
  private readonly lookahead: boolean;
  /** Bytes from an element's last byte's successor to the next element's first key's closing quote. */
  private sepAt: (Uint8Array | null)[] = [];
  /** The bytes every element ending seen at that depth ends with (at most SUFFIX). */
  private suffixAt: (Uint8Array | null)[] = [];
  private seenAt: number[] = [];
  private patternAt: (string | null)[] = [];
  private missesAt: number[] = [];
  /** End (absolute) and depth of the last element the scanner finished, -1 = none to learn from. */
  private lastElemEnd = -1;
  private lastElemDepth = -1;
  /** No attempt before this absolute offset (after a miss, the scanner reads that far itself). */
  private aheadFrom = 0;
  private aheadOff = false;
  readonly stats: LookaheadStats = { runs: 0, bytes: 0, misses: 0 };

  constructor(sink: SplitSink, options: SplitterOptions = {}) {
    this.sink = sink;
    this.runLimit = options.runBytes ?? 96 * 1024;
    this.maxValue = options.maxValueBytes ?? 256 * 1024 * 1024;
    this.largeLimit = Math.min(options.largeBytes ?? 512 * 1024, this.maxValue);
    this.blockLimit = Math.max(0, options.blockBytes ?? 1024 * 1024);
    this.lookahead = options.lookahead ?? true;
  }

  /** Bytes pushed so far. */
  get bytesRead(): number {
    return this.total + this.blockLen;
  }

  /** The line being read (1-based). */
  get currentLine(): number {
    return this.line;
  }

  /** Stops reading: the rest of the stream is ignored. */
  stop(): void {
    this.st = S_DEAD;
    this.total += this.blockLen;
    this.blockLen = 0;
    this.resetDoc();
  }

  push(chunk: Uint8Array): void {
    if (this.ended || chunk.length === 0 || this.st === S_DEAD) {
      this.total += chunk.length;
      return;
    }
    if (this.blockLen === 0 && chunk.length >= this.blockLimit) {
      this.scanChunk(chunk);
      return;
    }
    // gather: copied (callers may reuse their buffers), scanned once a block is full
    this.block ??= new Uint8Array(this.blockLimit);
    let from = 0;
    while (from < chunk.length) {
      const take = Math.min(chunk.length - from, this.blockLimit - this.blockLen);
      this.block.set(chunk.subarray(from, from + take), this.blockLen);
      this.blockLen += take;
      from += take;
      if (this.blockLen === this.blockLimit) this.flushBlock();
      if ((this.st as number) === S_DEAD) {
        this.total += chunk.length - from;
        return;
      }
    }
  }

  /** Scans the gathered bytes. */
  private flushBlock(): void {
    if (this.blockLen === 0 || this.block === null) return;
    const b = this.block.subarray(0, this.blockLen);
    this.blockLen = 0;
    this.scanChunk(b);
  }

  private scanChunk(chunk: Uint8Array): void {
    if (this.st === S_DEAD) {
      this.total += chunk.length;
      return;
    }
    const n = chunk.length;
    this.base = this.total;
    this.total += n;
    this.chunk = chunk;
    let i = 0;
    // a UTF-8 byte order mark at the very start (possibly split across chunks) is skipped
    while (this.bomPos < 3 && this.base + i === this.bomPos && i < n && chunk[i] === BOM[this.bomPos]) {
      this.bomPos++;
      i++;
    }
    if (i < n) this.bomPos = 3;
    this.scan(i);
    this.chunkEnd();
    this.chunk = EMPTY;
    this.base = this.total;
  }

  /** The stream is complete: finishes a trailing literal, or reports truncation. */
  end(): void {
    if (this.ended) return;
    this.flushBlock();
    this.ended = true;
    this.chunk = EMPTY;
    this.base = this.total;
    if (this.st === S_CAPTURE && this.capKind === C_TOP && this.capShape === SH_LITERAL) {
      this.finishCapture(this.total);
      return;
    }
    if (this.st === S_TOP || this.st === S_SKIP_LINE || this.st === S_DEAD) return;
    // Truncated inside a document: deliver every complete record, then report.
    this.drainPartial();
    if (this.st === S_DEAD || this.st === S_SKIP_LINE) return;
    this.reportError({ byte: this.total, line: this.line, message: 'unexpected end of input' });
  }

  // -------------------------------------------------------------------------------------------

  /** Scans `this.chunk` from index i to its end. */
  private scan(i: number): void {
    let buf = this.chunk;
    let n = buf.length;
    while (i < n) {
      switch (this.st) {
        case S_CAPTURE:
          i = this.capture(buf, i, n);
          if (this.tooLarge) {
            i = this.expand(i);
            buf = this.chunk;
            n = buf.length;
          }
          break;
        case S_TOP: {
          const c = buf[i];
          if (c === 10) {
            this.line++;
            i++;
          } else if (c === 32 || c === 9 || c === 13) i++;
          else if (this.docEndLine === this.line) i = this.fail(this.base + i, 'unexpected text after the JSON value', i);
          else if (c === 93 || c === 125 || c === 44 || c === 58) i = this.fail(this.base + i, `unexpected character '${String.fromCharCode(c)}'`, i);
          else {
            this.sink.docStart(this.line);
            i = this.startValue(buf, i, null);
          }
          break;
        }
        case S_OBJ_FIRST:
        case S_OBJ_KEY: {
          const c = buf[i];
          if (c === 10) {
            this.line++;
            i++;
          } else if (c === 32 || c === 9 || c === 13) i++;
          else if (c === 34) {
            this.beginCapture(C_KEY, SH_STRING, i, false);
            i++;
          } else if (c === 125 && this.st === S_OBJ_FIRST) i = this.closeContainer(i);
          else i = this.fail(this.base + i, c === 125 ? "expected a property name after ','" : 'expected a property name in double quotes', i);
          break;
        }
        case S_COLON: {
          const c = buf[i];
          if (c === 10) {
            this.line++;
            i++;
          } else if (c === 32 || c === 9 || c === 13) i++;
          else if (c === 58) {
            this.st = S_MEMBER;
            i++;
          } else i = this.fail(this.base + i, "expected ':' after property name", i);
          break;
        }
        case S_MEMBER:
        case S_ARR_FIRST:
        case S_ARR_VALUE: {
          const c = buf[i];
          if (c === 10) {
            this.line++;
            i++;
          } else if (c === 32 || c === 9 || c === 13) i++;
          else if (c === 93 && this.st === S_ARR_FIRST) i = this.closeContainer(i);
          else if (c === 93 || c === 125 || c === 44 || c === 58) {
            const message = `unexpected character '${String.fromCharCode(c)}'`;
            i = this.st === S_MEMBER ? this.fail(this.base + i, message, i) : this.failInArray(this.base + i, message, i);
          }
          else if (c === 123 && this.st !== S_MEMBER && this.patternAt[this.stack.length] != null && this.runStart < 0 && this.base + i >= this.aheadFrom && !this.salvaging) {
            const j = this.speculate(buf, i, n);
            i = j >= 0 ? j : this.startValue(buf, i, null);
          } else i = this.startValue(buf, i, this.st === S_MEMBER ? this.key : null);
          break;
        }
        case S_OBJ_NEXT:
        case S_ARR_NEXT: {
          const c = buf[i];
          if (c === 10) {
            this.line++;
            i++;
          } else if (c === 32 || c === 9 || c === 13) i++;
          else if (c === 44) {
            this.st = this.st === S_OBJ_NEXT ? S_OBJ_KEY : S_ARR_VALUE;
            i++;
          } else if ((c === 125 && this.st === S_OBJ_NEXT) || (c === 93 && this.st === S_ARR_NEXT)) i = this.closeContainer(i);
          else if (this.st === S_OBJ_NEXT) i = this.fail(this.base + i, "expected ',' or '}'", i);
          else i = this.failInArray(this.base + i, "expected ',' or ']'", i);
          break;
        }
        case S_SKIP_LINE: {
          const nl = buf.indexOf(10, i);
          if (nl === -1) i = n;
          else {
            this.line++;
            i = nl + 1;
            this.st = S_TOP;
          }
          break;
        }
        default: // S_DEAD
          i = n;
      }
    }
  }

  /** A value starts at buf[i] (not whitespace). */
  private startValue(buf: Uint8Array, i: number, key: string | null): number {
    const c = buf[i];
    const inArray = this.stack.length > 0 && this.stack[this.stack.length - 1];
    let large = false;
    if (c === 123 || c === 91) {
      const isArray = c === 91;
      const answer = this.sink.descend(key, isArray, inArray);
      if (answer === DESCEND) {
        // an element run ends before a descended child (the bytes of a run are contiguous)
        if (inArray && this.runStart >= 0) {
          if (this.runCount > 0) {
            this.flushRun();
            if (this.st === S_DEAD || this.st === S_SKIP_LINE) return i;
          }
          this.dropRun();
        }
        this.open(key, isArray);
        return i + 1;
      }
      large = answer === DESCEND_IF_LARGE && inArray;
    }
    const kind = this.stack.length === 0 ? C_TOP : inArray ? C_ELEMENT : C_MEMBER;
    if (kind === C_ELEMENT && c === 123 && this.lookahead && this.lastElemEnd >= this.base && this.lastElemDepth === this.stack.length) this.learn(buf, i);
    const shape = c === 123 || c === 91 ? SH_CONTAINER : c === 34 ? SH_STRING : SH_LITERAL;
    this.beginCapture(kind, shape, i, large);
    return shape === SH_LITERAL ? i : i + 1;
  }

  private open(key: string | null, isArray: boolean): void {
    this.lastElemEnd = -1;
    this.sink.open(key, isArray);
    this.stack.push(isArray);
    this.st = isArray ? S_ARR_FIRST : S_OBJ_FIRST;
  }

  private beginCapture(kind: number, shape: number, i: number, large: boolean): void {
    this.st = S_CAPTURE;
    this.capKind = kind;
    this.capShape = shape;
    this.capDepth = shape === SH_CONTAINER ? 1 : 0;
    this.capInString = shape === SH_STRING;
    this.capEscape = false;
    this.capLarge = large;
    const abs = this.base + i;
    this.capStart = abs;
    this.capLine = this.line;
    if (kind === C_ELEMENT) {
      if (this.runStart < 0) {
        this.runStart = abs;
        this.runLine = this.line;
        this.runCount = 0;
        this.elemStarts.length = 0;
        this.elemEnds.length = 0;
        this.elemLarge.length = 0;
        this.held.length = 0;
        this.heldStart = abs;
        this.heldBytes = 0;
      }
      this.elemStarts.push(abs);
      this.elemLarge.push(large);
    } else {
      this.held.length = 0;
      this.heldStart = abs;
      this.heldBytes = 0;
    }
  }

  /** Scans a captured value from buf[i]; returns where scanning stopped (n when not finished). */
  private capture(buf: Uint8Array, i: number, n: number): number {
    if (this.capShape === SH_LITERAL) {
      while (i < n) {
        const c = buf[i];
        if (c === 44 || c === 93 || c === 125 || c === 32 || c === 10 || c === 13 || c === 9 || c === 58) return this.finishCapture(this.base + i);
        i++;
      }
      return n;
    }
    let depth = this.capDepth;
    if (this.capInString) {
      // resume inside a string
      if (this.capEscape) {
        this.capEscape = false;
        i++;
      }
      for (;;) {
        if (i >= n) {
          return n;
        }
        const c = buf[i++];
        if (c === 34) break;
        if (c === 92) {
          if (i >= n) {
            this.capEscape = true;
            return n;
          }
          i++;
        } else if (c === 10) return this.newlineInString(i - 1);
      }
      this.capInString = false;
      if (depth === 0) return this.finishCapture(this.base + i);
    }
    // a DESCEND_IF_LARGE element is scanned only up to largeBytes
    let end = n;
    if (this.capLarge) {
      const limit = this.capStart + this.largeLimit - this.base;
      if (limit < n) end = Math.max(i, limit);
    }
    let line = this.line;
    while (i < end) {
      const c = buf[i++];
      if (c === 34) {
        for (;;) {
          if (i >= n) {
            this.capInString = true;
            this.capDepth = depth;
            this.line = line;
            return n;
          }
          const d = buf[i++];
          if (d === 34) break;
          if (d === 92) {
            if (i >= n) {
              this.capInString = true;
              this.capEscape = true;
              this.capDepth = depth;
              this.line = line;
              return n;
            }
            i++;
          } else if (d === 10) {
            this.line = line;
            return this.newlineInString(i - 1);
          }
        }
      } else if (c === 123 || c === 91) depth++;
      else if (c === 125 || c === 93) {
        if (--depth === 0) {
          this.line = line;
          this.capDepth = 0;
          return this.finishCapture(this.base + i);
        }
      } else if (c === 10) line++;
    }
    this.line = line;
    this.capDepth = depth;
    if (i < n) this.tooLarge = true;
    return i;
  }

  // ---- lookahead ------------------------------------------------------------------------------
  //
  // Scanning every byte in JavaScript costs about as much as a third of JSON.parse. Where an array's
  // elements are delivered whole, the scanner instead learns what the boundary between two of them
  // looks like (the last bytes of an element, the separator, the next element's first key:
  // `}},{"traceId"`), finds the last such boundary within about `runBytes` ahead with a native
  // string search, and parses the bytes up to it as one run. That guess is checked by JSON.parse
  // itself: the run starts at an element's first byte, so its text tokenizes exactly as it does in
  // the document, and '[' + text + ']' parses only if the text is whole elements separated by commas
  // (a boundary inside a string or inside an element leaves a string or a bracket open). When the
  // parse fails, or the bytes are not one character each, the scanner reads them itself as before.

  /** The scanner found an element starting at buf[i] right after one that ended at lastElemEnd. */
  private learn(buf: Uint8Array, i: number): void {
    const d = this.stack.length;
    const end = this.lastElemEnd - this.base; // index of the byte after the previous element
    // the next element's first key: `{`, whitespace, a string without escapes
    let k = i + 1;
    while (k < buf.length && k - end < MAX_SEP && (buf[k] === 32 || buf[k] === 10 || buf[k] === 13 || buf[k] === 9)) k++;
    if (k >= buf.length || buf[k] !== 34) return;
    k++;
    while (k < buf.length && k - end < MAX_SEP && buf[k] !== 34 && buf[k] !== 92 && buf[k] < 0x80) k++;
    if (k >= buf.length || k - end >= MAX_SEP || buf[k] !== 34) return;
    const sep = buf.subarray(end, k + 1);
    const suffix = buf.subarray(Math.max(0, end - SUFFIX), end);
    for (let p = 0; p < suffix.length; p++) if (suffix[p] >= 0x80) return;
    const known = this.sepAt[d];
    if (known == null || !sameBytes(known, sep)) {
      this.sepAt[d] = sep.slice();
      this.suffixAt[d] = suffix.slice();
      this.seenAt[d] = 1;
      this.patternAt[d] = null;
      return;
    }
    const had = this.suffixAt[d] as Uint8Array;
    let common = 0;
    while (common < had.length && common < suffix.length && had[had.length - 1 - common] === suffix[suffix.length - 1 - common]) common++;
    if (common === 0) {
      this.sepAt[d] = null;
      return;
    }
    if (common < had.length) this.suffixAt[d] = had.slice(had.length - common);
    this.seenAt[d]++;
    if (this.seenAt[d] >= LEARN && !this.aheadOff) {
      this.patternAt[d] = String.fromCharCode.apply(null, [...(this.suffixAt[d] as Uint8Array), ...sep]);
    }
  }

  /**
   * An element of a descended array starts at buf[i], no run is open, and a boundary pattern was
   * learned at this depth: reads the elements up to the last boundary within runBytes (at least
   * one element, at most largeBytes) as one run. Returns where to go on, or -1 to scan instead.
   */
  private speculate(buf: Uint8Array, i: number, n: number): number {
    const d = this.stack.length;
    const pattern = this.patternAt[d] as string;
    const answer = this.sink.descend(null, false, true);
    if (answer !== CAPTURE && answer !== DESCEND_IF_LARGE) return -1;
    const start = this.base + i;
    let avail = Math.min(n - i, this.largeLimit - 1);
    if (avail < Math.min(MIN_AHEAD, this.runLimit)) return -1;
    const suffix = (this.suffixAt[d] as Uint8Array).length; // pattern characters before the boundary
    // Decoded in steps of runBytes: in the first, the last boundary; else the first one after it.
    const parts: string[] = [];
    let bytes = 0; // bytes decoded
    let chars = 0; // characters they made
    let at = -1; // character offsets of the boundaries found
    let prev = -1;
    let tail = '';
    // in JSON lines (a document ended before this one), records end at the line's end
    let lineEnd = this.docEndLine > 0 && pattern.indexOf('\n') < 0;
    while (at < 0 && bytes < avail) {
      let to = Math.min(avail, bytes + this.runLimit);
      while (to > bytes && buf[i + to - 1] >= 0x80) to--; // end on an ASCII byte: nothing is cut in two
      if (to === bytes) break;
      let part = this.decoder.decode(buf.subarray(i + bytes, i + to));
      if (lineEnd) {
        const nl = part.indexOf('\n');
        if (nl >= 0) {
          if (part.length !== to - bytes) {
            // (where the line ends in bytes is not known here)
            this.aheadFrom = start + to;
            return -1;
          }
          part = part.slice(0, nl);
          to = bytes + nl;
          avail = to; // the last step
          lineEnd = false;
        }
      }
      // a boundary may straddle two steps: the previous step's last characters are searched again
      const hay = tail + part;
      const hayStart = chars - tail.length;
      for (let k = hay.indexOf(pattern); k >= 0; k = hay.indexOf(pattern, k + 1)) {
        prev = at;
        at = hayStart + k;
        if (parts.length > 0) break;
      }
      parts.push(part);
      bytes = to;
      chars += part.length;
      tail = part.length >= pattern.length ? part.slice(part.length - pattern.length + 1) : '';
    }
    if (at < 0) {
      // no boundary at hand (the last element of its array or line, or one larger than that): scanned
      this.aheadFrom = start + bytes;
      return -1;
    }
    const all = parts.length === 1 ? parts[0] : parts.join('');
    let endAt = at + suffix;
    let values = parseArray(all.slice(0, endAt));
    if (values === null && prev >= 0) {
      // the last match may be an inner boundary of the same shape (a span's links): one step back
      this.stats.misses++;
      endAt = prev + suffix;
      values = parseArray(all.slice(0, endAt));
    }
    if (values === null || !allObjects(values)) return this.miss(d, start + endAt);
    let size = endAt; // bytes of the run
    if (chars !== bytes) {
      // characters of several bytes: the run's size in bytes is its text's UTF-8 length, unless bytes
      // that are not UTF-8 were replaced (then the size is not known here, and the run is scanned)
      const text = all.slice(0, endAt);
      if (text.indexOf('\ufffd') >= 0) {
        this.aheadFrom = start + bytes;
        return -1;
      }
      size = this.utf8Size(text);
    }
    for (let p = all.indexOf('\n'); p >= 0 && p < endAt; p = all.indexOf('\n', p + 1)) this.line++;
    this.missesAt[d] = 0;
    this.stats.runs++;
    this.stats.bytes += size;
    this.lastElemEnd = -1;
    this.st = S_ARR_NEXT;
    this.sink.elements(values, size);
    return i + size;
  }

  private encoder: TextEncoder | null = null;
  private scratch = EMPTY;

  /** UTF-8 length of a string without U+FFFD (encoded into a scratch buffer by the platform). */
  private utf8Size(text: string): number {
    this.encoder ??= new TextEncoder();
    if (this.scratch.length < text.length * 3) this.scratch = new Uint8Array(text.length * 3);
    return this.encoder.encodeInto(text, this.scratch).written;
  }

  /** A lookahead attempt did not hold: the scanner reads up to `until` itself. */
  private miss(d: number, until: number): number {
    this.stats.misses++;
    this.aheadFrom = until;
    const m = (this.missesAt[d] ?? 0) + 1;
    this.missesAt[d] = m;
    if (m >= LEARN) {
      // a pattern that keeps missing is dropped, learned again from what the scanner reads next,
      // and not tried for a while
      this.patternAt[d] = null;
      this.sepAt[d] = null;
      this.missesAt[d] = 0;
      this.aheadFrom = until + 8 * this.runLimit;
    }
    // lookahead that misses more often than it holds costs more than it saves: off for this stream
    if (this.stats.misses > 16 && this.stats.misses > this.stats.runs) {
      this.aheadOff = true;
      this.patternAt.length = 0;
    }
    return -1;
  }

  /**
   * A raw line break inside a string (invalid JSON): reported here rather than by JSON.parse later,
   * so that in JSON lines the next line is not read as part of this one. Returns i (the break).
   */
  private newlineInString(i: number): number {
    this.capInString = false;
    const byte = this.base + i;
    const line = this.line;
    if (this.capKind === C_ELEMENT) {
      // a container element read whole: its complete records before the break are good
      const start = this.capStart;
      const prefix = this.capLarge ? this.bytes(start, byte).slice() : null;
      const elementLine = this.capLine;
      if (this.runStart >= 0 && this.runCount > 0) {
        // so are the complete elements before it
        this.elemStarts.length = this.runCount;
        this.elemLarge.length = this.runCount;
        this.flushRun();
        if (this.st !== S_CAPTURE) return i;
      }
      if (prefix !== null) this.salvage(prefix, start, elementLine);
    }
    this.line = line;
    return this.fail(byte, 'control character in string', i);
  }

  /**
   * The DESCEND_IF_LARGE element being captured is too large (or the stream ends inside it):
   * scan it again from its first byte, descending into it. Returns where to go on in `this.chunk`.
   */
  private expand(i: number): number {
    this.tooLarge = false;
    const start = this.capStart;
    const isArray = this.capShape === SH_CONTAINER && this.firstByte(start) === 91;
    const line = this.capLine;
    // the element's bytes from earlier chunks (held copies), read before the run is dropped
    const earlier = start < this.base ? this.concatHeld().subarray(start - this.heldStart) : null;
    this.elemStarts.pop();
    this.elemLarge.pop();
    if (this.runCount > 0) {
      this.flushRun();
      if (this.st === S_DEAD || this.st === S_SKIP_LINE) return i;
    }
    this.dropRun();
    this.line = line;
    this.open(null, isArray);
    if (earlier === null) return start - this.base + 1;
    // first the held part, as a chunk of its own; then this chunk from its start
    const chunk = this.chunk;
    const base = this.base;
    this.chunk = earlier;
    this.base = start;
    this.scan(1);
    this.chunkEnd();
    this.chunk = chunk;
    this.base = base;
    return 0;
  }

  private firstByte(abs: number): number {
    if (abs >= this.base) return this.chunk[abs - this.base];
    return this.concatHeld()[abs - this.heldStart];
  }

  /** At the end of the input (or of a broken element): read partial large elements, deliver complete records. */
  private drainPartial(): void {
    while (this.st === S_CAPTURE && this.capKind === C_ELEMENT && this.capLarge && this.capShape === SH_CONTAINER) {
      const at = this.chunk.length;
      const i = this.expand(at);
      if ((this.st as number) === S_DEAD || (this.st as number) === S_SKIP_LINE) return;
      this.scan(i); // the rest of the current bytes, descending
    }
    if ((this.st as number) === S_DEAD || (this.st as number) === S_SKIP_LINE) return;
    if (this.runStart >= 0 && this.runCount > 0) this.flushRun();
  }

  /** The captured value ends at absolute offset `end` (exclusive). Returns the chunk index to go on from. */
  private finishCapture(end: number): number {
    const i = end - this.base;
    switch (this.capKind) {
      case C_ELEMENT: {
        this.lastElemEnd = end;
        this.lastElemDepth = this.stack.length;
        this.elemEnds.push(end);
        this.runEnd = end;
        this.runCount++;
        this.st = S_ARR_NEXT;
        if (end - this.runStart >= this.runLimit) this.flushRun();
        return i;
      }
      case C_KEY: {
        const r = this.parse(this.capStart, end, this.capLine);
        if (!r.ok) return i;
        this.key = r.value as string;
        this.st = S_COLON;
        return i;
      }
      case C_MEMBER: {
        const r = this.parse(this.capStart, end, this.capLine);
        if (!r.ok) return i;
        this.st = S_OBJ_NEXT;
        this.held.length = 0;
        this.heldBytes = 0;
        this.sink.member(this.key, r.value);
        return i;
      }
      default: {
        // C_TOP
        const r = this.parse(this.capStart, end, this.capLine);
        if (!r.ok) return i;
        this.st = S_TOP;
        this.held.length = 0;
        this.heldBytes = 0;
        this.docEndLine = this.line;
        this.sink.value(r.value);
        if (this.st === S_TOP) this.sink.docEnd();
        return i;
      }
    }
  }

  private closeContainer(i: number): number {
    this.lastElemEnd = -1;
    const wasArray = this.stack[this.stack.length - 1];
    if (wasArray && this.runStart >= 0) {
      if (this.runCount > 0) this.flushRun();
      if (this.st === S_DEAD || this.st === S_SKIP_LINE) return i + 1; // an error while flushing
      this.dropRun();
    }
    this.stack.pop();
    this.sink.close();
    if (this.st === S_DEAD) return i + 1; // the sink stopped
    if (this.stack.length === 0) {
      this.st = S_TOP;
      this.docEndLine = this.line;
      this.sink.docEnd();
    } else this.st = this.stack[this.stack.length - 1] ? S_ARR_NEXT : S_OBJ_NEXT;
    return i + 1;
  }

  /** Parses the complete elements of the current run and hands them to the sink. */
  private flushRun(): void {
    const start = this.runStart;
    const end = this.runEnd;
    const count = this.runCount;
    const values = parseArray(this.text(start, end));
    // what stays held: bytes from the next (partial) element on
    const nextStart = this.elemStarts.length > count ? this.elemStarts[count] : -1;
    const nextLarge = nextStart >= 0 && this.elemLarge[count];
    if (values !== null && values.length === count) {
      this.keepFrom(nextStart, nextLarge);
      this.sink.elements(values, end - start);
      return;
    }
    // slow path: find the bad element, deliver the good ones before it
    const bytes = this.bytes(start, end);
    let goodEnd = start;
    const good: unknown[] = [];
    let lineAt = this.runLine;
    let lineFrom = 0;
    for (let k = 0; k < count; k++) {
      const a = this.elemStarts[k] - start;
      const b = this.elemEnds[k] - start;
      for (let p = lineFrom; p < a; p++) if (bytes[p] === 10) lineAt++;
      lineFrom = a;
      const elText = this.decoder.decode(bytes.subarray(a, b));
      const value = parseValue(elText);
      if (value.ok) {
        good.push(value.value);
        goodEnd = this.elemEnds[k];
        continue;
      }
      if (good.length > 0) this.sink.elements(good, goodEnd - start);
      const loc = locateJsonError(elText);
      const off = loc ? loc.offset : 0;
      const prefix = elText.slice(0, off);
      const byte = this.elemStarts[k] + utf8Length(prefix);
      let line = lineAt;
      for (let p = 0; p < prefix.length; p++) if (prefix.charCodeAt(p) === 10) line++;
      if (this.elemLarge[k] && (bytes[a] === 123 || bytes[a] === 91)) this.salvage(bytes.subarray(a, byte - start), this.elemStarts[k], lineAt);
      this.reportError({ byte, line, message: loc ? loc.message : value.message });
      return;
    }
    // each element parses alone: the separators between them are wrong
    if (good.length > 0) this.sink.elements(good, goodEnd - start);
    this.reportError({ byte: end, line: this.line, message: "expected ',' between array elements" });
  }

  /**
   * Reads the valid beginning `prefix` of a broken DESCEND_IF_LARGE element descending into it, so
   * that its complete records reach the sink before the error is reported.
   */
  private salvage(prefix: Uint8Array, start: number, line: number): void {
    const saved = { chunk: this.chunk, base: this.base, line: this.line };
    this.salvaging = true;
    this.resetDoc();
    this.stack.length = 0;
    // the sink's open containers are still the array's ancestors: open the element in them
    this.stack.push(true);
    this.chunk = prefix;
    this.base = start;
    this.line = line;
    this.open(null, prefix[0] === 91);
    this.scan(1);
    this.drainPartial();
    this.salvaging = false;
    this.chunk = saved.chunk;
    this.base = saved.base;
    this.line = saved.line;
  }

  /** After a flush, the run continues with the element starting at `from` (or ends when -1). */
  private keepFrom(from: number, large: boolean): void {
    if (from < 0) {
      this.dropRun();
      return;
    }
    // the partial element's bytes (from earlier chunks and this one) become the new held prefix
    const kept = this.bytesFrom(from);
    this.held.length = 0;
    this.heldStart = from;
    this.heldBytes = 0;
    if (kept !== null) {
      this.held.push(kept);
      this.heldBytes = kept.length;
    }
    this.runStart = from;
    this.runLine = this.capLine;
    this.runCount = 0;
    this.elemStarts.length = 0;
    this.elemStarts.push(from);
    this.elemEnds.length = 0;
    this.elemLarge.length = 0;
    this.elemLarge.push(large);
  }

  private dropRun(): void {
    this.runStart = -1;
    this.runCount = 0;
    this.elemStarts.length = 0;
    this.elemEnds.length = 0;
    this.elemLarge.length = 0;
    this.held.length = 0;
    this.heldBytes = 0;
  }

  /**
   * Bytes from absolute offset `from` to the end of `this.chunk`, as held bytes (copied from the
   * chunk, since callers may reuse their buffers). Null when there are none.
   */
  private bytesFrom(from: number): Uint8Array | null {
    const chunkEndAbs = this.base + this.chunk.length;
    if (from >= chunkEndAbs) return null;
    if (from >= this.base) return this.chunk.slice(from - this.base);
    const heldPart = this.concatHeld().subarray(from - this.heldStart);
    const out = new Uint8Array(heldPart.length + this.chunk.length);
    out.set(heldPart, 0);
    out.set(this.chunk, heldPart.length);
    return out;
  }

  private concatHeld(): Uint8Array {
    if (this.held.length === 1) return this.held[0];
    const out = new Uint8Array(this.heldBytes);
    let p = 0;
    for (const h of this.held) {
      out.set(h, p);
      p += h.length;
    }
    this.held = [out];
    return out;
  }

  /** The bytes [start, end) (absolute); start must be at or after heldStart. */
  private bytes(start: number, end: number): Uint8Array {
    if (this.heldBytes === 0 || start >= this.heldStart + this.heldBytes) return this.chunk.subarray(start - this.base, end - this.base);
    const held = this.concatHeld();
    const heldEnd = this.heldStart + this.heldBytes;
    if (end <= heldEnd) return held.subarray(start - this.heldStart, end - this.heldStart);
    const a = held.subarray(start - this.heldStart);
    const b = this.chunk.subarray(0, end - this.base);
    const out = new Uint8Array(a.length + b.length);
    out.set(a, 0);
    out.set(b, a.length);
    return out;
  }

  /** Decodes [start, end) without concatenating held parts. */
  private text(start: number, end: number): string {
    if (this.heldBytes === 0 || start >= this.heldStart + this.heldBytes) {
      const sub = this.chunk.subarray(start - this.base, end - this.base);
      return (sub.length <= SMALL ? asciiString(sub) : null) ?? this.decoder.decode(sub);
    }
    let s = '';
    let pos = this.heldStart;
    for (const h of this.held) {
      const hEnd = pos + h.length;
      if (hEnd > start && pos < end) {
        const from = Math.max(0, start - pos);
        const to = Math.min(h.length, end - pos);
        s += this.joinDecoder.decode(h.subarray(from, to), { stream: true });
      }
      pos = hEnd;
    }
    if (end > this.base) s += this.joinDecoder.decode(this.chunk.subarray(0, end - this.base), { stream: true });
    s += this.joinDecoder.decode();
    return s;
  }

  private parse(start: number, end: number, line: number): { ok: true; value: unknown } | { ok: false } {
    const text = this.text(start, end);
    const r = parseValue(text);
    if (r.ok) return r;
    const loc = locateJsonError(text);
    const off = loc ? loc.offset : 0;
    const prefix = text.slice(0, off);
    let l = line;
    for (let p = 0; p < prefix.length; p++) if (prefix.charCodeAt(p) === 10) l++;
    this.reportError({ byte: start + utf8Length(prefix), line: l, message: loc ? loc.message : r.message });
    return { ok: false };
  }

  /** Keeps what must survive the end of `this.chunk` (copied: callers may reuse buffers). */
  private chunkEnd(): void {
    const buf = this.chunk;
    if (this.st === S_CAPTURE) {
      if (this.capKind === C_ELEMENT) {
        // deliver the complete elements now; keep only the partial one
        if (this.runCount > 0) {
          this.flushRun();
          if (this.st !== S_CAPTURE) return;
        } else this.appendHeld(buf, this.heldStart);
      } else this.appendHeld(buf, this.capStart);
      if (this.heldBytes > this.maxValue) {
        this.fail(this.capStart, `a single JSON value is larger than ${Math.round(this.maxValue / 1048576)} MB; it cannot be read`, 0);
      }
      return;
    }
    if (this.runStart >= 0 && this.runCount > 0) {
      // between elements of a run: deliver them
      this.flushRun();
      if (this.runStart >= 0) this.dropRun();
    }
  }

  private appendHeld(buf: Uint8Array, from: number): void {
    const rel = Math.max(0, from - this.base);
    if (rel >= buf.length) return;
    const part = buf.slice(rel);
    if (this.heldBytes === 0) this.heldStart = this.base + rel;
    this.held.push(part);
    this.heldBytes += part.length;
  }

  private reportError(e: SplitError): void {
    if (this.salvaging) {
      // an error inside the salvaged prefix ends the salvage (the caller reports the element's
      // error next); scanning on from the same byte in the same state would never end
      this.st = S_DEAD;
      return;
    }
    const action = this.sink.error(e);
    this.resetDoc();
    this.st = action === 'skip-line' ? S_SKIP_LINE : S_DEAD;
  }

  /** Reports a structural error; returns i (where to go on in the new state). */
  private fail(byte: number, message: string, i: number): number {
    this.reportError({ byte, line: this.line, message });
    return i;
  }

  /**
   * A structural error between the elements of an array: the complete elements of the open run
   * come first (the error is after them), then the error.
   */
  private failInArray(byte: number, message: string, i: number): number {
    if (!this.salvaging && this.runStart >= 0 && this.runCount > 0 && this.elemStarts.length === this.runCount) {
      const line = this.line;
      this.flushRun();
      if (this.st === S_DEAD || this.st === S_SKIP_LINE) return i; // the run itself was broken: reported
      this.dropRun();
      this.line = line;
    }
    return this.fail(byte, message, i);
  }

  private resetDoc(): void {
    this.stack.length = 0;
    this.runStart = -1;
    this.runCount = 0;
    this.elemStarts.length = 0;
    this.elemEnds.length = 0;
    this.elemLarge.length = 0;
    this.held.length = 0;
    this.heldBytes = 0;
    this.tooLarge = false;
  }
}

/**
 * A short all-ASCII byte range as a string, else null. Keys and small members are decoded this
 * way: a TextDecoder call costs microseconds of fixed overhead in Node.
 */
function asciiString(b: Uint8Array): string | null {
  for (let i = 0; i < b.length; i++) if (b[i] >= 0x80) return null;
  return String.fromCharCode.apply(null, b as unknown as number[]);
}

/** JSON.parse of '[' + text + ']', or null when it is not valid. */
function parseArray(text: string): unknown[] | null {
  try {
    return JSON.parse('[' + text + ']') as unknown[];
  } catch {
    return null;
  }
}

function parseValue(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, message: String((e as Error).message) };
  }
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** Every value is a JSON object (what an element read whole by lookahead must be). */
function allObjects(values: unknown[]): boolean {
  for (const v of values) if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  return true;
}
