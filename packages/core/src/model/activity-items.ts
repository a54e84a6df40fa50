/**
 * What the grants server's activity reads answer (MODEL W1, W4, W7), as JSON: one
 * declaration each, shared by the server that writes them, `@grantkit/sdk/activity` that
 * reads them and the hosts (the demo) that show them. Types only: nothing here runs.
 */

/**
 * One activity item (MODEL W1): an audited change as one reader may see it, naming its
 * tenant (`GET /activity`, the `activity` stream event).
 *
 * @example
 * ```ts
 * const line = (i: ActivityItem) => `${i.actor} ${i.action} ${i.resource.type} ${i.resource.id}`;
 * ```
 */
export interface ActivityItem {
  /** Stable: `<tenant>:<seq>` (the webhook event id too). */
  readonly id: string;
  readonly tenant: string;
  readonly seq: number;
  readonly revision: number;
  /** When it happened (ms since the epoch). */
  readonly at: number;
  readonly actor: string;
  readonly action: string;
  readonly resource: { readonly type: string; readonly id: string };
  /** Only for readers who may manage what it is about (MODEL E5). */
  readonly before?: unknown;
  readonly after?: unknown;
}

/**
 * One notification (MODEL W4): an activity item matching one of the user's watches, as
 * the user may see it now (`GET /notifications`, the `notification` stream event).
 *
 * @example
 * ```ts
 * const unread = (n: NotificationItem) => n.readAt === null;
 * ```
 */
export interface NotificationItem {
  /** `<tenant>:<n>`, the same in the list, on the stream and for marking it read. */
  readonly id: string;
  readonly tenant: string;
  /** The user it is for (a client drops one that is not for its signed-in user). */
  readonly user: string;
  readonly event: ActivityItem;
  /** When it was read (ms), or `null`. */
  readonly readAt: number | null;
}

/**
 * A resource in a lifecycle state, in one of the caller's tenants, and its last
 * transition (MODEL W7, `GET /lifecycle`): "what is paused right now, and who paused it".
 *
 * @example
 * ```ts
 * const who = (r: LifecycleItem) => r.lastTransition?.actor ?? 'seeded';
 * ```
 */
export interface LifecycleItem {
  readonly tenant: string;
  readonly type: string;
  readonly id: string;
  readonly state: string;
  readonly environment?: string;
  readonly title?: string;
  /** Who moved it into its state and when; `null` when no transition is recorded (seeded so). */
  readonly lastTransition: {
    readonly actor: string;
    readonly action: string;
    readonly at: number;
  } | null;
}
