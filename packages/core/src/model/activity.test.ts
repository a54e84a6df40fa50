import { describe, expect, it } from 'vitest';
import { gainsight, model, pages } from '../__fixtures__/shared.ts';
import { InvalidInputError, RuleViolationError } from '../errors.ts';
import {
  activityOf,
  notificationsFor,
  readableActivity,
  visibleTo,
  watchesOf,
} from './activity.ts';
import { createActivityFeed } from './activity-feed.ts';
import { activityAccess, auditAccess } from './audit-access.ts';
import { createModel } from './model.ts';
import { DEFAULT_WATCH_ACTIONS } from './watches.ts';

const world = () =>
  model({
    users: [
      { id: 'own', roles: ['BUILD'] },
      { id: 'fan', roles: ['BUILD'] },
      { id: 'nv' },
      { id: 'pb', roles: ['PB'] },
      { id: 'um', roles: ['ROLE_USER_MANAGER'] },
      { id: 'pm', roles: ['PX_MANAGER'] },
      { id: 'pa', roles: ['PX_ADMIN'] },
      { id: 'px', roles: ['PX_VIEWER'] },
      { id: 'sam', superAdmin: true },
    ],
    bundles: [
      {
        id: 'BUILD',
        grants: pages('dashboards', 'administration', 'administration.dashboardBuilder'),
      },
      { id: 'PB', grants: pages('administration', 'administration.permissionBundles') },
    ],
    resources: [
      { type: 'dashboard', id: 'd1', parent: 'home', owner: 'own', sharing: 'private' },
      { type: 'engagement', id: 'eS', env: 'staging', state: 'draft' },
      { type: 'engagement', id: 'eP', env: 'production', state: 'draft' },
      { type: 'survey', id: 's1' },
    ],
  });

const launch = (id: string) => ({
  op: 'transition',
  args: { resource: { type: 'engagement', id }, action: 'launch' },
});
const pause = (id: string) => ({
  op: 'transition',
  args: { resource: { type: 'engagement', id }, action: 'pause' },
});

describe('activity events (MODEL W1)', () => {
  it('an operation gives one event per audit entry, with its revision, time and tenant', () => {
    const m = world();
    const r = m.apply('own', { op: 'share', args: { asset: 'd1', user: 'fan', level: 'view' } });
    const [e, ...rest] = activityOf(r, { tenant: 'px' });
    expect(rest).toEqual([]);
    expect(e).toMatchObject({
      tenant: 'px',
      revision: m.revision,
      actor: 'own',
      action: 'share',
      resource: { type: 'dashboard', id: 'd1' },
    });
    expect(e!.after).toBeDefined();
    expect(activityOf(m.apply('fan', { op: 'watch', args: { target: 'mine' } }))).toEqual([]);
  });

  it('W1 narrows E5: bundle events only to N10, user events to user managers and the user', () => {
    const m = world();
    const bundle = { type: 'bundle', id: 'PB' };
    expect(auditAccess(m, 'um', bundle).entry).toBe(true); // E5: user managers read bundle entries
    expect(activityAccess(m, 'um', bundle).entry).toBe(false);
    expect(activityAccess(m, 'pb', bundle)).toEqual({ entry: true, details: true });
    const user = { type: 'user', id: 'fan' };
    expect(auditAccess(m, 'pb', user).entry).toBe(true); // E5: N10 reads role changes
    expect(activityAccess(m, 'pb', user).entry).toBe(false);
    expect(activityAccess(m, 'fan', user)).toEqual({ entry: true, details: false });
    expect(activityAccess(m, 'um', user)).toEqual({ entry: true, details: true });
  });

  it('engagements by view, records by read, surveys by any action; before/after follow E5', () => {
    const m = world();
    const eS = { type: 'engagement', id: 'eS' };
    // engagements have no admin action: E5 shows before/after to every reader of the entry
    expect(activityAccess(m, 'px', eS)).toEqual({ entry: true, details: true });
    expect(activityAccess(m, 'nv', eS).entry).toBe(false);
    // D1: a record type without sharing settings is read by everyone
    expect(activityAccess(m, 'nv', { type: 'relationship', id: 'r9' }).entry).toBe(true);
    expect(activityAccess(m, 'nv', { type: 'survey', id: 's1' }).entry).toBe(false);
    expect(activityAccess(m, 'nv', { type: 'nosuch', id: 'x' }).entry).toBe(false);
    // a survey's admin grants analyze: the grantee sees the event, not its before/after
    m.apply('sam', {
      op: 'grantOn',
      args: { resource: { type: 'survey', id: 's1' }, user: 'own', actions: ['admin'] },
    });
    const events = activityOf(
      m.apply('own', {
        op: 'grantOn',
        args: { resource: { type: 'survey', id: 's1' }, user: 'fan', actions: ['analyze'] },
      }),
    );
    const [forFan] = readableActivity(m, 'fan', events);
    expect(forFan).toMatchObject({ actor: 'own', action: 'grantOn' });
    expect(forFan).not.toHaveProperty('before');
    expect(readableActivity(m, 'own', events)[0]).toHaveProperty('after');
    expect(readableActivity(m, 'nv', events)).toEqual([]);
    expect(visibleTo(m, 'nv', events[0]!)).toBe(false);
    expect(visibleTo(m, 'sam', events[0]!)).toBe(true);
  });
});

