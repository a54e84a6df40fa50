/** Test fixtures: the Gainsight schema and public scenarios of the repository's conformance suite. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createModel, type Model } from '../model/model.ts';
import type { WorldInput } from '../model/state.ts';
import { loadSchema } from '../schema/define.ts';
import type { Schema } from '../schema/schema.ts';

/**
 * The repository root: it holds the rules (`spec/MODEL.md`) and the conformance suite
 * (`conformance/`), copies of `../shared` kept identical by `conformance/in-repo.test.ts`.
 */
export function repoDir(): string {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
  if (!existsSync(join(root, 'conformance', 'schema.gainsight.json')))
    throw new Error(`conformance/schema.gainsight.json not found in the repository (${root})`);
  return root;
}

let cached: Schema | undefined;
/** The Gainsight schema of the conformance suite (`conformance/schema.gainsight.json`). */
export function gainsight(): Schema {
  cached ??= loadSchema(
    JSON.parse(readFileSync(join(repoDir(), 'conformance', 'schema.gainsight.json'), 'utf8')),
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
