/**
 * Issue 15: a model's audit trail goes to an injectable sink; the default keeps a bounded
 * number of entries, so a long-lived model does not grow by every operation it ever ran.
 */
import { describe, expect, it } from 'vitest';
import { gainsight } from '../__fixtures__/shared.ts';
import { createModel } from '../model/model.ts';
import type { WorldInput } from '../model/state.ts';
import { type AuditSink, createMemoryAuditSink } from './apply.ts';
import type { AuditEntry } from './context.ts';

const world = (): WorldInput => ({
  users: [{ id: 'sam', superAdmin: true }, { id: 'bob' }],
  resources: [
    { type: 'dashboard', id: 'q3', owner: 'sam' },
    { type: 'dashboard', id: 'q4', owner: 'sam' },
  ],
});
const share = (asset: string) => ({ op: 'share', args: { asset, user: 'bob', level: 'view' } });
const revoke = (asset: string) => ({ op: 'revoke', args: { asset, user: 'bob' } });

describe('audit sinks (issue 15)', () => {
  it('the default sink keeps the latest 1,000 entries, oldest dropped first, per resource in order', () => {
    const m = createModel(gainsight(), world());
    for (let i = 0; i < 700; i++) {
      m.apply('sam', share('q3'));
      m.apply('sam', revoke('q3'));
    }
    m.apply('sam', share('q4'));
    const q3 = m.audit({ type: 'dashboard', id: 'q3' });
    expect(q3).toHaveLength(999);
    expect(q3.map((e) => e.seq)).toEqual(Array.from({ length: 999 }, (_, i) => 402 + i));
    expect(q3.at(-1)?.action).toBe('revoke');
    expect(m.audit({ type: 'dashboard', id: 'q4' }).map((e) => e.action)).toEqual(['share']);
  });

  it('an injected sink receives every entry, numbered and frozen; the model keeps none', () => {
    const got: AuditEntry[] = [];
    const sink: AuditSink = { append: (e) => got.push(e) };
    const m = createModel(gainsight(), world(), { audit: sink, now: () => 42 });
    const { audit } = m.apply('sam', share('q3'));
    m.apply('sam', revoke('q3'));
    expect(got.map((e) => [e.seq, e.action, e.actor, e.at])).toEqual([
      [1, 'share', 'sam', 42],
      [2, 'revoke', 'sam', 42],
    ]);
    expect(got[0]).toBe(audit[0]);
    expect(Object.isFrozen(got[0])).toBe(true);
    expect(m.audit({ type: 'dashboard', id: 'q3' })).toEqual([]);
  });

  it('createMemoryAuditSink takes a limit (0 keeps nothing) and refuses a bad one naming the field', () => {
    const m = createModel(gainsight(), world(), { audit: createMemoryAuditSink({ limit: 3 }) });
    for (let i = 0; i < 3; i++) {
      m.apply('sam', share('q3'));
      m.apply('sam', revoke('q3'));
    }
    expect(m.audit({ type: 'dashboard', id: 'q3' }).map((e) => e.seq)).toEqual([4, 5, 6]);
    const none = createModel(gainsight(), world(), { audit: createMemoryAuditSink({ limit: 0 }) });
    none.apply('sam', share('q3'));
    expect(none.audit({ type: 'dashboard', id: 'q3' })).toEqual([]);
    expect(() => createMemoryAuditSink({ limit: -1 })).toThrow(/limit/);
  });
});

describe('a sink that throws (nothing half-applied)', () => {
  it('refuses the operation: the world and its revision are unchanged, and the next entries are numbered on from the last ones handed over', () => {
    const got: AuditEntry[] = [];
    let failing = false;
    const sink: AuditSink = {
      append: (e) => {
        if (failing) throw new Error('audit store is down');
        got.push(e);
      },
    };
    const m = createModel(gainsight(), world(), { audit: sink });
    m.apply('sam', share('q3'));
    const revision = m.revision;
    failing = true;
    expect(() => m.apply('sam', share('q4'))).toThrow('audit store is down');
    expect(m.revision).toBe(revision);
    expect(m.check('bob', 'view', { type: 'dashboard', id: 'q4' })).toBe(false);
    failing = false;
    m.apply('sam', share('q4'));
    expect(m.check('bob', 'view', { type: 'dashboard', id: 'q4' })).toBe(true);
    expect(got.map((e) => [e.seq, e.resource.id])).toEqual([
      [1, 'q3'],
      [2, 'q4'],
    ]);
  });
});
