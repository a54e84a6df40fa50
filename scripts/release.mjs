#!/usr/bin/env node
// `pnpm release` builds and checks the four packages, then publishes them with changesets.
// `pnpm release --dry-run` builds, checks and packs them without publishing anything.
import { spawnSync } from 'node:child_process';

const dryRun = process.argv.includes('--dry-run');
const run = (cmd, args) => {
  const status = spawnSync(cmd, args, { stdio: 'inherit' }).status ?? 1;
  if (status !== 0) process.exit(status);
};
run('pnpm', ['turbo', 'run', 'build', 'test:build', '--filter=./packages/*']);
if (dryRun) run('pnpm', ['-r', '--filter=./packages/*', 'publish', '--dry-run', '--no-git-checks']);
else run('pnpm', ['changeset', 'publish']);
