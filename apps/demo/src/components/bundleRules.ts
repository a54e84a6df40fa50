/**
 * What the model refuses on built-in bundles (MODEL N4–N6, N11), said before the click: the
 * schema's flags give the answer the server would give.
 */
import type { Model } from '@grantkit/core';
import type { WorldBundle } from '../api';
import { bundleTitle } from '../bundleNames';
import { schemaDef } from '../schema';

/** A bundle as the server lists it: a bundle administrator's view adds who it reaches (N9). */
export type ListedBundle = WorldBundle & { readonly members?: readonly string[] };

/** Who a bundle reaches: the server's list for a bundle administrator, else core's rules. */
export const membersOf = (b: ListedBundle, model: Model | null): readonly string[] =>
  b.members ?? model?.members({ bundle: b.id }) ?? b.users ?? [];

interface BuiltinFlags {
  readonly id: string;
  readonly immutable?: boolean;
  readonly deletable?: boolean;
  readonly navigationOnly?: boolean;
  readonly systemManaged?: boolean;
  readonly autoLicense?: string;
}

const BUILTIN = new Map(
  (schemaDef.builtinBundles as readonly BuiltinFlags[]).map((b) => [b.id, b]),
);
const RULE: Record<string, string> = {
  DEFAULT_BUNDLE: 'N4',
  VIEW_GROUP: 'N5',
  VIEWANALYTICS_GROUP: 'N6',
  SP_INTERNAL_USER_GROUP: 'N11',
};

/** The rule that protects a built-in bundle (N4, N5, N6, N11), for its "Why?" detail. */
export const builtinRule = (id: string): string => RULE[id] ?? 'N4';

/** The schema's flags of a built-in bundle, or undefined. */
export const builtinOf = (id: string): BuiltinFlags | undefined => BUILTIN.get(id);

/** Why the bundle cannot be deleted, or null (a sentence; the rule is {@link builtinRule}). */
export function deleteRefusal(id: string): string | null {
  const b = BUILTIN.get(id);
  if (b === undefined || (b.deletable !== false && b.immutable !== true)) return null;
  return `Delete: ${bundleTitle(id)} is built in and cannot be deleted`;
}

/** Why the bundle's grants cannot be edited, or null. */
export function editRefusal(id: string): string | null {
  return BUILTIN.get(id)?.immutable === true
    ? `Edit: ${bundleTitle(id)} is built in and cannot be changed`
    : null;
}

/** Why groups and a rule cannot add members to the bundle, or null (MODEL N4–N6, N11). */
export function reachRefusal(id: string): string | null {
  return (
    membersRefusal(id) ??
    (BUILTIN.get(id)?.navigationOnly === true
      ? `${bundleTitle(id)} takes users by hand only, never through groups or a rule`
      : null)
  );
}

/** Why no one may add or remove its members by hand, or null. */
export function membersRefusal(id: string): string | null {
  const b = BUILTIN.get(id);
  if (b?.autoLicense !== undefined || b?.immutable === true)
    return `${bundleTitle(id)} gets its members from their licence, never by hand`;
  if (b?.systemManaged === true)
    return `${bundleTitle(id)} is managed by the system and takes no members by hand`;
  return null;
}
