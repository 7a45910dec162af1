// A bounded memo, for what a process keeps from one guide (or one build, under --watch) to the
// next: the layout's shaped words and parsed texts, a guide's parsed parts, its derived entries.
// One process lays out hundreds of guides; a cache that only grows would end up holding every
// word of every one of them.

/**
 * Two generations: new entries go to the young map, and when it holds `limit` (by weight) it
 * becomes the old map and the previous old one is dropped. An entry found in the old map moves
 * back to the young one, so what every guide uses stays and what one guide used goes. Holds at
 * most twice `limit`. A value never depends on whether it came from the cache.
 */
export class BoundedCache<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();
  private weight = 0;

  constructor(
    private readonly limit: number,
    private readonly weigh: (key: K, value: V) => number = () => 1,
  ) {}

  get(key: K): V | undefined {
    const value = this.young.get(key);
    if (value !== undefined) return value;
    const aged = this.old.get(key);
    if (aged !== undefined) {
      this.old.delete(key);
      this.set(key, aged);
    }
    return aged;
  }

  has(key: K): boolean {
    return this.young.has(key) || this.old.has(key);
  }

  clear(): void {
    this.young = new Map();
    this.old = new Map();
    this.weight = 0;
  }

  set(key: K, value: V): void {
    if (this.weight >= this.limit) {
      this.old = this.young;
      this.young = new Map();
      this.weight = 0;
    }
    this.young.set(key, value);
    this.weight += this.weigh(key, value);
  }
}
