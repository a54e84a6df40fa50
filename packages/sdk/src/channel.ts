/**
 * Cross-tab sharing over a BroadcastChannel per tenant + user: a leader, elected with a
 * heartbeat lease (the lowest id wins a tie), keeps the one stream and does the automatic
 * fetches; every tab shares what it fetched, and checks it like any other snapshot.
 */

/** The messages tabs exchange. */
export type TabMessage =
  /** The leader's heartbeat (also its claim). */
  | { readonly t: 'lead'; readonly id: string }
  /** The leader leaves; someone else takes over now. */
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
  let missed = 0;
  let bc: BroadcastChannel | undefined;
  const post = (m: TabMessage) => {
    try {
      bc?.postMessage(m);
    } catch {}
  };
  const become = (id: string) => {
    const was = leader === me;
    leader = id;
    missed = 0;
    if (was !== (id === me)) onLead(!was);
    if (id === me) post({ t: 'lead', id });
  };
  if (typeof BroadcastChannel !== 'function') return { leading: true, post, close() {} };
  bc = new BroadcastChannel(name);
  bc.onmessage = ({ data: m }: MessageEvent<TabMessage | null>) => {
    if (!m) return;
    if (m.t === 'lead') {
      if (leader === me && m.id > me) post({ t: 'lead', id: me });
      else if (m.id === leader) missed = 0;
      else become(m.id);
    } else if (m.t === 'bye' && m.id === leader) become(me);
    else if (m.t === 'who' && leader === me) post({ t: 'lead', id: me });
    onMessage(m);
  };
  const tick = setInterval(() => {
    if (leader === me) post({ t: 'lead', id: me });
    else if (++missed > 2) become(me);
  }, BEAT);
  // A tab alone claims at once after a short wait for an answer to `who`.
  const start = setTimeout(() => leader || become(me), 30 + Math.random() * 40);
  post({ t: 'who' });
  return {
    get leading() {
      return leader === me;
    },
    post,
    close() {
      clearInterval(tick);
      clearTimeout(start);
      if (leader === me) post({ t: 'bye', id: me });
      bc?.close();
    },
  };
}
