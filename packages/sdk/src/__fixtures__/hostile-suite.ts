/**
 * One hostile server per test file (see hostile.ts): started before the file's tests, reset
 * after each (every client made by `client()`, or pushed to `clients`, disposed first) and
 * closed after all; the clients of Ann in the test tenant, without push, against it.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createGrantkitClient } from '../client.ts';
import type { GrantkitClient, GrantkitClientOptions } from '../types.ts';
import { createHostileServer, type HostileServer } from './hostile.ts';
import { until } from './util.ts';
import { TENANT } from './world.ts';

export interface HostileSuite {
  /** The file's server (listening from before the file's first test). */
  readonly hostile: HostileServer;
  /** Clients disposed after each test. */
  readonly clients: GrantkitClient[];
  /** A client of Ann against the server (no push unless `options` say so). */
  client(options?: Partial<GrantkitClientOptions>): GrantkitClient;
  /** Resolves when `c` is ready (with the ms it took; a hang guard of 10 s). */
  ready(c: GrantkitClient): Promise<number>;
}

/** Registers the file's hooks; call it once at the top of a test file. */
export function hostileSuite(): HostileSuite {
  const hostile = createHostileServer();
  const clients: GrantkitClient[] = [];
  beforeAll(() => hostile.listen());
  afterEach(() => {
    for (const c of clients.splice(0)) c.dispose();
    hostile.reset();
  });
  afterAll(() => hostile.close());
  return {
    hostile,
    clients,
    client(options = {}) {
      const c = createGrantkitClient({
        baseUrl: hostile.url,
        tenant: TENANT,
        userId: 'ann',
        getToken: () => 'token-of-ann',
        push: false,
        ...options,
      });
      clients.push(c);
      return c;
    },
    ready: (c) => until(() => c.status === 'ready', 10_000, 'ready'),
  };
}
