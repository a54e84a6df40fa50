/**
 * Leader election between tabs (finding 13): with Web Locks the leader is whoever holds
 * the lock, however slow; without them a heartbeat lease that a slow leader keeps.
 * Time is simulated (fake timers) and a tab made slow by holding back its messages, as
 * a busy or throttled tab delivers them late: no test here depends on the machine's load.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { installLocks, MemoryLockManager } from './__fixtures__/locks.ts';
import { joinChannel, type TabChannel, type TabMessage } from './channel.ts';

/** A BroadcastChannel in memory whose tabs can be made slow: their messages are held back. */
class SlowableChannel {
  static readonly open = new Set<SlowableChannel>();
  static readonly slow = new Set<SlowableChannel>();
  private static readonly held: [SlowableChannel, unknown][] = [];
  onmessage: ((e: { data: unknown }) => void) | null = null;
  constructor(readonly name: string) {
    SlowableChannel.open.add(this);
  }
  postMessage(data: unknown): void {
    if (SlowableChannel.slow.has(this)) SlowableChannel.held.push([this, data]);
    else this.deliver(data);
  }
  private deliver(data: unknown): void {
    for (const other of SlowableChannel.open)
      if (other !== this && other.name === this.name)
        queueMicrotask(() => other.onmessage?.({ data: structuredClone(data) }));
  }
  close(): void {
    SlowableChannel.open.delete(this);
  }
  /** Makes the newest channel (the tab that just joined) slow or fast again; fast delivers what was held. */
  static setSlow(channel: SlowableChannel, slow: boolean): void {
    if (slow) return void SlowableChannel.slow.add(channel);
    SlowableChannel.slow.delete(channel);
    for (const [from, data] of SlowableChannel.held.splice(0)) from.deliver(data);
  }
}

interface Tab {
  readonly channel: TabChannel;
  /** Its BroadcastChannel, to make the tab slow. */
  readonly bc: SlowableChannel;
  /** Every leadership change it was told of. */
  readonly leads: boolean[];
}
const tabs: Tab[] = [];
const join = (): Tab => {
  const leads: boolean[] = [];
  const channel = joinChannel(
    'grantkit:acme:ann',
    (on) => leads.push(on),
    (_m: TabMessage) => {},
  );
  const bc = [...SlowableChannel.open].at(-1)!;
  const tab = { channel, bc, leads };
  tabs.push(tab);
  return tab;
};
const leaders = () => tabs.filter((t) => t.channel.leading);
const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);

beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  });
  vi.stubGlobal('BroadcastChannel', SlowableChannel);
});
afterEach(() => {
  for (const t of tabs.splice(0)) t.channel.close();
  SlowableChannel.slow.clear();
  SlowableChannel.setSlow(null as never, false);
  installLocks(null);
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('finding 13: the heartbeat lease (browsers without Web Locks)', () => {
  it('finding 13: a leader slow for 8 s (under the lease) keeps leading; no second leader meanwhile', async () => {
    const a = join();
    await advance(1_000);
    const b = join();
    await advance(3_000);
    expect([a.channel.leading, b.channel.leading]).toEqual([true, false]);
    SlowableChannel.setSlow(a.bc, true); // its heartbeats arrive late (a busy or throttled tab)
    for (let s = 0; s < 8; s++) {
      await advance(1_000);
      expect(leaders()).toEqual([a]); // the old lease (3 beats) handed over here
    }
    SlowableChannel.setSlow(a.bc, false);
    await advance(20_000);
    expect(leaders()).toEqual([a]);
    expect([a.leads, b.leads]).toEqual([[true], []]);
  });

  it('finding 13: a newcomer that claims before the slow leader answers yields to it', async () => {
    const random = vi.spyOn(Math, 'random');
    random.mockReturnValueOnce(0.9); // ids: the newcomer's is the smaller (it won ties before)
    const a = join();
    await advance(1_000);
    expect(a.channel.leading).toBe(true);
    SlowableChannel.setSlow(a.bc, true);
    random.mockReturnValueOnce(0.1);
    const c = join(); // no answer to its `who` in time: it claims
    await advance(1_000);
    expect(c.channel.leading).toBe(true);
    SlowableChannel.setSlow(a.bc, false); // the earlier leader's claim arrives: it stands
    await advance(2_000);
    expect(leaders()).toEqual([a]);
    expect([a.leads, c.leads]).toEqual([[true], [true, false]]);
  });

  it('finding 13: a leader silent past the lease (a crashed tab, no bye) is replaced by one tab', async () => {
    const a = join();
    await advance(1_000);
    const b = join();
    const c = join();
    await advance(2_000);
    SlowableChannel.setSlow(a.bc, true); // never heard from again
    a.channel.close();
    tabs.splice(tabs.indexOf(a), 1);
    await advance(15_000);
    expect(leaders()).toHaveLength(1);
    expect([b, c]).toContain(leaders()[0]);
  });

  it('a leader that closes hands over at once (bye)', async () => {
    const a = join();
    await advance(1_000);
    const b = join();
    await advance(1_000);
    a.channel.close();
    tabs.splice(tabs.indexOf(a), 1);
    await advance(10);
    expect(leaders()).toEqual([b]);
  });
});

describe('finding 13: Web Locks (navigator.locks)', () => {
  it('finding 13: the lock holder leads however slow; the next waiter leads once it closes', async () => {
    const locks = new MemoryLockManager();
    installLocks(locks);
    const a = join();
    await advance(0);
    expect(a.channel.leading).toBe(true);
    expect(a.leads).toEqual([true]);
    const b = join();
    const c = join();
    SlowableChannel.setSlow(a.bc, true); // a says nothing at all for a minute
    await advance(60_000);
    expect(leaders()).toEqual([a]);
    expect([b.leads, c.leads]).toEqual([[], []]);
    a.channel.close(); // releases the lock
    tabs.splice(tabs.indexOf(a), 1);
    await advance(0);
    expect(leaders()).toEqual([b]);
    expect(locks.grants.get('grantkit:acme:ann')).toBe(2);
    c.channel.close(); // a waiter that leaves is dropped from the queue
    tabs.splice(tabs.indexOf(c), 1);
    b.channel.close();
    tabs.splice(tabs.indexOf(b), 1);
    await advance(0);
    expect(locks.isHeld('grantkit:acme:ann')).toBe(false);
    expect(locks.grants.get('grantkit:acme:ann')).toBe(2);
  });

  it('a tab that closes before it is granted the lock never leads', async () => {
    const locks = new MemoryLockManager();
    installLocks(locks);
    const a = join();
    const b = join();
    b.channel.close();
    a.channel.close();
    tabs.splice(0);
    await advance(0);
    expect([a.leads, b.leads]).toEqual([[], []]);
    expect(locks.isHeld('grantkit:acme:ann')).toBe(false);
  });
});
