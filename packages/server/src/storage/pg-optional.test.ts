/**
 * `pg` is an optional peer dependency (issue 11, finding 10): only PostgreSQL storage loads
 * it, and a host without it gets an error that says how to install it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { loadPg } from './postgres.ts';

describe('pg as an optional peer (issue 11, finding 10)', () => {
  it('finding 10: @grantkit/server does not install pg; it is an optional peer', () => {
    expect(pkg.dependencies).not.toHaveProperty('pg');
    expect(pkg.peerDependencies).toHaveProperty('pg');
    expect(pkg.peerDependenciesMeta).toEqual({ pg: { optional: true } });
  });

  it('finding 10: no module imports pg at load time (PGlite hosts never need it)', () => {
    const dir = join(import.meta.dirname, '..');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.ts') && !f.includes('test') && !f.includes('__fixtures__'),
    );
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8');
      expect([f, /^import (?!type )[^;]*from 'pg';/m.test(text)]).toEqual([f, false]);
    }
  });

  it('finding 10: without pg, createPostgresStorage names `npm install pg`', async () => {
    const missing = Object.assign(new Error("Cannot find package 'pg'"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    await expect(loadPg(() => Promise.reject(missing))).rejects.toThrow(/npm install pg/);
    // installed (as a devDependency here): loaded on demand
    expect(typeof (await loadPg()).Pool).toBe('function');
  });
});
