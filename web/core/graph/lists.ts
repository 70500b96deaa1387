/** Growable typed-array lists: amortized O(1) push without an object per entry. */

export class IntList {
  private a: Int32Array;
  length = 0;
  constructor(capacity = 64) {
    this.a = new Int32Array(Math.max(4, capacity));
  }
  push(v: number): void {
    if (this.length === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.length++] = v;
  }
  get(k: number): number {
    return this.a[k];
  }
  /** A copy of the used part. */
  toArray(): Int32Array {
    return this.a.slice(0, this.length);
  }
}

export class FloatList {
  private a: Float64Array;
  length = 0;
  constructor(capacity = 64) {
    this.a = new Float64Array(Math.max(4, capacity));
  }
  push(v: number): void {
    if (this.length === this.a.length) {
      const b = new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.length++] = v;
  }
  get(k: number): number {
    return this.a[k];
  }
  set(k: number, v: number): void {
    this.a[k] = v;
  }
  toArray(): Float64Array {
    return this.a.slice(0, this.length);
  }
}
