/**
 * The two ways a host declares its schema: `defineSchema` (typed: action names
 * are inferred per resource type) and `loadSchema` (JSON, untyped).
 */
import { checkSchemaErrors, report, schemaWarnings, type WarningHandler } from './checks.ts';
import { compileSchema, type Schema } from './schema.ts';
import type { SchemaDef } from './types.ts';

/**
 * Options of {@link defineSchema} and {@link loadSchema}.
 *
 * @example
 * ```ts
 * const schema = defineSchema(def, { onWarning: (w) => log.warn(w.code, w.message) });
 * ```
 */
export interface SchemaOptions {
  /**
   * Told about mistakes the model can live with (say asset types without a folder type),
   * each with the fix; default `console.warn`. Mistakes it cannot live with throw `SchemaError`.
   */
  readonly onWarning?: WarningHandler;
}

function compileChecked<D extends SchemaDef>(input: unknown, options: SchemaOptions): Schema<D> {
  const schema = compileSchema<D>(input);
  checkSchemaErrors(schema as unknown as Schema);
  report(schemaWarnings(schema as unknown as Schema), options.onWarning);
  return schema;
}

/**
 * Declares a schema in TypeScript. Valid action names are inferred per type,
 * so `model.check(user, 'edit', { type: 'dashboard', id })` compiles and
 * `'fly'` does not. Throws `SchemaError` when the declaration is invalid.
 */
export function defineSchema<const D extends SchemaDef>(
  def: D,
  options: SchemaOptions = {},
): Schema<D> {
  return compileChecked<D>(def, options);
}

/**
 * Loads a schema from parsed JSON (e.g. `schema.gainsight.json`). Throws
 * `SchemaError` whose `path` names the offending JSON path, e.g.
 * `types.survey.implies.admin[0]`.
 */
export function loadSchema(json: unknown, options: SchemaOptions = {}): Schema {
  return compileChecked<SchemaDef>(json, options);
}
