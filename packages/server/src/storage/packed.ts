/**
 * World checkpoints as stored since migration 3: the world's JSON, gzip-compressed, in a
 * `bytea` column. Storing a 50,000-asset world as `jsonb` held the (single) thread for
 * 0.2–1 s (PGlite parses 6 MB of JSON inside the statement); packed it is ~0.8 MB of bytes.
 *
 * `packWorld` writes the JSON in slices of a few milliseconds with a turn of the event loop
 * between them (requests are served in between), and the compression runs on libuv's thread
 * pool. `unpackWorld` decompresses on the thread pool too; only `JSON.parse` runs here.
 */
import { promisify } from 'node:util';
import { createGzip, gunzip, gunzipSync, gzipSync } from 'node:zlib';
import type { WorldInput } from '@grantkit/core';

/** Longest stretch of serialization between two turns of the event loop (ms). */
const SLICE_MS = 4;
/** Text handed to the compressor at once (characters). */
const CHUNK = 64 * 1024;
/** Worlds with fewer list items are packed at once (well under a millisecond per 100 items). */
const SLICED_FROM = 2_000;
/**
 * Packed checkpoints smaller than this (bytes; ~3,000 assets per 100 KB) are unpacked at once
 * (a few ms): a thread pool round trip would only add its wait to a tenant's load.
 */
const POOLED_FROM = 256 * 1024;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const gunzipAsync = promisify(gunzip);

/**
 * A world packed for `Storage.writeCheckpoint`: `JSON.stringify(world)`, gzip-compressed.
 *
 * @example
 * ```ts
 * const packed = await packWorld(model.toWorld());
 * await storage.writeCheckpoint('acme', revision, packed);
 * ```
 */
export class PackedWorld {
  constructor(
    /** The gzip-compressed JSON. */
    readonly bytes: Uint8Array,
    /** Time this thread spent packing it, in ms (the compression ran on the thread pool). */
    readonly busyMs: number,
  ) {}
}

/**
 * `JSON.stringify(world)`, gzip-compressed, produced in slices between turns of the event
 * loop. `world` must not change meanwhile (the engine hands over a copy, `Model.toWorld()`).
 *
 * @example
 * ```ts
 * const packed = await packWorld(model.toWorld()); // packed.bytes: ~0.8 MB for 50,000 assets
 * ```
 */
export async function packWorld(world: WorldInput): Promise<PackedWorld> {
  let items = 0;
  for (const value of Object.values(world)) if (Array.isArray(value)) items += value.length;
  if (items < SLICED_FROM) {
    const started = performance.now();
    const bytes = gzipSync(JSON.stringify(world), { level: 1 });
    return new PackedWorld(bytes, performance.now() - started);
  }
  const gzip = createGzip({ level: 1 });
  const out: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => out.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    gzip.once('end', resolve);
    gzip.once('error', reject);
  });
  let text = '';
  const emit = (s: string) => {
    text += s;
    if (text.length >= CHUNK) {
      gzip.write(text);
      text = '';
    }
  };
  let busyMs = 0;
  let slice = performance.now();
  const pause = async () => {
    const now = performance.now();
    if (now - slice < SLICE_MS) return;
    busyMs += now - slice;
    await turn();
    slice = performance.now();
  };
  try {
    await writeJson(world, emit, pause);
  } catch (error) {
    gzip.destroy();
    throw error;
  }
  gzip.end(text);
  busyMs += performance.now() - slice;
  await ended;
  return new PackedWorld(Buffer.concat(out), busyMs);
}

/** Emits `JSON.stringify(world)` piece by piece, pausing between slices. */
async function writeJson(
  world: WorldInput,
  emit: (s: string) => void,
  pause: () => Promise<void>,
): Promise<void> {
  emit('{');
  let first = true;
  for (const [key, value] of Object.entries(world)) {
    // As JSON.stringify: properties whose value has no JSON form are left out.
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    emit(`${first ? '' : ','}${JSON.stringify(key)}:`);
    first = false;
    if (!Array.isArray(value)) {
      emit(JSON.stringify(value));
      continue;
    }
    emit('[');
    for (let i = 0; i < value.length; i++) {
      // As JSON.stringify: an array item without a JSON form is `null`.
      emit(`${i === 0 ? '' : ','}${JSON.stringify(value[i]) ?? 'null'}`);
      if ((i & 255) === 255) await pause();
    }
    emit(']');
    await pause();
  }
  emit('}');
}

/**
 * The world `packWorld` packed (from its bytes as stored).
 *
 * @example
 * ```ts
 * const world = await unpackWorld(row.packed);
 * ```
 */
export async function unpackWorld(packed: Uint8Array): Promise<WorldInput> {
  const json = packed.byteLength < POOLED_FROM ? gunzipSync(packed) : await gunzipAsync(packed);
  return JSON.parse(json.toString('utf8')) as WorldInput;
}

/**
 * @internal Packed bytes as they cross the SQL driver (`decode($n, 'hex')`): Buffer encodes
 * hex natively, where PGlite's own bytea serialiser holds the thread ~0.1 s per MB.
 */
export const hexOf = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');

/**
 * @internal The world of a checkpoint row read with `encode(packed, 'hex') as packed`:
 * packed (written since migration 3) or `jsonb` (seeded by `ensureTenant`).
 */
export function checkpointOf(row: { world?: unknown; packed?: unknown }): Promise<WorldInput> {
  if (typeof row.packed !== 'string') return Promise.resolve(row.world as WorldInput);
  return unpackWorld(Buffer.from(row.packed, 'hex'));
}
