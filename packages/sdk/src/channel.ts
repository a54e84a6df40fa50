/**
 * Cross-tab sharing over a BroadcastChannel per tenant + user: a leader keeps the one
 * stream and does the automatic fetches; every tab shares what it fetched, and checks
 * it like any other snapshot. The leader is whoever holds the Web Lock of the channel
 * (`navigator.locks`): it leads until it closes or its tab goes away, however slow it
 * is. Without Web Locks, a heartbeat lease: the leader renews it every second, a tab
 * takes over only after a long silence (LEASE beats), and of two claimants the earlier
 * leader stays (a slow tab is not deposed by a newcomer).
 */

/** The messages tabs exchange. */
export type TabMessage =
  /** The leader's heartbeat (also its claim), leading since `s` (lease fallback only). */
  | { readonly t: 'lead'; readonly id: string; readonly s: number }
  /** The leader leaves; someone else takes over now (lease fallback only). */
  | { readonly t: 'bye'; readonly id: string }
  /** A new tab asks who leads and for the current snapshot. */
  | { readonly t: 'who' }
  /** A snapshot a tab received from the server. */
  | { readonly t: 'snap'; readonly s: unknown; readonly at: number }
  /** The grants of revision `p` are current at `at`, as revision `r` (the same grants). */
  | { readonly t: 'ok'; readonly r: number; readonly p: number; readonly at: number }
  /** The user signed out in some tab. */
  | { readonly t: 'out' };

/** A tab's membership of its user's channel. */
export interface TabChannel {
  readonly leading: boolean;
  post(message: TabMessage): void;
  close(): void;
}

const BEAT = 1_000;
/** Beats of silence before a follower takes over from a leader that said no `bye`. */
const LEASE = 10;

/**
 * Joins the channel `name`; `onLead` tells (never synchronously) when this tab starts or
 * stops leading. Without BroadcastChannel the tab leads alone from the start.
 */
export function joinChannel(
  name: string,
  onLead: (leading: boolean) => void,
  onMessage: (message: TabMessage) => void,
): TabChannel {
  const me = Math.random().toString(36).slice(2);
  let leader = '';
  /** Since when the leader leads (lease fallback: the earlier of two claims stands). */
  let since = 0;
  let missed = 0;
  let bc: BroadcastChannel | undefined;
  let end = () => {};
  const post = (m: TabMessage) => {
    try {
      bc?.postMessage(m);
    } catch {}
  };
  if (typeof BroadcastChannel !== 'function') return { leading: true, post, close() {} };
  bc = new BroadcastChannel(name);
  const locks = globalThis.navigator?.locks;
  const claim = () => post({ t: 'lead', id: me, s: since });
  /** `s`: since when it leads; a tab's own claims are unique (`Date.now()` plus a fraction). */
  const become = (id: string, s = Date.now() + Math.random()) => {
    const was = leader === me;
    leader = id;
    since = s;
    missed = 0;
    if (was !== (id === me)) onLead(!was);
    if (id === me) claim();
  };
  bc.onmessage = ({ data: m }: MessageEvent<TabMessage | null>) => {
    if (!m) return;
    if (!locks)
      if (m.t === 'lead') {
        if (m.id === leader) missed = 0;
        // the earlier claim stands; a leader asserts itself against a later one
        else if (!leader || m.s < since) become(m.id, m.s);
        else if (leader === me) claim();
      } else if (m.t === 'bye' && m.id === leader) become(me);
      else if (m.t === 'who' && leader === me) claim();
    onMessage(m);
  };
  if (locks) {
    // The lock is held (and this tab leads) until `end`: closing, or the tab going away.
    const ac = new AbortController();
    let release = () => {};
    locks
      .request(name, { signal: ac.signal }, () =>
        // granted after close(): released at once
        ac.signal.aborted
          ? undefined
          : new Promise<void>((r) => {
              release = r;
              leader = me;
              onLead(true);
            }),
      )
      .catch(() => {}); // aborted by close() while waiting
    end = () => {
      ac.abort();
      release();
    };
  } else {
    const tick = setInterval(() => {
      if (leader === me) claim();
      else if (++missed > LEASE) become(me);
    }, BEAT);
    // A tab alone claims after a wait for an answer to `who` (generous: tabs may be slow).
    const start = setTimeout(() => leader || become(me), 200 + Math.random() * 100);
    end = () => {
      clearInterval(tick);
      clearTimeout(start);
      if (leader === me) post({ t: 'bye', id: me });
    };
  }
  post({ t: 'who' });
  return {
    get leading() {
      return leader === me;
    },
    post,
    close() {
      end();
      leader = '';
      bc?.close();
    },
  };
}