describe('watches (MODEL W2, W3)', () => {
  it('refuses a watch on what the watcher may not see with W2, and bad targets as input', () => {
    const m = world();
    const refused = (actor: string, target: unknown) => {
      try {
        m.apply(actor, { op: 'watch', args: { target } });
      } catch (e) {
        return e instanceof RuleViolationError
          ? e.rule
          : e instanceof InvalidInputError
            ? 'input'
            : e;
      }
      return 'ok';
    };
    expect(refused('nv', { type: 'dashboard', id: 'd1' })).toBe('W2');
    expect(refused('nv', { type: 'engagement' })).toBe('W2');
    expect(refused('nv', { type: 'bundle' })).toBe('W2');
    expect(refused('pb', { type: 'bundle' })).toBe('ok');
    expect(refused('fan', { type: 'dashboard' })).toBe('ok'); // by the Dashboards page
    expect(refused('px', { type: 'engagement', env: ['production', 'staging'] })).toBe('ok');
    expect(refused('sam', { type: 'survey' })).toBe('ok');
    expect(refused('px', { type: 'engagement', env: 'moon' })).toBe('input');
    expect(refused('px', { type: 'engagement', id: 'eS', env: 'staging' })).toBe('input');
    expect(refused('px', { type: 'engagement', id: 'nope' })).toBe('input');
    expect(refused('px', { type: 'planet' })).toBe('input');
    expect(refused('px', { type: 'engagement', colour: 'red' })).toBe('input');
    expect(refused('px', 'yours')).toBe('input');
    expect(m.revision).toBe(0); // watches are not audited and change no revision
  });

  it('mine is on by default, unwatch opts out, watch opts back in with its actions', () => {
    const m = world();
    expect(watchesOf(m, 'own')).toEqual([{ target: 'mine', actions: DEFAULT_WATCH_ACTIONS }]);
    m.apply('own', { op: 'unwatch', args: { target: 'mine' } });
    expect(watchesOf(m, 'own')).toEqual([]);
    m.apply('own', { op: 'watch', args: { target: 'mine', actions: ['share'] } });
    expect(watchesOf(m, 'own')).toEqual([{ target: 'mine', actions: ['share'] }]);
  });

  it('watches, opt-outs and last launchers survive toWorld/createModel (checkpoints)', () => {
    const m = world();
    m.apply('px', { op: 'watch', args: { target: { type: 'engagement', env: 'production' } } });
    m.apply('own', { op: 'unwatch', args: { target: 'mine' } });
    m.apply('pm', launch('eS'));
    const w = m.toWorld();
    expect(w.watches).toEqual([
      {
        user: 'px',
        target: { type: 'engagement', env: ['production'] },
        actions: [...DEFAULT_WATCH_ACTIONS],
      },
    ]);
    expect(w.unwatchedMine).toEqual(['own']);
    expect(w.launchedBy).toEqual([{ type: 'engagement', id: 'eS', user: 'pm' }]);
    const copy = createModel(gainsight(), JSON.parse(JSON.stringify(w)));
    expect(copy.toWorld()).toEqual(w);
    expect(
      notificationsFor(copy, {
        actor: 'pa',
        action: 'pause',
        resource: { type: 'engagement', id: 'eS' },
      }),
    ).toEqual(['pm']);
  });

  it('a world with malformed watches is refused naming the path', () => {
    const bad = (extra: Record<string, unknown>) => () =>
      createModel(gainsight(), { users: [{ id: 'a' }], ...extra });
    expect(bad({ watches: {} })).toThrow(/watches/);
    expect(bad({ watches: [3] })).toThrow(/watches\[0\]/);
    expect(bad({ watches: [{ user: 'zz', target: 'mine' }] })).toThrow(/watches\[0\]\.user/);
    expect(bad({ watches: [{ user: 'a', target: 'mine', actions: [''] }] })).toThrow(/actions/);
    expect(bad({ unwatchedMine: ['zz'] })).toThrow(/unwatchedMine\[0\]/);
    expect(bad({ launchedBy: {} })).toThrow(/launchedBy/);
    expect(bad({ launchedBy: [{ type: 'engagement' }] })).toThrow(/launchedBy\[0\]/);
    expect(bad({ launchedBy: [{ type: 'engagement', id: 'x', user: 'a' }] })).toThrow(/\.id/);
  });
});

