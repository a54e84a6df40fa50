/**
 * Which resource types changed between two snapshots, keeping unchanged parts identical
 * (stable references, as TanStack's `replaceEqualDeep` does), so a re-render touches only
 * the components whose answers may have changed.
 */
import type { GrantSnapshot } from '@grantkit/core/snapshot';

const json = JSON.stringify;
type Parts = Record<string, unknown>;

/** `next` with every part that equals `prev`'s replaced by `prev`'s (stable references); `changed` hears the others. */
function keep(prev: Parts, next: Parts, changed: (key: string) => unknown): Parts {
  const out = { ...next };
  for (const k in { ...prev, ...next })
    if (prev[k] === next[k] || json(prev[k]) === json(next[k])) {
      if (k in next) out[k] = prev[k];
    } else changed(k);
  return out;
}

/**
 * `next`, with every part equal to `prev`'s replaced by `prev`'s object (stable references),
 * and the resource types whose entries differ. A change outside `types` (activity,
 * attributes, renumbered sources…) may change any answer: `'all'`; the menu touches `page`.
 */
export function mergeSnapshot(
  prev: GrantSnapshot,
  next: GrantSnapshot,
): { s: GrantSnapshot; types: ReadonlySet<string> | 'all' } {
  const touched = new Set<string>();
  let all = false;
  const { types: a, ...restA } = prev;
  const { types: b, ...restB } = next;
  const s = keep(restA, restB, (k) => {
    if (k === 'menu') touched.add('page');
    // the header changes no answer; sources only appended or dropped at the end change no
    // entry that did not change itself
    else if (
      !/^(revision|issuedAt|maxStale|format|tenant|user)$/.test(k) &&
      (k !== 'src' || prev.src.some((x, i) => i < next.src.length && json(x) !== json(next.src[i])))
    )
      all = true;
  });
  s.types = keep(a, b, (k) => touched.add(k));
  return { s: s as unknown as GrantSnapshot, types: all ? 'all' : touched };
}
