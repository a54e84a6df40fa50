/**
 * Finding 7 (issue 10): two server processes on one PGlite data directory both started and
 * both acknowledged writes; after a restart 100 acknowledged ops were gone. The data directory
 * is now locked; these tests use REAL second Node processes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, LOCK_FILE } from './lock.ts';
import { createPGliteStorage } from './pglite.ts';
import type { Storage } from './types.ts';

const here = dirname(fileURLToPath(import.meta.url));
const script = join(here, '..', '__fixtures__', 'pglite-process.ts');

interface Child {
  readonly proc: ChildProcess;
  /** Resolves with the next JSON line the child prints that satisfies `pick`. */
  next<T>(pick: (line: Record<string, unknown>) => boolean): Promise<T>;
  readonly exited: Promise<number | null>;
}

/** Starts a Node process that opens `dir` with createPGliteStorage (and appends `ops` ops). */
function openInChild(dir: string, ops = 0): Child {
  const proc = spawn(
    process.execPath,
    ['--conditions=@grantkit/source', '--import', 'tsx', script, dir, String(ops)],
    { cwd: join(here, '..', '..'), stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  createInterface({ input: proc.stdout! }).on('line', (line) => {
    lines.push(JSON.parse(line) as Record<string, unknown>);
    for (const w of waiters) w();
  });
  const exited = new Promise<number | null>((resolve) =>
    proc.on('exit', (code) => {
      resolve(code);
      for (const w of waiters) w();
    }),
  );
  return {
    proc,
    exited,
    next<T>(pick: (line: Record<string, unknown>) => boolean) {
      return new Promise<T>((resolve, reject) => {
        const check = () => {
          const found = lines.find(pick);
          if (found !== undefined) {
            waiters.delete(check);
            resolve(found as T);
          } else if (proc.exitCode !== null || proc.signalCode !== null) {
            waiters.delete(check);
            reject(new Error(`the child exited (${proc.exitCode ?? proc.signalCode}) first`));
          }
        };
        waiters.add(check);
        check();
      });
    },
  };
}

describe('the PGlite data directory lock', () => {
  let dir: string;
  const children: Child[] = [];
  const opened: Storage[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'grantkit-lock-'));
  });
  afterEach(async () => {
    for (const c of children.splice(0)) if (c.proc.exitCode === null) c.proc.kill('SIGKILL');
    for (const s of opened.splice(0)) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finding 7: a second process on the same data directory fails at start, naming the directory and the holder', async () => {
    const holder = openInChild(dir);
    children.push(holder);
    const { pid } = await holder.next<{ pid: number }>((l) => l.opened === true);

    // A real second Node process is refused at start…
    const second = openInChild(dir);
    children.push(second);
    const refused = await second.next<{ name: string; message: string; owner: { pid: number } }>(
      (l) => l.opened === false,
    );
    expect(await second.exited).toBe(1);
    expect(refused.name).toBe('DataDirLockedError');
    expect(refused.owner.pid).toBe(pid);
    expect(refused.message).toContain(dir);
    expect(refused.message).toContain(`process ${pid} on host ${hostname()}`);

    // …and so is this process, with a typed error.
    const error = await createPGliteStorage({ dataDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect((error as DataDirLockedError).dataDir).toBe(dir);
    expect((error as DataDirLockedError).owner).toMatchObject({ pid, host: hostname() });

    // close() releases it: once the holder closes, the directory opens.
    holder.proc.stdin!.end();
    expect(await holder.exited).toBe(0);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    const storage = await createPGliteStorage({ dataDir: dir });
    opened.push(storage);
    expect((await storage.loadTenant('t'))?.revision).toBe(0);
  }, 120_000);

  it('finding 7: the lock of a process killed with -9 is taken over, and its acknowledged writes are kept', async () => {
    const victim = openInChild(dir, 20);
    children.push(victim);
    const { pid } = await victim.next<{ pid: number }>((l) => l.opened === true);
    await victim.next((l) => l.acked === 20);
    victim.proc.kill('SIGKILL');
    await victim.exited;
    // The lock file is still there, naming a process that no longer runs.
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(pid);

    const storage = await createPGliteStorage({ dataDir: dir });
    opened.push(storage);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    expect((await storage.loadTenant('t'))?.revision).toBe(20);
    expect((await storage.readOps('t', 0)).map((o) => (o.args as { i: number }).i)).toEqual(
      Array.from({ length: 20 }, (_, i) => i),
    );
    // And a real second process is refused while this one holds it.
    const second = openInChild(dir);
    children.push(second);
    const refused = await second.next<{ owner: { pid: number } }>((l) => l.opened === false);
    expect(refused.owner.pid).toBe(process.pid);
  }, 120_000);

  it('finding 7: of three processes starting at once (on a fresh directory, then on a stale lock), exactly one opens', async () => {
    const race = async () => {
      const starters = [openInChild(dir), openInChild(dir), openInChild(dir)];
      children.push(...starters);
      const outcomes = await Promise.all(
        starters.map((c) => c.next<{ opened: boolean }>((l) => typeof l.opened === 'boolean')),
      );
      expect(outcomes.filter((o) => o.opened)).toHaveLength(1);
      const winner = starters[outcomes.findIndex((o) => o.opened)]!;
      return winner;
    };
    const first = await race();
    first.proc.kill('SIGKILL'); // leaves a stale lock behind
    await first.exited;
    await race();
  }, 120_000);

  it('finding 7: the same process cannot open one directory twice; a reused pid or a foreign host is judged right', async () => {
    const storage = await createPGliteStorage({ dataDir: dir });
    await expect(createPGliteStorage({ dataDir: dir })).rejects.toBeInstanceOf(DataDirLockedError);
    await storage.close();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);

    // A live pid whose process started at another time is a reused pid: the lock is stale.
    const lock = (v: object) =>
      writeFileSync(
        join(dir, LOCK_FILE),
        JSON.stringify({ pid: process.pid, host: hostname(), at: 1, token: 'old', ...v }),
      );
    lock({ started: '1' });
    const again = await createPGliteStorage({ dataDir: dir });
    await again.close();

    // A lock from another host cannot be checked: it is refused, naming that host.
    lock({ host: 'elsewhere.example', started: null });
    const error = await createPGliteStorage({ dataDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect((error as Error).message).toContain('on host elsewhere.example');
  }, 120_000);
});
