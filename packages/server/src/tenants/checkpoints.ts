/**
 * Background checkpoints of one tenant, written after commit in their own transaction
 * (`Storage.writeCheckpoint`): a failed or interrupted write leaves the previous checkpoint,
 * and the ops after it replay on load. One at a time.
 *
 * A checkpoint holds the (single) thread for what it costs: taking the world at one revision
 * (`Model.toWorld()`, one stretch: ~0.1 s for a 50,000-asset world), packing it (gzip JSON,
 * `packWorld`: ~50 ms in slices of a few ms with requests served between, the compression
 * on the thread pool) and storing ~0.8 MB of bytes (a few ms). So for a world whose
 * checkpoint costs more than `PACED_FROM_MS`, a due checkpoint waits until both
 * - replaying the ops since the last one would cost about as much as writing a new one
 *   (`REPLAY_MS_PER_OP` each): loading stays within about twice the checkpoint's cost, and
 *   a 50,000-asset tenant is not rewritten whole (6 MB) every 1,000 ops, and
 * - `SHARE` of the time since the last one covers what the last one cost: under a burst of
 *   ops checkpoints never stall most answers.
 * A small tenant gets one every `checkpointEvery` ops, at once. Before one was measured, a
 * large world's cost is estimated from its size, counted from its load (which read and
 * built the same world).
 */
import type { WorldInput } from '@grantkit/core';
import { packWorld } from '../storage/packed.ts';
import type { Storage } from '../storage/types.ts';

/** Most of the time checkpoints may take. */
const SHARE = 0.05;
/** Estimated ms per world entry (user, resource…): ~66,000 entries cost ~0.15–0.2 s. */
const COST_PER_ENTRY_MS = 0.003;
/** Worlds whose checkpoint costs less than this (~5,000 entries) get each one at once. */
const PACED_FROM_MS = 50;
/** About what replaying one stored op costs on load (a share on a 50,000-asset world: 0.04–0.16 ms). */
const REPLAY_MS_PER_OP = 0.05;

/** Entries of a world: the items of its top-level lists. */
const entriesOf = (world: WorldInput): number => {
  let n = 0;
  for (const value of Object.values(world)) if (Array.isArray(value)) n += value.length;
  return n;
};

/**
 * The committed world to store, or `undefined` when there is none to take now; `ms`: the
 * time taking it held the thread.
 */
export type TakeWorld = () => Promise<
  { revision: number; world: WorldInput; ms: number } | undefined
>;

export class Checkpoints {
  private writing: Promise<void> | undefined;
  private due = false;
  private timer: NodeJS.Timeout | undefined;
  /** When the last checkpoint ended and how long it took (ms). */
  private last = { at: 0, cost: 0 };

  constructor(
    private readonly tenant: string,
    private readonly storage: Storage,
    /** Takes the world between op batches (so it is exactly the committed revision). */
    private readonly take: TakeWorld,
    private readonly onError:
      | ((error: unknown, info: { tenant: string; revision: number }) => void)
      | undefined,
    loaded?: WorldInput,
  ) {
    const cost = loaded === undefined ? 0 : entriesOf(loaded) * COST_PER_ENTRY_MS;
    if (cost >= PACED_FROM_MS) this.last = { at: Date.now(), cost };
  }

  /** Ops committed since the last checkpoint was taken. */
  private ops = 0;

  /** `count` more ops committed; `due` when a checkpoint is due after them. */
  committed(count: number, due: boolean): void {
    this.ops += count;
    if (due) this.request();
  }

  /** A checkpoint is due: written now, or when its turn comes. */
  private request(): void {
    if (this.writing !== undefined || this.timer !== undefined) {
      this.due = true;
      return;
    }
    this.due = false;
    // A large world: not until the ops since the last one cost about as much to replay.
    if (this.last.cost >= PACED_FROM_MS && this.ops * REPLAY_MS_PER_OP < this.last.cost) return;
    const wait = this.last.at + this.last.cost / SHARE - Date.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.request();
      }, wait);
      this.timer.unref();
      return;
    }
    this.writing = this.write().finally(() => {
      this.writing = undefined;
      if (this.due) this.request();
    });
  }

  private async write(): Promise<void> {
    const taken = await this.take();
    if (taken === undefined) return;
    this.ops = 0;
    // What the thread spent on it (not the time requests were served between its slices).
    let cost = taken.ms;
    try {
      const packed = await packWorld(taken.world);
      cost += packed.busyMs;
      const started = performance.now();
      await this.storage.writeCheckpoint(this.tenant, taken.revision, packed);
      cost += performance.now() - started;
    } catch (error) {
      const info = { tenant: this.tenant, revision: taken.revision };
      if (this.onError !== undefined) this.onError(error, info);
      else console.warn('[grantkit/server] a checkpoint failed; the ops log stays valid', error);
    } finally {
      this.last = { at: Date.now(), cost };
    }
  }

  /** Resolves when none is being written; with `flush`, one waiting for its turn is written now. */
  async settled(flush = false): Promise<void> {
    if (flush && (this.timer !== undefined || this.ops > 0) && this.writing === undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.last = { at: 0, cost: 0 };
      this.request();
    }
    while (this.writing !== undefined) await this.writing;
  }
}