describe('notifications (MODEL W4)', () => {
  it('one notification per matching event, never to its actor, none to who may not see it', () => {
    const m = world();
    m.apply('px', { op: 'watch', args: { target: { type: 'engagement', env: 'production' } } });
    m.apply('px', { op: 'watch', args: { target: { type: 'engagement', id: 'eP' } } });
    m.apply('nv', { op: 'watch', args: { target: 'mine' } });
    const [e] = activityOf(m.apply('pa', launch('eP')));
    expect(notificationsFor(m, e!)).toEqual(['px']); // once, though two watches match
    const [s] = activityOf(m.apply('pa', launch('eS')));
    expect(notificationsFor(m, s!)).toEqual([]); // staging: px's watch is for production
    // The launcher watches it as `mine` (W3); the actor is never told of their own change.
    const [p] = activityOf(m.apply('pm', pause('eS')));
    expect(notificationsFor(m, p!)).toEqual(['pa']);
  });

  it('the feed lists newest first with the unread count, marks read, and stays bounded', () => {
    const m = world();
    const feed = createActivityFeed({ limit: 2 });
    m.apply('fan', {
      op: 'watch',
      args: { target: { type: 'dashboard' }, actions: ['share', 'revoke'] },
    });
    m.apply('own', { op: 'share', args: { asset: 'd1', user: 'fan', level: 'view' } });
    feed.record(
      m,
      m.apply('own', { op: 'share', args: { asset: 'd1', user: 'nv', level: 'view' } }),
    );
    feed.record(m, m.apply('own', { op: 'revoke', args: { asset: 'd1', user: 'nv' } }));
    feed.record(
      m,
      m.apply('own', { op: 'share', args: { asset: 'd1', user: 'px', level: 'view' } }),
    );
    const list = feed.notifications(m, 'fan');
    expect(list.items.map((n) => n.event.action)).toEqual(['share', 'revoke']); // newest first, 2 kept
    expect(list.unread).toBe(2);
    expect(feed.markRead('fan', list.items[0]!.id)).toBe(true);
    expect(feed.markRead('fan', 999)).toBe(false);
    expect(feed.markRead('nobody', 1)).toBe(false);
    expect(feed.notifications(m, 'fan').unread).toBe(1);
    expect(feed.markAllRead('fan')).toBe(1);
    expect(feed.markAllRead('nobody')).toBe(0);
    expect(feed.notifications(m, 'fan')).toMatchObject({ unread: 0 });
    expect(feed.activity(m, 'sam')).toHaveLength(2);
    // access lost: the notifications stay stored but are no longer shown (W1)
    m.apply('own', { op: 'revoke', args: { asset: 'd1', user: 'fan' } });
    expect(feed.notifications(m, 'fan').items).toEqual([]);
    expect(feed.activity(m, 'fan')).toEqual([]);
  });

  it('rejects a limit that is not a whole number', () => {
    expect(() => createActivityFeed({ limit: -1 })).toThrow(InvalidInputError);
  });
});

describe('deleteAsset and W4 (last session’s MODEL question)', () => {
  it('W4 judges on the state the operation leaves: a deleted asset notifies only super admins who watch it, not its former viewers (MODEL W4, W1)', () => {
    const m = world();
    m.apply('own', { op: 'share', args: { asset: 'd1', user: 'fan', level: 'view' } });
    m.apply('fan', { op: 'watch', args: { target: { type: 'dashboard', id: 'd1' } } });
    m.apply('sam', { op: 'watch', args: { target: { type: 'dashboard' } } });
    expect(visibleTo(m, 'fan', { resource: { type: 'dashboard', id: 'd1' } })).toBe(true);
    const [event] = activityOf(m.apply('own', { op: 'deleteAsset', args: { asset: 'd1' } }));
    expect(event).toMatchObject({ action: 'deleteAsset', resource: { id: 'd1' } });
    // after the delete no one but a super admin may see d1 (W1), so only sam is told
    expect(visibleTo(m, 'fan', event!)).toBe(false);
    expect(notificationsFor(m, event!)).toEqual(['sam']);
  });
});
