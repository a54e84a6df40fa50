/**
 * The two ways a host declares its schema: `defineSchema` (typed: action names
 * are inferred per resource type) and `loadSchema` (JSON, untyped).
 */
import { compileSchema, type Schema } from './schema.ts';
import type { SchemaDef } from './types.ts';

/**
 * Declares a schema in TypeScript. Valid action names are inferred per type,
 * so `model.check(user, 'edit', { type: 'dashboard', id })` compiles and
 * `'fly'` does not. Throws `SchemaError` when the declaration is invalid.
 */
export function defineSchema<const D extends SchemaDef>(def: D): Schema<D> {
  return compileSchema<D>(def);
}

/**
 * Loads a schema from parsed JSON (e.g. `schema.gainsight.json`). Throws
 * `SchemaError` whose `path` names the offending JSON path, e.g.
 * `types.survey.implies.admin[0]`.
 */
export function loadSchema(json: unknown): Schema {
  return compileSchema<SchemaDef>(json);
}
