/**
 * The brand of the package's error classes, in a module of its own: an entry that brands its
 * own errors (`@grantkit/sdk/admin`) does not bundle the client's error class with it.
 */

/**
 * The brand that makes `instanceof` hold across copies of a class (the CJS and the ESM
 * build loaded side by side: the dual-package hazard). Each branded class's prototype
 * answers it with its own key; `Symbol.for` is the same in every copy.
 */
export const BRAND: unique symbol = Symbol.for('grantkit.error') as never;

/**
 * `x instanceof cls`, also for an instance of another copy of `cls` (CJS/ESM): true when
 * some object of `x`'s prototype chain answers the brand key of `cls` (each level answers
 * the key of the nearest branded class; a class that declares no key of its own, as a
 * host's subclass, is checked natively). For hierarchies of branded classes (the admin
 * errors); `GrantkitClientError`, which has no branded subclass, checks its key directly.
 */
export function branded(cls: { prototype: object }, x: unknown): boolean {
  const proto = cls.prototype as { [BRAND]?: string };
  if (!Object.hasOwn(proto, BRAND)) return Object.prototype.isPrototypeOf.call(proto, x as object);
  for (let p = x; typeof p === 'object' && p !== null; p = Object.getPrototypeOf(p))
    if ((p as { [BRAND]?: string })[BRAND] === proto[BRAND]) return true;
  return false;
}
