/**
 * `crossTab()`: the tabs of one user share one fetch and one push stream. The leader
 * (elected by `channel.ts`: Web Locks, or a heartbeat lease) keeps the stream and does
 * the automatic fetches; every tab shares what the server answered, and each checks what
 * it receives like any other snapshot. Signing out in one tab signs out the others.
 */
import { joinChannel, type TabChannel, type TabMessage } from './channel.ts';
import type { GrantkitPlugin, PluginContext, PluginSession } from './plugin.ts';

/** One tab's part in its user's channel. */
function share(ctx: PluginContext): PluginSession {
  const { tenant, userId } = ctx.identity;
  const onTab = (m: TabMessage) => {
    const held = ctx.snapshot;
    if (m.t === 'who' && ctx.leading && held)
      channel.post({ t: 'snap', s: held, at: ctx.confirmedAt });
    else if (m.t === 'snap')
      try {
        ctx.offer(ctx.validate(m.s), { at: m.at });
        ctx.schedule(); // a follower that waited for a snapshot has one: no fetch of its own
      } catch {} // another tab's late or foreign snapshot: ignored
    else if (m.t === 'ok' && held) {
      if (m.r === held.revision || m.p === held.revision)
        try {
          ctx.confirm({ revision: m.r, at: m.at });
        } catch {} // older than held: ignored
      else if (m.r > held.revision) ctx.refresh();
    } else if (m.t === 'out') ctx.signOutElsewhere();
  };
  const channel: TabChannel = joinChannel(`grantkit:${tenant}:${userId}`, ctx.lead, onTab);
  if (channel.leading) ctx.lead(true);
  return {
    elects: true,
    // other tabs: the grants they hold at `previous` are current at `revision`, or the new snapshot
    received: ({ snapshot, previous, at, changed }) =>
      channel.post(
        changed
          ? { t: 'snap', s: snapshot, at }
          : { t: 'ok', r: snapshot.revision, p: previous, at },
      ),
    confirmed: ({ revision, at }) => channel.post({ t: 'ok', r: revision, p: revision, at }),
    stop(reason) {
      if (reason === 'sign-out') channel.post({ t: 'out' });
      channel.close();
    },
  };
}

/**
 * Shares one fetch and one push stream between the tabs of the same user
 * (BroadcastChannel, leader elected with Web Locks). Without BroadcastChannel a tab
 * works alone.
 *
 * @example
 * ```ts
 * import { createGrantkitClient } from '@grantkit/sdk';
 * import { crossTab } from '@grantkit/sdk/cross-tab';
 *
 * const client = createGrantkitClient({
 *   baseUrl: '/grantkit',
 *   tenant: 'acme',
 *   userId: 'ann',
 *   plugins: [crossTab()],
 * });
 * ```
 */
export function crossTab(): GrantkitPlugin {
  return { name: 'cross-tab', start: share };
}
