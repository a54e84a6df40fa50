/**
 * Reasons and explanations (MODEL K6): the shape of an answer to "why (not)?", shared
 * by the model and the snapshot evaluator, and the short phrase a UI shows for a reason.
 */

import type { Condition } from '../schema/types.ts';
import type { ShareLevel, Sharing } from './state.ts';

/** One reason a user holds actions on a resource. */
export type Reason =
  | { readonly kind: 'superAdmin' }
  | {
      readonly kind: 'bundle';
      readonly bundle: string;
      readonly via: 'manual' | 'group' | 'rule' | 'license';
      readonly group?: string;
      readonly scope: 'type' | 'resource';
      readonly env?: readonly string[];
      readonly when?: Condition;
      /** MODEL A4: granted on this folder, around the asset. */
      readonly inheritedFrom?: string;
      /** MODEL D4: granted on this parent record. */
      readonly lookup?: { readonly type: string; readonly id: string };
    }
  | { readonly kind: 'owner'; readonly asset: string; readonly inheritedFrom?: string }
  | {
      readonly kind: 'share';
      readonly asset: string;
      readonly level: ShareLevel;
      readonly user?: string;
      readonly group?: string;
      readonly inheritedFrom?: string;
    }
  | {
      readonly kind: 'public';
      readonly asset: string;
      readonly level: Sharing;
      readonly inheritedFrom?: string;
    }
  | { readonly kind: 'systemFolder'; readonly folder: string }
  /** MODEL N13: granted directly on this one resource (`grantOn`). */
  | { readonly kind: 'direct' }
  | {
      readonly kind: 'recordRule';
      readonly recordType: string;
      readonly rule: string;
      readonly via?: 'lookup' | 'manager';
      readonly report?: string;
      readonly lookup?: { readonly type: string; readonly id: string };
    }
  | {
      readonly kind: 'everyone';
      readonly recordType: string;
      readonly lookup?: { readonly type: string; readonly id: string };
    };

/** A structured answer to "why (not)?" (MODEL K6). */
export interface Explanation {
  readonly allowed: boolean;
  /** What grants the action (empty when denied). */
  readonly reasons: readonly Reason[];
  /** When denied: the action needed and the actions held. */
  readonly missing?: {
    readonly action: string;
    readonly type: string;
    readonly id?: string;
    readonly have: readonly string[];
  };
  /** A sentence a UI can show, e.g. `needs edit on dashboard “Q3 Revenue”; you have view`. */
  readonly message: string;
}

/** A name in quotes, as explanations show names. */
export const quote = (s: string | undefined): string => `“${s}”`;

/**
 * A short phrase for a reason, e.g. `view share to user “ann” inherited from folder “f1”`.
 *
 * @example
 * describe({ kind: 'bundle', bundle: 'surveyors', via: 'manual', scope: 'type' }); // 'bundle “surveyors” (manual)'
 */
export function describe(r: Reason): string {
  const from =
    'inheritedFrom' in r && r.inheritedFrom !== undefined
      ? ` inherited from folder ${quote(r.inheritedFrom)}`
      : '';
  const through =
    'lookup' in r && r.lookup !== undefined
      ? ` through ${r.lookup.type} ${quote(r.lookup.id)}`
      : '';
  switch (r.kind) {
    case 'superAdmin':
      return 'super admin';
    case 'bundle':
      return `bundle ${quote(r.bundle)} (${r.via === 'group' ? `through group ${quote(r.group)}` : r.via})${from}${through}`;
    case 'owner':
      return `owner${from}`;
    case 'share':
      return `${r.level} share to ${r.user !== undefined ? `user ${quote(r.user)}` : `group ${quote(r.group)}`}${from}`;
    case 'public':
      return `${r.level} sharing${from}`;
    case 'direct':
      return 'granted directly on it';
    case 'systemFolder':
      return `system folder ${quote(r.folder)} is visible to everyone`;
    case 'recordRule':
      return `sharing rule ${quote(r.rule)} on ${r.recordType}${r.report !== undefined ? ` of report ${quote(r.report)}` : ''}${through}`;
    default:
      return `everyone gets read/write on ${r.recordType}${through}`;
  }
}
