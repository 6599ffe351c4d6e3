/**
 * A seeded random source, so that a scale and a seed always give the same organisation and history —
 * on PGlite and on PostgreSQL alike, which makes the two engines' figures comparable row for row.
 */
export class Random {
  private s: [number, number, number, number];

  constructor(seed: number | string) {
    // splitmix32 expands the seed into xoshiro128** state.
    let h =
      typeof seed === 'number'
        ? seed >>> 0
        : [...seed].reduce((a, c) => Math.imul(a ^ c.charCodeAt(0), 0x9e3779b1) >>> 0, 0x811c9dc5);
    const next = () => {
      h = (h + 0x9e3779b9) >>> 0;
      let z = h;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s = [next(), next(), next(), next()];
  }

  /** Uniform in [0, 1). */
  next(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result / 4294967296;
  }

  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new Error('pick from an empty list');
    return xs[Math.floor(this.next() * xs.length)]!;
  }

  /** k distinct elements, in random order. */
  sample<T>(xs: readonly T[], k: number): T[] {
    const copy = [...xs];
    const out: T[] = [];
    for (let i = 0; i < k && copy.length; i++) out.push(copy.splice(Math.floor(this.next() * copy.length), 1)[0]!);
    return out;
  }

  /** One of the keys, with the given weights. */
  weighted<K extends string>(weights: Record<K, number>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((a, [, w]) => a + w, 0);
    let r = this.next() * total;
    for (const [k, w] of entries) if ((r -= w) < 0) return k;
    return entries[entries.length - 1]![0];
  }

  /** Log-normal with the given median; `spread` is the factor one standard deviation away. */
  lognormal(median: number, spread: number): number {
    const u = Math.max(this.next(), 1e-12);
    const v = this.next();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return median * Math.exp(z * Math.log(spread));
  }

  /** A version-4 UUID drawn from this source. */
  uuid(): string {
    const h = (n: number) =>
      Math.floor(this.next() * 2 ** 32)
        .toString(16)
        .padStart(8, '0')
        .slice(0, n);
    const a = h(8);
    const b = h(4);
    const c = `4${h(3)}`;
    const d = `${((Math.floor(this.next() * 4) + 8) >>> 0).toString(16)}${h(3)}`;
    const e = `${h(6)}${h(6)}`;
    return `${a}-${b}-${c}-${d}-${e}`;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
