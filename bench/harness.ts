/**
 * The benchmark harness shared by every `bench/*.bench.ts`.
 *
 * Each bench file default-exports `async (h: Harness) => void`. Timings are
 * medians of several samples, each long enough to swamp timer noise; ratios
 * must be computed from measurements taken side by side in this one process.
 */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

export interface TimeOptions {
  /** Minimum duration of one sample in milliseconds (default 200). */
  sampleMs?: number;
  /** Number of samples; the median is kept (default 7). */
  samples?: number;
}

export interface Harness {
  /** Median nanoseconds per call of `fn`. The result of `fn` is consumed so it cannot be optimised away. */
  time(fn: () => unknown, options?: TimeOptions): number;
  /** Median milliseconds of one run of `fn` (for operations in the millisecond range). */
  timeMs(fn: () => unknown | Promise<unknown>, options?: { runs?: number }): Promise<number>;
  /** Records a named figure for the table and the JSON output. */
  figure(name: string, value: number, unit?: string, target?: string): void;
}

let sink: unknown;
/** Keeps values alive so the optimiser cannot drop the work that produced them. */
export function consume(value: unknown): void {
  sink = value;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

type Loop = (fn: () => unknown, iterations: number) => unknown;
/**
 * A fresh loop per measurement, so its call site sees only one function and V8 can
 * inline it: a shared loop would turn megamorphic and add the same call overhead to
 * every measurement, flattening every ratio.
 */
const makeLoop = (): Loop =>
  new Function('fn', 'n', 'let r; for (let i = 0; i < n; i++) r = fn(); return r;') as Loop;

export function createHarness(figures: Figure[]): Harness {
  return {
    time(fn, { sampleMs = 200, samples = 7 } = {}) {
      const loop = makeLoop();
      // Calibrate: find an iteration count that takes about sampleMs.
      let iterations = 1_000;
      for (;;) {
        const start = process.hrtime.bigint();
        sink = loop(fn, iterations);
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        if (ms >= sampleMs / 4) {
          iterations = Math.max(1, Math.round((iterations * sampleMs) / ms));
          break;
        }
        iterations *= 4;
      }
      const results: number[] = [];
      for (let s = 0; s < samples; s++) {
        const start = process.hrtime.bigint();
        sink = loop(fn, iterations);
        results.push(Number(process.hrtime.bigint() - start) / iterations);
      }
      return median(results);
    },
    async timeMs(fn, { runs = 5 } = {}) {
      const results: number[] = [];
      for (let r = 0; r < runs; r++) {
        const start = performance.now();
        sink = await fn();
        results.push(performance.now() - start);
      }
      return median(results);
    },
    figure(name, value, unit = '', target) {
      figures.push({ name, value, unit, ...(target === undefined ? {} : { target }) });
    },
  };
}

/**
 * A bench arm calling `fn` on each of `items` in turn (prebuilt inputs, one per call). Map
 * lookups rotate over many keys: one key's cost depends on its hash chain, and the hash
 * seed is random per process, so one fixed key makes a ratio a per-process lottery.
 */
export function inTurn<T, R>(items: readonly T[], fn: (item: T) => R): () => R {
  let k = 0;
  return () => {
    k = k + 1 === items.length ? 0 : k + 1;
    return fn(items[k]!);
  };
}

/** @internal for tests of the harness itself */
export const lastSink = (): unknown => sink;
