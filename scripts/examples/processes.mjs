// Processes for scripts/examples.mjs: commands run to completion, and long-running servers
// (each in its own process group, so that stopping it stops its children too).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The environment of every command: no telemetry, no colours, non-interactive. */
export const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0', CI: '1' };

/** Runs a command to completion; rejects with its output when it fails. */
export function run(cmd, argv, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { env, stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
    });
    child.stderr.on('data', (c) => {
      out += c;
    });
    child.on('close', (code) =>
      code === 0
        ? resolve(out)
        : reject(new Error(`${cmd} ${argv.join(' ')} exited ${code}\n${out.slice(-4000)}`)),
    );
  });
}

const running = [];
const tempDirs = [];
export function start(group, cmd, argv, options) {
  const child = spawn(cmd, argv, {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    ...options,
  });
  let out = '';
  child.stdout.on('data', (c) => {
    out += c;
  });
  child.stderr.on('data', (c) => {
    out += c;
  });
  const proc = { group, child, output: () => out, exited: false };
  child.on('exit', () => {
    proc.exited = true;
  });
  running.push(proc);
  return proc;
}
/** Stops the processes of `group` (all when none is named) and their process groups. */
export async function stopAll(group) {
  const stopping = running.filter((p) => group === undefined || p.group === group);
  running.splice(0, running.length, ...running.filter((p) => !stopping.includes(p)));
  for (const { child, exited } of stopping) {
    if (exited) continue;
    const gone = new Promise((done) => child.once('exit', done));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }, 10_000);
    await gone;
    clearTimeout(timer);
  }
  if (group === undefined)
    for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
export function tempDir(name) {
  const dir = mkdtempSync(join(tmpdir(), `grantkit-${name}-`));
  tempDirs.push(dir);
  return dir;
}
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}
/** Waits until `proc` printed a line matching `re` (no fixed sleep: the condition, or its exit). */
export async function waitForOutput(proc, re, what) {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const m = re.exec(proc.output());
    if (m) return m;
    if (proc.exited) throw new Error(`${what} exited:\n${proc.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not start within 180 s:\n${proc.output().slice(-3000)}`);
}
export async function waitForHttp(url, proc, what) {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (proc.exited) throw new Error(`${what} exited:\n${proc.output().slice(-3000)}`);
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(60_000) });
      if (r.ok) return r;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not answer ${url} within 180 s:\n${proc.output().slice(-3000)}`);
}
