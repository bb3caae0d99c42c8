// A seeded generator (xorshift32), so every benchmark run generates the same inputs.
export class Random {
  constructor(private state: number) {}

  /** In [0, 1). */
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state / 4294967296;
  }

  /** An integer in [0, limit). */
  int(limit: number): number {
    return Math.floor(this.next() * limit);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** A number in [low, high), to three decimals. */
  round(low: number, high: number): number {
    return Math.round((low + this.next() * (high - low)) * 1000) / 1000;
  }

  /** `length` lowercase hex digits. */
  hex(length: number): string {
    let text = '';
    while (text.length < length) text += this.int(0x100000000).toString(16).padStart(8, '0');
    return text.slice(0, length);
  }
}
