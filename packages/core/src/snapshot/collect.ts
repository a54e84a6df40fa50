/**
 * What the snapshot compiler collects into: the source table (each distinct source once)
 * and id sets grouped by key, front-coded when the snapshot is written.
 */
import { encodeIds, type IdSet, type SourceEntry } from './format.ts';

/** The snapshot's source table: each distinct source once, referred to by index. */
export class Sources {
  readonly list: SourceEntry[] = [];
  private readonly index = new Map<string, number>();
  add(entry: SourceEntry): number {
    const key = JSON.stringify(entry);
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(entry);
      this.index.set(key, i);
    }
    return i;
  }
}

/** Collects ids per group key, then front-codes them. */
export class Groups {
  private readonly map = new Map<string, string[]>();
  add(key: string, id: string): void {
    let list = this.map.get(key);
    if (list === undefined) {
      list = [];
      this.map.set(key, list);
    }
    list.push(id);
  }
  get size(): number {
    return this.map.size;
  }
  encode(): Record<string, IdSet> {
    const out: Record<string, IdSet> = {};
    for (const key of [...this.map.keys()].sort()) out[key] = encodeIds(this.map.get(key)!);
    return out;
  }
}

/** `map.get(key)`, created with `make` when missing. */
export function entry<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    map.set(key, v);
  }
  return v;
}
