/**
 * An id deleted and created again is another thing (MODEL E5, W1; finding S7-1): the audit
 * trail and activity a reader gets of the new one leave out the earlier life (its shares and
 * members), super admins read every life. The in-memory feed is covered by the review
 * scenario s7-earlier-lives; these are the pure readers a host uses with its own storage.
 */
import { describe, expect, it } from 'vitest';
import { model, pages } from '../__fixtures__/shared.ts';
import { type ActivityEvent, activityOf, readableActivity } from './activity.ts';
import { endsLife, readableAudit } from './audit-access.ts';

const d1 = { type: 'dashboard', id: 'd1' } as const;

function relived() {
  const m = model({
    users: [
      { id: 'ann', roles: ['DB'] },
      { id: 'mal', roles: ['DB'] },
      { id: 'bob' },
      { id: 'sam', superAdmin: true },
    ],
    bundles: [{ id: 'DB', grants: pages('dashboards', 'administration.dashboardBuilder') }],
  });
  const events: ActivityEvent[] = [];
  const run = (actor: string, op: string, args: Record<string, unknown>) =>
    events.push(...activityOf(m.apply(actor, { op, args })));
  run('ann', 'createAsset', { type: 'dashboard', id: 'd1' });
  run('ann', 'share', { asset: 'd1', user: 'bob', level: 'view' });
  run('ann', 'deleteAsset', { asset: 'd1' });
  run('mal', 'createAsset', { type: 'dashboard', id: 'd1' });
  return { m, events };
}

const actions = (list: readonly { action: string; actor: string }[]) =>
  list.map((e) => `${e.actor}:${e.action}`);

describe('earlier lives of a re-created id (MODEL E5, W1)', () => {
  it('readableAudit and readableActivity give the new owner only the current life', () => {
    const { m, events } = relived();
    expect(actions(readableAudit(m, 'mal', m.audit(d1)))).toEqual(['mal:createAsset']);
    expect(actions(readableActivity(m, 'mal', events))).toEqual(['mal:createAsset']);
    // Newest first (a page of a host's feed) is judged the same, by seq.
    expect(actions(readableAudit(m, 'mal', [...m.audit(d1)].reverse()))).toEqual([
      'mal:createAsset',
    ]);
  });

  it('super admins read every life', () => {
    const { m, events } = relived();
    const all = ['ann:createAsset', 'ann:share', 'ann:deleteAsset', 'mal:createAsset'];
    expect(actions(readableAudit(m, 'sam', m.audit(d1)))).toEqual(all);
    expect(actions(readableActivity(m, 'sam', events))).toEqual(all);
  });

  it('endsLife: deletions and published drafts end a life, a deleted rule does not', () => {
    const r = (type: string) => ({ type, id: 'x' });
    expect(endsLife({ resource: r('dashboard'), after: null })).toBe(true);
    expect(endsLife({ resource: r('group'), after: null })).toBe(true);
    expect(endsLife({ resource: r('recordType'), after: null })).toBe(false);
    expect(endsLife({ resource: r('dashboard'), after: { sharing: 'private' } })).toBe(false);
  });
});
