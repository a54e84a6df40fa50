/**
 * The real grants server of `@grantkit/server` on 127.0.0.1 (PGlite in memory, port 0)
 * with a small world, for the client's tests.
 */
import { createGrantsApp, createHmacAuth, createPGliteStorage, listen } from '@grantkit/server';
import { schema, TENANT, world } from './world.ts';

export { TENANT };

const SECRET = 'grantkit sdk tests secret';

export interface GrantsServer {
  readonly url: string;
  readonly secret: string;
  /** A valid token for `userId` of the tenant. */
  token(userId: string, tenant?: string): string;
  /** Runs an admin op as `actor`; resolves its `{ revision }`. */
  op(actor: string, name: string, args: unknown): Promise<{ revision: number }>;
  close(): Promise<void>;
}

export async function startGrantsServer(
  options: { heartbeatMs?: number; maxStaleSeconds?: number } = {},
): Promise<GrantsServer> {
  const storage = await createPGliteStorage();
  await storage.ensureTenant(TENANT, world as never);
  const auth = createHmacAuth({ secret: SECRET });
  const app = createGrantsApp({
    storage,
    schema,
    authenticate: auth.authenticate,
    heartbeatMs: options.heartbeatMs ?? 250,
    maxStaleSeconds: options.maxStaleSeconds ?? 3600,
    onError: () => {},
  });
  const server = await listen(app, { port: 0 });
  return {
    ...connect(server.url, SECRET),
    async close() {
      await app.close();
      await server.close();
      await storage.close();
    },
  };
}

/** Talks to a running grants server: tokens and admin ops. */
export function connect(url: string, secret: string): Omit<GrantsServer, 'close'> {
  const auth = createHmacAuth({ secret });
  const token = (userId: string, tenant = TENANT) => auth.sign({ tenant, userId });
  return {
    url,
    secret,
    token,
    async op(actor, name, args) {
      const res = await fetch(`${url}/ops/${name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token(actor)}`, 'content-type': 'application/json' },
        body: JSON.stringify(args),
      });
      if (!res.ok) throw new Error(`${name} answered ${res.status}: ${await res.text()}`);
      return (await res.json()) as { revision: number };
    },
  };
}
