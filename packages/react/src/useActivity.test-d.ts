import type { ActivityItem, NotificationsState } from '@grantkit/sdk/activity';
import { activity } from '@grantkit/sdk/activity';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type ActivityState,
  useActivity,
  useNotifications,
  useWatch,
  type WatchState,
} from './index.ts';

const act = activity();

describe('activity hooks: types', () => {
  it('useActivity gives items and loadMore; the filter is checked', () => {
    expectTypeOf(
      useActivity(act, { type: 'engagement', action: 'pause' }),
    ).toEqualTypeOf<ActivityState>();
    expectTypeOf(useActivity(act).items).toEqualTypeOf<readonly ActivityItem[]>();
    // @ts-expect-error: resource is { type, id }
    useActivity(act, { resource: 'engagement:e1' });
  });
  it('useNotifications gives the state, or what the selector picks', () => {
    expectTypeOf(useNotifications(act)).toEqualTypeOf<NotificationsState>();
    expectTypeOf(useNotifications(act, (s) => s.unread)).toEqualTypeOf<number>();
  });
  it('useWatch takes a watch target', () => {
    expectTypeOf(useWatch(act, 'mine')).toEqualTypeOf<WatchState>();
    expectTypeOf(useWatch(act, { type: 'engagement', env: ['production'] }).watching).toEqualTypeOf<
      boolean | null
    >();
    // @ts-expect-error: not a target
    useWatch(act, 'everything');
  });
});
