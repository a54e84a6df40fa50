// MODEL W1, W4 as a property: across random worlds, operations and watches, no user is ever
// shown an activity event or a notification about something they may not see, at the moment
// it is given nor after their access is taken away. The oracle below asks `model.check`
// directly (not the W1 decision under test).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gainsight } from '../__fixtures__/shared.ts';
import { GrantkitError } from '../errors.ts';
import { stepArb } from '../security/ops.ts';
import { ALL_USERS, SUPER, USERS, worldArb } from '../security/worlds.ts';
import { type ActivityEvent, notificationsFor } from './activity.ts';
import { createActivityFeed } from './activity-feed.ts';
import { createModel, type Model } from './model.ts';

const schema = gainsight();

/** MODEL W1 from the checks themselves. */
function maySee(m: Model, user: string, e: ActivityEvent): boolean {
  const u = m.getUser(user);
  if (u === undefined || !u.active) return false;
  if (u.superAdmin) return true;
  const page = (id: string | undefined) =>
    id !== undefined && m.check(user, 'navigate', { type: 'page', id });
  const { type, id } = e.resource;
  switch (type) {
    case 'bundle':
      return page(schema.bundlesPage);
    case 'group':
    case 'recordType':
      return page(schema.sharingSettingsPage);
    case 'user':
      return id === user || m.check(user, 'edit', { type: schema.usersType });
  }
  const kind = schema.types.get(type)?.kind;
  if (kind === 'asset' || type === 'engagement') return m.check(user, 'view', { type, id });
  if (kind === 'record') return m.check(user, 'read', { type, id });
  return m.actions(user, { type, id }).some((a) => a.allowed);
}

/** Extra watches by anyone (the generated sequences add more, by their actors). */
const watchArb = fc.record({
  actor: fc.constantFrom(...USERS),
  op: fc.record({
    op: fc.constant('watch'),
    args: fc.record({
      target: fc.constantFrom(
        { type: 'dashboard' },
        { type: 'folder' },
        { type: 'engagement' },
        { type: 'engagement', env: 'staging' },
        { type: 'survey', id: 's1' },
        { type: 'relationship' },
        { type: 'bundle' },
        { type: 'user' },
        { type: 'group' },
      ),
      actions: fc.constantFrom(
        undefined,
        ['share', 'revoke', 'createBundle', 'editBundle', 'setUser', 'grantOn', 'addRule'],
        ['launch', 'pause', 'edit', 'move', 'setSharing', 'createGroup', 'addToGroup'],
      ),
    }),
  }),
});

/** The escalation search's steps, half of them by the super admin (who may do anything). */
const stepsArb = fc.array(
  fc
    .tuple(stepArb, fc.boolean())
    .map(([step, asSuper]) => (asSuper ? { ...step, actor: SUPER } : step)),
  { minLength: 1, maxLength: 8 },
);

describe('activity and notifications (MODEL W1, W4)', () => {
  it('no user ever gets an event or notification about what they may not see, even after losing access', () => {
    const tally = { events: 0, notified: 0, shown: 0, hiddenLater: 0 };
    fc.assert(
      fc.property(
        worldArb,
        fc.array(watchArb, { minLength: 2, maxLength: 10 }),
        stepsArb,
        (world, watches, steps) => {
          const m = createModel(schema, world, { now: () => 0 });
          const feed = createActivityFeed();
          const given = new Map<string, Set<ActivityEvent>>();
          for (const w of watches)
            try {
              m.apply(w.actor, w.op);
            } catch (e) {
              if (!(e instanceof GrantkitError)) throw e;
            }
          for (const { actor, op } of steps) {
            let events: ActivityEvent[];
            try {
              events = feed.record(m, m.apply(actor, op));
            } catch (e) {
              if (!(e instanceof GrantkitError)) throw e;
              continue;
            }
            for (const e of events) {
              tally.events++;
              for (const user of notificationsFor(m, e)) {
                tally.notified++;
                expect([user, e.action, e.resource, user !== e.actor]).toEqual([
                  user,
                  e.action,
                  e.resource,
                  true,
                ]);
                expect([user, e.resource, maySee(m, user, e)]).toEqual([user, e.resource, true]);
                given.set(user, (given.get(user) ?? new Set()).add(e));
              }
            }
            for (const user of ALL_USERS) {
              const shown = [
                ...feed.activity(m, user),
                ...feed.notifications(m, user).items.map((n) => n.event),
              ];
              tally.shown += shown.length;
              for (const e of shown)
                expect([user, e.action, e.resource, maySee(m, user, e)]).toEqual([
                  user,
                  e.action,
                  e.resource,
                  true,
                ]);
              const listed = new Set(feed.notifications(m, user).items.map((n) => n.event));
              for (const e of given.get(user) ?? []) if (!listed.has(e)) tally.hiddenLater++;
            }
          }
        },
      ),
      { numRuns: 1500, seed: 20261126 },
    );
    console.log(`activity property: ${JSON.stringify(tally)}`);
    // Not vacuous: events were made, notifications given, and some withheld after access went.
    expect(tally.notified).toBeGreaterThan(50);
    expect(tally.shown).toBeGreaterThan(500);
    expect(tally.hiddenLater).toBeGreaterThan(0);
  }, 600_000);
});
