/**
 * Load figures of the reference server: a child process serves the 50k-asset world on
 * PGlite (in memory) on 127.0.0.1, and autocannon drives it from this process.
 * `server.grants.*`: GET /grants, 50 connections, 100 users' tokens, 8 s.
 * `server.admin.rps`: share/revoke pairs by a super admin, 10 connections, 5 s.
 * Run as `GRANTKIT_BENCH_SERVER_CHILD=1 node … server.bench.ts` it is the child.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { Harness } from './harness.ts';

const SECRET = 'bench-secret-0123456789abcdef';

async function child(): Promise<void> {
  const { loadSchema } = await import('@grantkit/core');
  const { createGrantsApp, createHmacAuth, createPGliteStorage, listen } = await import(
    '@grantkit/server'
  );
  const { benchSchema, makeWorld } = await import('./worlds.ts');
  const world = makeWorld({ users: 10_000, bundles: 500, assets: 50_000, folders: 5_000 });
  const storage = await createPGliteStorage();
  await storage.ensureTenant('bench', {
    ...world,
    users: [...world.users, { id: 'admin', superAdmin: true }],
  });
  const auth = createHmacAuth({ secret: SECRET, ttlSeconds: 3600 });
  const app = createGrantsApp({
    storage,
    schema: loadSchema(benchSchema.def),
    authenticate: auth.authenticate,
    onError: () => {},
  });
  const server = await listen(app, { port: 0 });
  // Load the tenant before the clock starts.
  await app.fetch(
    new Request(`${server.url}/grants`, {
      headers: { authorization: `Bearer ${auth.sign({ tenant: 'bench', userId: 'admin' })}` },
    }),
  );
  process.stdout.write(`READY ${server.url}\n`);
}

function startChild(): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(
    process.execPath,
    ['--conditions=@grantkit/source', '--import', 'tsx', fileURLToPath(import.meta.url)],
    {
      env: { ...process.env, GRANTKIT_BENCH_SERVER_CHILD: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`server child did not start:\n${out}`)),
      120_000,
    );
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk;
      const m = /READY (\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ proc, url: m[1] });
      }
    });
    proc.once('exit', (code) => reject(new Error(`server child exited with ${code}:\n${out}`)));
  });
}

export default async function serverBench(h: Harness): Promise<void> {
  const { createHmacAuth } = await import('@grantkit/server');
  const auth = createHmacAuth({ secret: SECRET, ttlSeconds: 3600 });
  const { proc, url } = await startChild();
  try {
    const users = Array.from({ length: 100 }, (_, i) => `u${i * 97}`);
    const grants = await autocannon({
      url: `${url}/grants`,
      connections: 50,
      duration: 8,
      requests: users.map((u) => ({
        method: 'GET',
        headers: { authorization: `Bearer ${auth.sign({ tenant: 'bench', userId: u })}` },
      })),
    });
    if (grants.non2xx > 0 || grants.errors > 0)
      throw new Error(`GET /grants: ${grants.non2xx} non-2xx, ${grants.errors} errors`);
    h.figure('server.grants.rps', grants.requests.average, 'req/s');
    h.figure('server.grants.p99_ms', grants.latency.p99, 'ms');
    h.figure(
      'server.grants.kb_per_response',
      grants.throughput.average / grants.requests.average / 1024,
      'kB',
    );

    const admin = `Bearer ${auth.sign({ tenant: 'bench', userId: 'admin' })}`;
    let nextConnection = 0;
    const ops = await autocannon({
      url,
      connections: 10,
      duration: 5,
      requests: [
        {
          method: 'POST',
          setupRequest: (req, ctx) => {
            // autocannon hands each connection its own context object to keep state in.
            const context = ctx as { id?: number; n?: number };
            context.id ??= nextConnection++;
            context.n = (context.n ?? 0) + 1;
            // Each connection shares its own dashboard with a user, then revokes it: no two conflict.
            const share = (context.n ?? 0) % 2 === 1;
            const args = {
              asset: `d${context.id * 11}`,
              user: `u${context.id}`,
              ...(share ? { level: 'view' } : {}),
            };
            return {
              ...req,
              path: share ? '/ops/share' : '/ops/revoke',
              headers: { authorization: admin, 'content-type': 'application/json' },
              body: JSON.stringify(args),
            };
          },
        },
      ],
    });
    if (ops.non2xx > 0 || ops.errors > 0)
      throw new Error(`share/revoke: ${ops.non2xx} non-2xx, ${ops.errors} errors`);
    h.figure('server.admin.rps', ops.requests.average, 'req/s');
    h.figure('server.admin.p99_ms', ops.latency.p99, 'ms');
  } finally {
    proc.kill('SIGTERM');
  }
}

if (process.env.GRANTKIT_BENCH_SERVER_CHILD === '1') await child();
