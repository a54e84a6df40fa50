/** Small helpers of the client's tests: a Storage in memory, waiting for a condition. */

/** A `Storage` in memory; `full` makes every write throw `QuotaExceededError`. */
export class MemoryStorage implements Storage {
  readonly map = new Map<string, string>();
  full = false;
  get length(): number {
    return this.map.size;
  }
  key(i: number): string | null {
    return [...this.map.keys()][i] ?? null;
  }
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    if (this.full) throw new DOMException('the quota has been exceeded', 'QuotaExceededError');
    this.map.set(key, String(value));
  }
  removeItem(key: string): void {
    this.map.delete(key);
  }
  clear(): void {
    this.map.clear();
  }
  /** Every value, concatenated: what anyone could read from this storage. */
  dump(): string {
    let out = '';
    for (let i = 0; i < this.length; i++) {
      const k = this.key(i)!;
      out += `${k}=${this.getItem(k)}\n`;
    }
    return out;
  }
}

/** Resolves once `ok()` holds, polling every 10 ms; rejects after `ms`. */
export async function until(ok: () => boolean, ms = 5_000, what = 'condition'): Promise<number> {
  const start = performance.now();
  while (!ok()) {
    if (performance.now() - start > ms)
      throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return performance.now() - start;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
