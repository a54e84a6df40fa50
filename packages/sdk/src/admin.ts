/**
 * `@grantkit/sdk/admin`: the typed client of the grants server's administrative operations
 * (`POST /ops/<op>`). Each op is a method whose argument type is core's one definition of
 * that op's args (`OpArgs<'share'>`, types only: nothing of core's runtime is bundled). It
 * sends the token, turns refusals into typed errors naming the MODEL rule or the field,
 * and, given a client, resolves only once that client holds the op's revision
 * (read-your-writes).
 *
 * @example
 * ```ts
 * import { createGrantkitAdmin, OpRefusedError } from '@grantkit/sdk/admin';
 *
 * const admin = createGrantkitAdmin({ baseUrl: '/grantkit', getToken: () => session.token, client });
 * try {
 *   await admin.share({ asset: 'q3', user: 'bob', level: 'view' });
 *   client.can('view', { type: 'dashboard', id: 'q3' }); // already reflects the share
 * } catch (e) {
 *   if (e instanceof OpRefusedError) toast(`${e.rule}: ${e.message}`);
 * }
 * ```
 *
 * @packageDocumentation
 */
import type { AuditEntry, OpArgs, OpName } from '@grantkit/core';
import { readAtMost } from './body.ts';
import { BRAND, branded } from './brand.ts';
import type { GrantkitClient } from './types.ts';

export type { OpArgs, OpName } from '@grantkit/core';

/**
 * Why an op failed: the server's error code (`rule`: refused by a MODEL rule, `conflict`:
 * an id already taken, MODEL K8; `invalid`/`not_found`: bad input, see `field`), or
 * `network` (not reached) and `http` (an answer that is not the grants server's).
 *
 * @example
 * ```ts
 * const code: OpErrorCode = error.code; // 'rule'
 * ```
 */
export type OpErrorCode =
  | 'unauthenticated'
  | 'forbidden'
  | 'rule'
  | 'conflict'
  | 'invalid'
  | 'not_found'
  | 'too_large'
  | 'unavailable'
  | 'internal'
  | 'network'
  | 'http';

/**
 * What an op error carries besides its message.
 *
 * @example
 * ```ts
 * const init: OpErrorInit = { op: 'share', status: 403, rule: 'A7' };
 * ```
 */
export interface OpErrorInit {
  readonly op: string;
  readonly status?: number | undefined;
  readonly rule?: string | undefined;
  readonly field?: string | undefined;
  readonly cause?: unknown;
}

/**
 * An admin op that failed: nothing was changed. `code` says which kind, `status` the HTTP
 * status, `rule` the MODEL rule that refused it, `field` the argument that was wrong
 * (`args.user`). `instanceof` holds whichever build (CJS or ESM) threw it.
 *
 * @example
 * ```ts
 * try {
 *   await admin.addToBundle({ bundle: 'reporters', user: 'bob' });
 * } catch (e) {
 *   if (e instanceof GrantkitOpError && e.code === 'unauthenticated') signIn();
 * }
 * ```
 */
export class GrantkitOpError extends Error {
  declare readonly code: OpErrorCode;
  declare readonly op: string;
  declare readonly status: number | undefined;
  declare readonly rule: string | undefined;
  declare readonly field: string | undefined;
  constructor(code: OpErrorCode, message: string, init: OpErrorInit) {
    super(message, init);
    Object.assign(this, {
      name: new.target.name,
      code,
      op: init.op,
      status: init.status,
      rule: init.rule,
      field: init.field,
    });
  }
  /** @internal */
  get [BRAND](): string {
    return 'sdk:GrantkitOpError';
  }
  /** `instanceof` holds across the CJS and ESM builds. */
  static override [Symbol.hasInstance](x: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class checked (a subclass too)
    return branded(this, x);
  }
}

/**
 * An op refused by a MODEL rule (`code: 'rule'`, 403) or because an id is taken
 * (`code: 'conflict'`, 409, MODEL K8). The message starts with `MODEL <rule>:` and says
 * what to do instead.
 *
 * @example
 * ```ts
 * try {
 *   await admin.share({ asset: 'q3', user: 'cat', level: 'admin' });
 * } catch (e) {
 *   if (e instanceof OpRefusedError) console.log(e.rule); // 'A7'
 * }
 * ```
 */
export class OpRefusedError extends GrantkitOpError {
  declare readonly rule: string;
  /** @internal */
  override get [BRAND](): string {
    return 'sdk:OpRefusedError';
  }
}

/**
 * An op with bad input (`code: 'invalid'`, 400) or an id that names nothing
 * (`code: 'not_found'`, 404); `field` names the argument (`args.user`, `args.rule.advice[0]`).
 *
 * @example
 * ```ts
 * try {
 *   await admin.addToBundle({ bundle: 'reporters', user: 'nobody' });
 * } catch (e) {
 *   if (e instanceof OpInputError) form.markInvalid(e.field); // 'args.user'
 * }
 * ```
 */
