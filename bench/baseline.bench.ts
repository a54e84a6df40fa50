import { consume, type Harness } from './harness.ts';

/**
 * The reference points ratios are measured against: a raw `Map.get` with prebuilt keys
 * (one constant key, and keys rotated from a prebuilt array so nothing can be hoisted out
 * of the loop), and the cost of building a string key per lookup.
 */
export default async function baseline(h: Harness): Promise<void> {
  const map = new Map<string, number>();
  const keys: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    const key = `dashboard:${i}`;
    map.set(key, i);
    if (i < 1024) keys.push(key);
  }
  const key = 'dashboard:4242';
  h.figure(
    'baseline.map_get.ns',
    h.time(() => map.get(key)),
    'ns',
  );

  let j = 0;
  const rotated = h.time(() => {
    j = (j + 1) & 1023;
    return map.get(keys[j] as string);
  });
  h.figure('baseline.map_get_rotating.ns', rotated, 'ns');

  let i = 0;
  const stringKey = h.time(() => {
    i = (i + 1) & 8191;
    return map.get(`dashboard:${i}`);
  });
  h.figure('baseline.string_key_get.ns', stringKey, 'ns');
  consume(i + j);
}
