/** The timer slot: one pending call, replaced when armed again, cleared by `arm()`, capped delay. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_TIMER, timerSlot } from './timer.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('timerSlot', () => {
  it('arming again replaces the pending call; arm() clears it', () => {
    const calls: string[] = [];
    const arm = timerSlot();
    arm(() => calls.push('first'), 100);
    arm(() => calls.push('second'), 200);
    vi.advanceTimersByTime(150);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(calls).toEqual(['second']);
    arm(() => calls.push('third'), 100);
    arm();
    vi.advanceTimersByTime(1_000);
    expect(calls).toEqual(['second']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a delay longer than setTimeout keeps waits the longest it keeps instead of firing at once', () => {
    const calls: number[] = [];
    const arm = timerSlot();
    arm(() => calls.push(1), Number.POSITIVE_INFINITY);
    vi.advanceTimersByTime(1_000);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(MAX_TIMER);
    expect(calls).toEqual([1]);
  });
});
