/**
 * Load figures of the reference server: a child process serves the 50k-asset world on
 * PGlite (in memory) on 127.0.0.1, and autocannon drives it from this process.
 * `server.grants.*`: GET /grants, 50 connections, 100 users' tokens, 8 s.
 * `server.admin.*`: share/revoke pairs by a super admin, 10 connections, 10 s (after a 1 s
 * warm-up); issue 15 targets ≥ 1,000 req/s and p99 ≤ 50 ms. Ops commit in groups and return at
 * commit; checkpoints are written in the background, paced by their cost (for this world about
 * one every 4,000–5,000 ops, so at ~1,000 req/s the window holds one or two).
 * `server.admin.checkpoints` counts those written in the window, `server.admin.loop_max_ms` is
 * the server's longest event-loop delay in it (what a checkpoint or anything else held the
 * thread) and `server.admin.cpu_ms_per_op` the server's CPU time per answered op (a busy
 * machine disturbs it less than req/s).
 * `server.admin.watched.*`: the same while 100 users hold event streams (the ops change ten
 * of them): pushes and their recompiles happen after the answers, once per committed batch.
 * Run as `GRANTKIT_BENCH_SERVER_CHILD=1 node … server.bench.ts` it is the child.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
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
  // Counts checkpoints written while the parent measures (see `stats`).
  let checkpoints = 0;
  const writeCheckpoint = storage.writeCheckpoint.bind(storage);
  storage.writeCheckpoint = async (...args) => {
    const written = await writeCheckpoint(...args);
    if (written) checkpoints += 1;
    return written;
  };
  await storage.ensureTenant('bench', {
    ...world,
    // w0…w999 own nothing: the admin bench shares with them and revokes again.
    users: [
      ...world.users,
      { id: 'admin', superAdmin: true },
      ...Array.from({ length: 1000 }, (_, i) => ({ id: `w${i}` })),
    ],
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
  // A normal exit on SIGTERM, so that a CPU profile (--cpu-prof) is written.
  process.once('SIGTERM', () => process.exit(0));
  // The parent asks for `reset` before a measured window and for `stats` after it.
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  let cpu = process.cpuUsage();
  process.on('message', (message) => {
    if (message === 'reset') {
      checkpoints = 0;
      delay.reset();
      cpu = process.cpuUsage();
      process.send?.({ reset: true });
    } else if (message === 'stats') {
      const { user, system } = process.cpuUsage(cpu);
      process.send?.({ checkpoints, loopMaxMs: delay.max / 1e6, cpuMs: (user + system) / 1000 });
    }
  });
  process.stdout.write(`READY ${server.url}\n`);
}

function startChild(): Promise<{ proc: ChildProcess; url: string }> {
  // GRANTKIT_BENCH_SERVER_PROF=<dir>: the server child writes a CPU profile there (node --cpu-prof).
  const prof = process.env.GRANTKIT_BENCH_SERVER_PROF;
  const proc = spawn(
    process.execPath,
    [
      ...(prof === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${prof}`]),
      '--conditions=@grantkit/source',
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
    ],
    {
      env: { ...process.env, GRANTKIT_BENCH_SERVER_CHILD: '1' },
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
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

/** Sends `message` to the server child and resolves with its answer. */
function ask(proc: ChildProcess, message: 'reset' | 'stats'): Promise<Record<string, number>> {
  return new Promise((resolve) => {
    proc.once('message', (answer) => resolve(answer as Record<string, number>));
    proc.send(message);
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
    // Each loop of a connection shares a fresh dashboard with a fresh user, then revokes it:
    // both change the world (no no-op writes), and no two connections touch one pair.
    // (autocannon resets a connection's context at the start of each loop over `requests`.)
    let nextPair = 0;
    const pair = (context: { k?: number }) => {
      context.k ??= nextPair++ % 40_000;
      return { asset: `d${context.k}`, user: `w${context.k % 1000}` };
    };
    const op = (path: string, args: (context: { k?: number }) => object) => ({
      method: 'POST' as const,
      setupRequest: (req: autocannon.Request, ctx: unknown) => ({
        ...req,
        path,
        headers: { authorization: admin, 'content-type': 'application/json' },
        body: JSON.stringify(args(ctx as { k?: number })),
      }),
      onResponse: (status: number, body: string) => {
        if (status !== 200) failures.push(`${path} ${status} ${body.slice(0, 300)}`);
      },
    });
    const failures: string[] = [];
    const shareRevoke = (duration: number) =>
      autocannon({
        url,
        connections: 10,
        duration,
        requests: [
          op('/ops/share', (c) => ({ ...pair(c), level: 'view' })),
          op('/ops/revoke', (c) => pair(c)),
        ],
      });
    const revision = async () =>
      Number(
        (await fetch(`${url}/grants`, { headers: { authorization: admin } })).headers
          .get('etag')
          ?.replaceAll('"', ''),
      );
    const check = (r: autocannon.Result, what: string) => {
      if (r.non2xx > 0 || r.errors > 0)
        throw new Error(`${what}: ${r.non2xx} non-2xx, ${r.errors} errors ${failures.slice(0, 3)}`);
    };
    check(await shareRevoke(1), 'share/revoke warm-up');
    const before = await revision();
    await ask(proc, 'reset');
    const ops = await shareRevoke(10);
    const stats = await ask(proc, 'stats');
    check(ops, 'share/revoke');
    // Ops that changed the world (a revision each), per answered op: ~1, or the figure lies.
    h.figure('server.admin.writes_per_op', ((await revision()) - before) / ops.requests.total, '');
    h.figure('server.admin.rps', ops.requests.average, 'req/s', '>= 1000');
    h.figure('server.admin.p50_ms', ops.latency.p50, 'ms');
    h.figure('server.admin.p99_ms', ops.latency.p99, 'ms', '<= 50');
    h.figure('server.admin.checkpoints', stats.checkpoints ?? Number.NaN, '');
    h.figure('server.admin.loop_max_ms', stats.loopMaxMs ?? Number.NaN, 'ms');
    // CPU time of the server per answered op (all its threads): on a busy machine req/s falls
    // with the share of the cores the server gets, this less so (though it rises when fewer
    // ops arrive per group commit, and with contention for caches).
    h.figure('server.admin.cpu_ms_per_op', (stats.cpuMs ?? Number.NaN) / ops.requests.total, 'ms');

    // 100 open event streams (users u0…u99; the ops above change u0…u9's grants).
    const stop = new AbortController();
    const events = { count: 0 };
    await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        const res = await fetch(`${url}/grants/stream`, {
          headers: { authorization: `Bearer ${auth.sign({ tenant: 'bench', userId: `u${i}` })}` },
          signal: stop.signal,
        });
        if (res.status !== 200) throw new Error(`stream of u${i}: ${res.status}`);
        const reader = res.body!.getReader();
        void (async () => {
          const decoder = new TextDecoder();
          try {
            for (let c = await reader.read(); !c.done; c = await reader.read())
              events.count += decoder.decode(c.value).split('event: revision').length - 1;
          } catch {}
        })();
      }),
    );
    try {
      const watched = await shareRevoke(5);
      check(watched, 'share/revoke with 100 streams');
      h.figure('server.admin.watched.rps', watched.requests.average, 'req/s');
      h.figure('server.admin.watched.p99_ms', watched.latency.p99, 'ms');
      h.figure('server.admin.watched.events', events.count - 100, 'events'); // after the first 100
    } finally {
      stop.abort();
    }
  } finally {
    proc.kill('SIGTERM');
  }
}

if (process.env.GRANTKIT_BENCH_SERVER_CHILD === '1') await child();
