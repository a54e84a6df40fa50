/** Test fixtures: the shared Gainsight schema and public scenarios, found from the repository root. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createModel, type Model } from '../model/model.ts';
import type { WorldInput } from '../model/state.ts';
import { loadSchema } from '../schema/define.ts';
import type { Schema } from '../schema/schema.ts';

/** The `shared/` folder beside the repository (looked for upwards from here). */
export function sharedDir(): string {
  for (
    let dir = dirname(fileURLToPath(import.meta.url));
    dirname(dir) !== dir;
    dir = dirname(dir)
  ) {
    const candidate = join(dir, 'shared');
    if (existsSync(join(candidate, 'conformance', 'schema.gainsight.json'))) return candidate;
  }
  throw new Error('shared/conformance not found above the repository');
}

let cached: Schema | undefined;
/** The Gainsight schema of shared/conformance. */
export function gainsight(): Schema {
  cached ??= loadSchema(
    JSON.parse(readFileSync(join(sharedDir(), 'conformance', 'schema.gainsight.json'), 'utf8')),
  );
  return cached;
}

/** A model over the Gainsight schema with a fixed clock. */
export function model(world: WorldInput): Model {
  let t = 1000;
  return createModel(gainsight(), world, { now: () => t++ });
}

/** Page grants for a bundle. */
export const pages = (...ids: string[]) =>
  ids.map((id) => ({ type: 'page', id, actions: ['navigate'] }));
