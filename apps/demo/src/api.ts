/**
 * Every call the demo makes to the grants server (through Vite's `/api` proxy): the dev
 * sign-in, the admin operations (`POST /ops/<op>`) and the read views (`GET /world/*`, `/audit`).
 */
import type { LifecycleItem, ResourceInput, WorldInput } from '@grantkit/core';

export type { LifecycleItem };

export const API_BASE = '/api';

/** An error answer of the server: `{ error: { code, message, rule?, field? } }`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly rule: string | undefined;
  readonly field: string | undefined;
  constructor(
    status: number,
    body: { code?: string; message?: string; rule?: string; field?: string },
  ) {
    super(body.message ?? `the server answered ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code ?? 'internal';
    this.rule = body.rule;
    this.field = body.field;
  }
}

/** What an admin op answers: the tenant revision it produced and its audit entries. */
export interface OpResult {
  readonly revision: number;
  readonly audit: readonly AuditRecord[];
}

/** One audit entry (MODEL E5). */
export interface AuditRecord {
  readonly seq?: number;
  readonly revision: number;
  readonly actor: string;
  readonly action: string;
  readonly resource: { readonly type: string; readonly id: string };
  readonly before: unknown;
  readonly after: unknown;
  readonly at: number;
}

/** One delivery the demo's webhook receiver got (MODEL W6). */
export interface WebhookDelivery {
  readonly eventId: string;
  readonly receivedAt: number;
  readonly verified: boolean;
  readonly reason?: string;
  readonly repeat: boolean;
  readonly event: {
    readonly actor?: string;
    readonly action?: string;
    readonly resource?: { readonly type: string; readonly id: string };
    readonly at?: number;
  } | null;
}

export type WorldUser = WorldInput['users'][number];
export type WorldGroup = NonNullable<WorldInput['groups']>[number];
export type WorldBundle = NonNullable<WorldInput['bundles']>[number];
export type WorldRecordType = NonNullable<WorldInput['recordTypes']>[number];
export type Resource = ResourceInput;
/** Who holds what directly on one resource (MODEL N13). */
export interface DirectGrant {
  readonly user: string;
  readonly actions: readonly string[];
}

async function answer<T>(res: Response): Promise<T> {
  const text = await res.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const error = (body as { error?: Record<string, string> } | undefined)?.error ?? {};
    throw new ApiError(res.status, error);
  }
  return body as T;
}

/** DEV ONLY: a token for any user of the demo tenant (see scripts/devLogin.ts). */
export async function devLogin(userId: string): Promise<string> {
  const res = await fetch(`${API_BASE}/dev/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId }),
  });
  return (await answer<{ token: string }>(res)).token;
}

/** The API of one signed-in session; `viewAs` is sent with every op (MODEL A11). */
export interface Api {
  readonly viewAs: string | undefined;
  op(name: string, args: Record<string, unknown>): Promise<OpResult>;
  users(): Promise<WorldUser[]>;
  groups(): Promise<WorldGroup[]>;
  bundles(): Promise<WorldBundle[]>;
  resources(type: string): Promise<Resource[]>;
  recordTypes(): Promise<WorldRecordType[]>;
  audit(type: string, id: string): Promise<AuditRecord[]>;
  auditAll(limit?: number): Promise<AuditRecord[]>;
  /** Resources of `type` in `state` across the caller's tenants (MODEL W7, W5). */
  lifecycle(type: string, state: string): Promise<LifecycleItem[]>;
  /** DEV ONLY: the demo webhook receiver's log (scripts/webhookReceiver.ts). */
  webhookLog(): Promise<WebhookDelivery[]>;
  /** Direct grants on one resource (`grantOn`, MODEL N13), for its admins. */
  directGrants(type: string, id: string): Promise<DirectGrant[]>;
}

export function createApi(token: string, viewAs?: string): Api {
  const headers = { authorization: `Bearer ${token}` };
  const get = async <T>(path: string): Promise<T> =>
    answer<T>(await fetch(`${API_BASE}${path}`, { headers }));
  const q = encodeURIComponent;
  return {
    viewAs,
    async op(name, args) {
      const res = await fetch(
        `${API_BASE}/ops/${name}${viewAs === undefined ? '' : `?viewAs=${q(viewAs)}`}`,
        {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify(args),
        },
      );
      return answer<OpResult>(res);
    },
    users: () => get('/world/users'),
    groups: () => get('/world/groups'),
    bundles: () => get('/world/bundles'),
    resources: (type) => get(`/world/resources?type=${q(type)}`),
    recordTypes: () => get('/world/recordTypes'),
    audit: (type, id) => get(`/audit?type=${q(type)}&id=${q(id)}`),
    auditAll: (limit = 200) => get(`/audit/all?limit=${limit}`),
    lifecycle: (type, state) => get(`/lifecycle?type=${q(type)}&state=${q(state)}&scope=all`),
    webhookLog: async () =>
      (await get<{ deliveries: WebhookDelivery[] }>('/dev/webhook/log')).deliveries,
    directGrants: (type, id) => get(`/world/directGrants?type=${q(type)}&id=${q(id)}`),
  };
}

/** A readable message for any error: the server's (it names the MODEL rule) or the thrown one. */
export const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
