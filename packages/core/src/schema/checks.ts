/**
 * Schema and world mistakes that the format allows but that make a model behave other than
 * its author meant (issue 11, finding 10): an error where the model cannot work, a warning
 * (`onWarning`) where it can. Every message names the fix.
 */
import { SchemaError } from '../errors.ts';
import { LICENSES } from '../model/state.ts';
import type { Schema } from './schema.ts';

/**
 * A schema or world mistake the model can live with, reported through `onWarning`
 * (`defineSchema`, `loadSchema`, `createModel`); by default printed with `console.warn`.
 *
 * @example
 * ```ts
 * const warnings: SchemaWarning[] = [];
 * const model = createModel(schema, world, { onWarning: (w) => warnings.push(w) });
 * warnings[0]?.code; // 'license-uncapped'
 * ```
 */
export interface SchemaWarning {
  /** What kind of mistake: stable, for filtering. */
  readonly code: 'no-folder-type' | 'license-uncapped' | 'users-type-missing';
  /** The JSON path of the schema or world entry at fault. */
  readonly path: string;
  /** What is wrong and how to fix it (names the MODEL rule when there is one). */
  readonly message: string;
}

/** Where warnings go: the `onWarning` option of `defineSchema`, `loadSchema` and `createModel`. */
export type WarningHandler = (warning: SchemaWarning) => void;

/** The default handler: `console.warn`, once per message. */
const warned = new Set<string>();
export const defaultWarningHandler: WarningHandler = (w) => {
  if (warned.has(w.message) || warned.size > 1000) return;
  warned.add(w.message);
  console.warn(`[grantkit] ${w.message}`);
};

const ASSET_ACTIONS = "actions: ['view', 'share', 'edit', 'admin']";

/** Errors: declarations the model cannot work with. */
export function checkSchemaErrors(schema: Schema): void {
  schema.builtins.forEach((b, i) => {
    for (const key of ['capsLicense', 'autoLicense'] as const) {
      const license = b[key];
      if (license !== undefined && !(LICENSES as readonly string[]).includes(license))
        throw new SchemaError(
          `builtinBundles[${i}].${key}`,
          `unknown license ${JSON.stringify(license)}: use one of ${LICENSES.join(', ')}`,
        );
    }
  });
  const admin = (schema.def as { admin?: { usersType?: unknown } }).admin;
  if (typeof admin?.usersType === 'string' && !schema.types.has(admin.usersType))
    throw new SchemaError(
      'admin.usersType',
      `unknown type "${admin.usersType}": declare it under types (say { kind: 'module', actions: ['view', 'edit'] }) or leave usersType out (MODEL R3)`,
    );
}

/** Warnings about the schema alone. */
export function schemaWarnings(schema: Schema): SchemaWarning[] {
  const out: SchemaWarning[] = [];
  const assets = [...schema.types.values()].filter((t) => t.kind === 'asset');
  if (assets.length > 0 && schema.folderType === undefined)
    out.push({
      code: 'no-folder-type',
      path: `types.${assets[0]!.name}`,
      message: `the schema has asset types (${assets.map((t) => t.name).join(', ')}) but no folder type, so no asset can be created (every asset lives in a folder, Home by default, MODEL A4): add types.folder = { kind: 'asset', ${ASSET_ACTIONS} }`,
    });
  return out;
}

/** The fix for a licence no built-in bundle caps (MODEL N5, N5a, N6). */
export function uncappedLicenseFix(license: string): string {
  return `add a built-in bundle that caps it, e.g. builtinBundles: [{ id: '${license === 'viewer' ? 'VIEW_GROUP' : 'VIEWANALYTICS_GROUP'}', grants: [...the pages a ${license} may see], capsLicense: '${license}', autoLicense: '${license}', immutable: true }]`;
}

/** Is `license` capped by a built-in bundle of `schema` (MODEL N5a)? `full` needs none. */
export const licenseCapped = (schema: Schema, license: string): boolean =>
  license === 'full' || schema.builtins.some((b) => b.capsLicense === license);

/** Warnings about a world's users: a licence no built-in bundle caps does nothing (MODEL N5a). */
export function userWarnings(
  schema: Schema,
  users: Iterable<{ readonly id: string; readonly license: string }>,
): SchemaWarning[] {
  const out: SchemaWarning[] = [];
  const seen = new Set<string>();
  let i = 0;
  for (const u of users) {
    if (!seen.has(u.license) && !licenseCapped(schema, u.license)) {
      seen.add(u.license);
      out.push({
        code: 'license-uncapped',
        path: `users[${i}].license`,
        message: `user "${u.id}" has license "${u.license}", but no built-in bundle of the schema caps that license, so it limits nothing (MODEL N5a): ${uncappedLicenseFix(u.license)}`,
      });
    }
    i += 1;
  }
  return out;
}

/** Reports every warning of `list` to `onWarning`. */
export function report(
  list: readonly SchemaWarning[],
  onWarning: WarningHandler | undefined,
): void {
  for (const w of list) (onWarning ?? defaultWarningHandler)(w);
}
