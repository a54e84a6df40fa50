/**
 * @internal Development-only warnings: a check names a type or an action the snapshot does
 * not know (`useCan('edti', …)` is always false, silently otherwise). Every call site is
 * guarded by `process.env.NODE_ENV !== 'production'`, so bundlers drop the code and its
 * text from production builds.
 */
import type { GrantkitClient, ResourceRef } from './types.ts';

/** Bundlers replace `process.env.NODE_ENV`; development-only code is dropped from production builds. */
declare const process: { readonly env: { readonly NODE_ENV?: string } };

/** `type \0 action` pairs already warned about (once per page). */
const warned = new Set<string>();

const list = (names: readonly string[]): string =>
  names.length === 0 ? '(none)' : names.map((n) => `"${n}"`).join(', ');

/**
 * @internal Warns once (in development) when `action` or `resource.type` is unknown to the
 * client's snapshot, naming the known ones. Says nothing until a snapshot is held.
 */
export function warnIfUnknown(
  hook: string,
  client: GrantkitClient,
  action: string,
  resource: ResourceRef,
): void {
  if (process.env.NODE_ENV === 'production') return;
  const snapshot = client.getSnapshot().snapshot;
  if (snapshot === null) return;
  const key = `${resource.type}\u0000${action}`;
  if (warned.has(key)) return;
  const types = snapshot.types;
  const entry = Object.hasOwn(types, resource.type) ? types[resource.type] : undefined;
  if (entry === undefined) {
    warned.add(key);
    console.warn(
      `Grantkit: ${hook} checks "${action}" on the unknown resource type "${resource.type}", so it is always false. Known types: ${list(Object.keys(types).sort())}. (This warning is shown in development only.)`,
    );
  } else if (!entry.a.includes(action)) {
    warned.add(key);
    console.warn(
      `Grantkit: ${hook} checks the unknown action "${action}" on "${resource.type}", so it is always false. Actions of "${resource.type}": ${list(entry.a)}. Type them with createGrantkitHooks<typeof schema>() to catch this at compile time. (This warning is shown in development only.)`,
    );
  }
}
