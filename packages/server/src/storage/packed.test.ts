/**
 * Packed checkpoints (migration 3): the world's JSON, gzip-compressed, written in slices.
 */
import type { WorldInput } from '@grantkit/core';
import { describe, expect, it } from 'vitest';
import { packWorld, unpackWorld } from './packed.ts';

describe('packed checkpoints', () => {
  it('a packed world unpacks to what JSON.stringify and JSON.parse give, for lists of any length and values without a JSON form', async () => {
    const world = {
      users: Array.from({ length: 3000 }, (_, i) => ({
        id: `u${i}`,
        note: i % 7 ? undefined : 'é😀"\\',
      })),
      groups: [],
      resources: [{ type: 'dashboard', id: 'd1', fields: { n: 1.5, list: [1, null, 'x'] } }],
      revision: 7,
      skipped: undefined,
      odd: [undefined, () => 1],
    } as unknown as WorldInput;
    const packed = await packWorld(world);
    expect(packed.bytes.byteLength).toBeLessThan(JSON.stringify(world).length / 4);
    expect(await unpackWorld(packed.bytes)).toEqual(JSON.parse(JSON.stringify(world)));
  });

  it('a world that fails to serialise half way rejects (nothing to store)', async () => {
    const world = {
      users: [{ id: 'a' }],
      resources: [
        {
          toJSON() {
            throw new Error('the process died here');
          },
        },
      ],
    } as unknown as WorldInput;
    await expect(packWorld(world)).rejects.toThrow('the process died here');
  });
});