export class OpInputError extends GrantkitOpError {
  declare readonly field: string;
  /** @internal */
  override get [BRAND](): string {
    return 'sdk:OpInputError';
  }
}

/**
 * One audit entry of an applied op, stamped with the op's revision.
 *
 * @example
 * ```ts
 * const { audit } = await admin.setSharing({ asset: 'q3', sharing: 'private' });
 * audit[0].action; // 'setSharing'
 * ```
 */
export type OpAuditEntry = Omit<AuditEntry, 'seq'> & { readonly revision: number };

/**
 * What an applied op answers: the revision that holds it and its audit entries.
 *
 * @example
 * ```ts
 * const { revision }: OpResult = await admin.assignRole({ user: 'bob', role: 'reporters' });
 * ```
 */
export interface OpResult {
  readonly revision: number;
  readonly audit: readonly OpAuditEntry[];
}

/**
 * Per-call options of an op.
 *
 * @example
 * ```ts
 * await admin.deleteAsset({ asset: 'q3' }, { signal: AbortSignal.timeout(5_000) });
 * ```
 */
export interface OpCallOptions {
  /** Aborts the request (the op may still have been applied if the server got it). */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Options of {@link createGrantkitAdmin}.
 *
 * @example
 * ```ts
 * const options: GrantkitAdminOptions = { baseUrl: '/grantkit', getToken: () => session.token, client };
 * ```
 */
export interface GrantkitAdminOptions {
  /** The grants server, e.g. `https://api.example.com/grantkit` (as the client's `baseUrl`). */
  readonly baseUrl: string;
  /** The bearer token of the acting user; called before every op. The tenant comes from it. */
  readonly getToken?: (() => string | Promise<string>) | undefined;
  /**
   * The user's client: every op resolves only once it holds the op's revision
   * (read-your-writes). Without it, ops resolve when the server committed them.
   */
  readonly client?: Pick<GrantkitClient, 'awaitRevision'> | undefined;
  /** How long to wait for `client` to hold the op's revision (ms); default 10 000. */
  readonly awaitTimeoutMs?: number | undefined;
  readonly fetch?: typeof fetch | undefined;
}

/**
 * The admin ops client: one typed method per op of `@grantkit/core`, and `run(op, args)`.
 *
 * @example
 * ```ts
 * const admin: GrantkitAdmin = createGrantkitAdmin({ baseUrl: '/grantkit', getToken });
 * await admin.run('share', { asset: 'q3', group: 'Sales', level: 'edit' });
 * ```
 */
export type GrantkitAdmin = {
  readonly [K in OpName]: (args: OpArgs<K>, options?: OpCallOptions) => Promise<OpResult>;
} & {
  /** Runs `op` by name. */
  run<K extends OpName>(op: K, args: OpArgs<K>, options?: OpCallOptions): Promise<OpResult>;
};

/** Every op of core, listed here so that no runtime of core is bundled (checked below). */
const OP_NAMES = [
  'createBundle',
  'editBundle',
  'deleteBundle',
  'addToBundle',
  'removeFromBundle',
  'addToGroup',
  'removeFromGroup',
  'setUser',
  'assignRole',
  'unassignRole',
  'createAsset',
  'deleteAsset',
  'setSharing',
  'share',
  'revoke',
  'move',
  'setEveryone',
  'addRule',
  'editRule',
  'deleteRule',
  'addAttribute',
  'removeAttribute',
  'createGroup',
  'editGroup',
  'deleteGroup',
  'grantOn',
  'revokeOn',
  'transition',
  'draftCopy',
  'watch',
  'unwatch',
  'syncUsers',
] as const satisfies readonly OpName[];
// A compile error here means core has an op that this list lacks.
const complete: [Exclude<OpName, (typeof OP_NAMES)[number]>] extends [never] ? true : never = true;
void complete;

/** How long an op waits for `getToken` (ms), as the client's default `requestTimeout`. */
const TOKEN_MS = 15_000;

interface ErrorBody {
  readonly error?: { code?: string; message?: string; rule?: string; field?: string };
}

/** An answer that is not the grants server's: names the URL, status and content type. */
const foreign = (op: string, url: string, res: Response, bytes: number) =>
  new GrantkitOpError(
    'http',
    `POST ${url} answered ${res.status} (${res.headers.get('content-type') ?? 'no content type'}, ${bytes} bytes), not the grants server's answer: is baseUrl the grants server?`,
    { op, status: res.status },
  );

/** The result of a 200 answer, or the typed error of any other answer. */
async function answer(op: string, url: string, res: Response): Promise<OpResult> {
  const { status } = res;
  // bounded (finding T2): an error is a short JSON object; a result lists the audit entries
  // of at most 10,000 users (syncUsers). A body past the bound is cut and does not parse.
  const text = await readAtMost(res, res.ok ? 2 ** 25 : 2 ** 16);
  let body: (ErrorBody & Partial<OpResult>) | undefined;
  try {
    body = JSON.parse(text) as ErrorBody & Partial<OpResult>;
  } catch {}
  const str = (x: unknown) => x === undefined || typeof x === 'string';
  if (res.ok) {
    // finding O3: a revision that is not one (-1, 1.5, "9") or no audit list is not a result
    const r = body?.revision as number;
    if (!(Number.isSafeInteger(r) && r >= 0 && Array.isArray(body?.audit)))
      throw foreign(op, url, res, text.length);
    return body as OpResult;
  }
  const e = body?.error;
  // finding O2: a rule, field or message that is not a string is not the grants server's
  if (!e || typeof e.code !== 'string' || !str(e.rule) || !str(e.field) || !str(e.message))
    throw foreign(op, url, res, text.length);
  const init = { op, status, rule: e.rule, field: e.field };
  const message = e.message ?? `${op} failed (${e.code})`;
  const code = e.code as OpErrorCode;
  if (e.rule !== undefined) throw new OpRefusedError(code, message, init);
  if (e.field !== undefined) throw new OpInputError(code, message, init);
  throw new GrantkitOpError(code, message, init);
}

/**
 * Creates the admin ops client of the grants server at `baseUrl`. Each op POSTs its args
 * to `/ops/<op>` with `Authorization: Bearer <getToken()>` and resolves `{ revision, audit }`;
 * given `client`, only once the client holds that revision. A failure rejects with a
 * {@link GrantkitOpError}: {@link OpRefusedError} (a MODEL rule, `rule`) or
 * {@link OpInputError} (bad input, `field`).
 *
 * @example
 * ```ts
 * const admin = createGrantkitAdmin({ baseUrl: '/grantkit', getToken: () => session.token, client });
 * const { revision } = await admin.addToBundle({ bundle: 'reporters', user: 'bob' });
 * ```
 */
export function createGrantkitAdmin(options: GrantkitAdminOptions): GrantkitAdmin {
  const { getToken, client, awaitTimeoutMs = 10_000 } = options;
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  const base = options.baseUrl.replace(/\/+$/, '');

  const run = async (op: string, args: unknown, call: OpCallOptions = {}): Promise<OpResult> => {
    const url = `${base}/ops/${op}`;
    // finding O1: only core's ops: a name like `..` or `a/../b` would reach another endpoint
    if (!(OP_NAMES as readonly string[]).includes(op))
      throw new GrantkitOpError('invalid', `${op} is not an op of @grantkit/core`, { op });
    let body: string;
    try {
      body = JSON.stringify(args);
    } catch (e) {
      // a BigInt, a circular object: nothing was sent (not a network error)
      throw new OpInputError('invalid', `${op}: args are not JSON (${e}): nothing was sent`, {
        op,
        field: 'args',
        cause: e,
      });
    }
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    let token: string | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      // finding T1: a getToken still pending after TOKEN_MS fails the op (else it waits forever)
      token = await Promise.race([
        getToken?.(),
        new Promise<never>((_, no) => {
          timer = setTimeout(no, TOKEN_MS, 'still pending after 15 s');
        }),
      ]);
    } catch (e) {
      throw new GrantkitOpError(
        'unauthenticated',
        `getToken failed (${String((e as Error)?.message ?? e)}): sign in again`,
        { op, cause: e },
      );
    } finally {
      clearTimeout(timer);
    }
    if (token) headers.authorization = `Bearer ${token}`;
    let result: OpResult;
    try {
      const res = await fetchImpl(url, {
        method: 'POST',
        headers,
        body,
        signal: call.signal ?? null,
      });
      // finding O4: an abort or a cut while the answer is read is a network error too
      result = await answer(op, url, res);
    } catch (e) {
      if (e instanceof GrantkitOpError) throw e;
      throw new GrantkitOpError(
        'network',
        `POST ${url} could not reach the grants server (${String((e as Error)?.message ?? e)}): check baseUrl; the op may or may not have been applied`,
        { op, cause: e },
      );
    }
    // read-your-writes: the user's own checks reflect the op once it resolves
    await client?.awaitRevision(result.revision, { timeoutMs: awaitTimeoutMs });
    return result;
  };

  const admin: Record<string, unknown> = { run };
  for (const op of OP_NAMES)
    admin[op] = (args: unknown, call?: OpCallOptions) => run(op, args, call);
  return admin as GrantkitAdmin;
}
