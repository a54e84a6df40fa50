/**
 * Finding 9 (issue 10, database side): a NUL character or a lone surrogate in any id or
 * attribute gave `503 database unavailable` (any PostgreSQL error with a `severity` was taken
 * for an outage) and each one rebuilt the model (82 ms vs 14 ms). Errors are now classified
 * by type and SQLSTATE, and data errors are 400s that leave the model alone.
 */
import { messages, PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acme, as, gainsight, startApp } from '../__fixtures__/world.ts';
import { TenantEngine } from '../tenants/engine.ts';
import { classifyDriverError, sqlstateKind, toStorageError } from './failures.ts';
import { createPGliteStorage } from './pglite.ts';
import { assertStorable } from './storable.ts';
import { type Storage, StorageInputError, StorageUnavailableError } from './types.ts';

const isPGliteError = (e: unknown) => e instanceof messages.DatabaseError;

describe('finding 9: database errors by SQLSTATE and type', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = new PGlite();
    await db.waitReady;
  });
  afterAll(async () => {
    if (!db.closed) await db.close();
  });
  const refusal = (sql: string) =>
    db.query(sql).then(
      () => undefined,
      (e: unknown) => e,
    );

  it('finding 9: classes 08, 53, 57, 58, 40 and XX are outages; 22 and 54 are input; the rest are bugs', () => {
    for (const code of [
      '08006',
      '08001',
      '53100',
      '53200',
      '57P01',
      '57014',
      '58030',
      '40001',
      'XX000',
    ])
      expect([code, sqlstateKind(code)]).toEqual([code, 'unavailable']);
    for (const code of ['22021', '22P05', '22P02', '22001', '54000'])
      expect([code, sqlstateKind(code)]).toEqual([code, 'input']);
    for (const code of ['42601', '42P01', '23505', '0A000'])
      expect([code, sqlstateKind(code)]).toEqual([code, 'other']);
  });

  it('finding 9: real refusals of the database are input errors (400), whatever their message says', async () => {
    const nul = await refusal(`select '"\\u0000"'::jsonb`);
    expect((nul as { code: string }).code).toBe('22P05'); // untranslatable character
    expect(classifyDriverError(nul, isPGliteError)).toBe('input');
    const converted = toStorageError(nul, isPGliteError);
    expect(converted).toBeInstanceOf(StorageInputError);
    expect((converted as StorageInputError).sqlstate).toBe('22P05');

    const chr0 = await refusal('select chr(0)');
    expect(classifyDriverError(chr0, isPGliteError)).toBe('input');

    // A server error whose text reads like an outage is still judged by its SQLSTATE.
    const raised = await refusal(
      `do $$ begin raise exception 'connection terminated, socket closed' using errcode = '22023'; end $$`,
    );
    expect(toStorageError(raised, isPGliteError)).toBeInstanceOf(StorageInputError);
    // A bug in our own SQL is neither: it stays as it is (500, logged).
    const bug = await refusal('select * from no_such_table');
    expect(toStorageError(bug, isPGliteError)).toBe(bug);
  });

  it('finding 9: a closed database and a failed system call are outages (503), judged by type', async () => {
    const closed = new PGlite();
    await closed.waitReady;
    await closed.close();
    const error = await closed.query('select 1').then(
      () => undefined,
      (e: unknown) => e,
    );
    const converted = toStorageError(error, isPGliteError);
    expect(converted).toBeInstanceOf(StorageUnavailableError);
    const refused = Object.assign(new Error('x'), {
      code: 'ECONNREFUSED',
      errno: -111,
      syscall: 'connect',
    });
    expect(toStorageError(refused, isPGliteError)).toBeInstanceOf(StorageUnavailableError);
    const full = Object.assign(new Error('x'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    expect((toStorageError(full, isPGliteError) as StorageUnavailableError).reason).toBe(
      'disk-full',
    );
    // Programming errors are never taken for an outage.
    const typeError = new TypeError('cannot serialise');
    expect(toStorageError(typeError, isPGliteError)).toBe(typeError);
  });

  it('finding 9: NUL and unpaired surrogates are stopped before SQL, naming the field path', () => {
    expect(() => assertStorable({ a: ['ok', 'x\u0000y'] }, 'args')).toThrow(
      expect.objectContaining({ name: 'StorageInputError', path: 'args.a[1]' }),
    );
    expect(() => assertStorable({ '\uD800': 1 }, 'args')).toThrow(StorageInputError);
    expect(() => assertStorable(['\uDC00x'], 'ids')).toThrow(/ids\[0\].*unpaired UTF-16 surrogate/);
    expect(() => assertStorable({ ok: '😀 𝒜 é', n: [1, null, true] }, 'args')).not.toThrow();
    // Deep nesting cannot drive the walk past the stack.
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => assertStorable(deep, 'args')).toThrow(StorageInputError);
  });
});

describe('finding 9: through the engine and over HTTP (PGlite)', () => {
  let storage: Storage;
  beforeAll(async () => {
    storage = await createPGliteStorage();
  });
  afterAll(async () => {
    await storage?.close();
  });

  it('finding 9: a NUL or a lone surrogate in an id is a 400, not a 503, and does not rebuild the model', async () => {
    await storage.ensureTenant('t9', acme());
    const engine = (await TenantEngine.load('t9', {
      storage,
      schema: gainsight(),
      checkpointEvery: 1000,
    }))!;
    const { generation, revision } = engine;
    for (const user of ['b\u0000ob', 'b\uD800ob']) {
      const error = await engine
        .apply('sam', 'share', { asset: 'd1', user, level: 'view' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageInputError);
      expect((error as StorageInputError).path).toBe('args.user');
    }
    expect(engine.generation).toBe(generation); // no rebuild
    expect(engine.revision).toBe(revision);
    expect(
      (await engine.apply('sam', 'share', { asset: 'd1', user: 'bob', level: 'view' })).revision,
    ).toBe(revision + 1);
    expect(engine.generation).toBe(generation);

    const srv = await startApp(storage);
    try {
      const sam = as(srv.url, 'sam');
      const op = await sam.op('share', { asset: 'd1', user: 'x\u0000', level: 'view' });
      expect(op.status).toBe(400);
      const audit = await sam.get('/audit?type=dashboard&id=d%001');
      expect(audit.status).toBe(400);
      expect((await fetch(`${srv.url}/health`)).status).toBe(200);
    } finally {
      await srv.close();
    }
  });
});
