/**
 * `instanceof` of the client's errors (the brand that holds across the CJS and ESM
 * builds is checked by `scripts/dual-package.mjs` on the built files): a host's own
 * subclass, which declares no brand key, is checked natively.
 */
import { describe, expect, it } from 'vitest';
import { GrantkitClientError } from './errors.ts';

class HostError extends GrantkitClientError {}

describe('GrantkitClientError instanceof', () => {
  it('holds for its instances and a subclass of the host, not for other errors', () => {
    const e = new GrantkitClientError('http', 'GET /grants answered 500', { status: 500 });
    expect(e instanceof GrantkitClientError).toBe(true);
    expect(e).toMatchObject({ name: 'GrantkitClientError', code: 'http', status: 500 });
    expect(new HostError('auth', 'no') instanceof GrantkitClientError).toBe(true);
    expect(new Error('x') instanceof GrantkitClientError).toBe(false);
    expect((null as unknown as object) instanceof GrantkitClientError).toBe(false);
  });

  it('a subclass without a brand key of its own is not claimed by its base class instances', () => {
    expect(new GrantkitClientError('http', 'x') instanceof HostError).toBe(false);
    expect(new HostError('http', 'x') instanceof HostError).toBe(true);
  });

  it('an object of another copy of the class (same brand key) is an instance', () => {
    const copy = Object.create(
      Object.create(Error.prototype, {
        [Symbol.for('grantkit.error')]: { get: () => 'sdk:GrantkitClientError' },
      }),
    );
    expect(copy instanceof GrantkitClientError).toBe(true);
    expect(copy instanceof HostError).toBe(false);
  });
});
