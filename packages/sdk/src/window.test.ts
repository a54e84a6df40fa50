/** The window events a client reacts to (focus, visibility, online), and their removal. */
import { afterEach, describe, expect, it } from 'vitest';
import { watchWindow } from './window.ts';

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
});

const watch = () => {
  const seen: string[] = [];
  stops.push(
    watchWindow(
      () => seen.push('focus'),
      () => seen.push('online'),
    ),
  );
  return seen;
};

describe('watchWindow', () => {
  it('hears focus, the page becoming visible and the network coming back', () => {
    const seen = watch();
    window.dispatchEvent(new Event('focus'));
    document.dispatchEvent(new Event('visibilitychange'));
    window.dispatchEvent(new Event('online'));
    expect(seen).toEqual(['focus', 'focus', 'online']);
  });

  it('a page that became hidden is not a focus', () => {
    const seen = watch();
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    expect(seen).toEqual([]);
  });

  it('the returned function removes every listener', () => {
    const seen = watch();
    stops.pop()!();
    window.dispatchEvent(new Event('focus'));
    window.dispatchEvent(new Event('online'));
    document.dispatchEvent(new Event('visibilitychange'));
    expect(seen).toEqual([]);
  });
});
