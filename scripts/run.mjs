#!/usr/bin/env node
// Entry point of the README's two commands (`npm start`, `npm test`).
// Needs only Node 20 and npm: brings pnpm itself (a pinned copy under .tools/
// unless the right one is on PATH), installs the workspace, then runs the task.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wanted = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split(
  '@',
)[1];
const tools = join(root, '.tools');
const task = process.argv[2];
const tasks = { demo: ['run', 'demo'], test: ['run', 'test:all'] };
if (!(task in tasks)) {
  console.error(`usage: node scripts/run.mjs <${Object.keys(tasks).join('|')}> [args...]`);
  process.exit(2);
}

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', COREPACK_ENABLE_STRICT: '0' };
const run = (cmd, args, opts = {}) =>
  spawnSync(cmd, args, { stdio: 'inherit', cwd: root, env, ...opts }).status ?? 1;
const versionOf = (cmd) => {
  const r = spawnSync(cmd, ['--version'], { cwd: root, env, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
};

// 1. pnpm: the pinned version, from PATH or installed locally with npm.
let pnpm = 'pnpm';
if (versionOf('pnpm') !== wanted) {
  const local = join(tools, 'node_modules', '.bin');
  env.PATH = `${local}${delimiter}${env.PATH}`;
  if (!existsSync(join(local, 'pnpm')) || versionOf(join(local, 'pnpm')) !== wanted) {
    console.log(`› installing pnpm@${wanted} into .tools/ (npm)`);
    const status = run('npm', [
      'install',
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--prefix',
      tools,
      `pnpm@${wanted}`,
    ]);
    if (status !== 0) process.exit(status);
  }
  pnpm = join(local, 'pnpm');
}

// 2. Install the workspace (fast when already up to date).
const install = run(pnpm, ['install', '--frozen-lockfile', '--prefer-offline']);
if (install !== 0) process.exit(install);

// 3. The task itself.
process.exit(run(pnpm, [...tasks[task], ...process.argv.slice(3)]));
