/**
 * An icon action on a resource, greyed out with the reason when the user lacks it (MODEL
 * A12) through @grantkit/react's `<GuardedAction>`: still focusable, the reason on hover and
 * focus, clicks and Enter/Space do nothing.
 */
import { GuardedAction } from '@grantkit/react';
import { Icon, type IconName } from './Icon';
import { withoutRules } from './Why';

export interface ActionButtonProps {
  readonly I: string;
  /** The resource; pass `fields.title` so the reason names it (the snapshot holds no titles). */
  readonly on: { type: string; id?: string; env?: string; fields?: { title: string } };
  readonly icon?: IconName;
  /** Visible (or, for icon buttons, accessible) label: "Edit". */
  readonly label: string;
  /** What it acts on, for the accessible name: "Q3 Revenue". */
  readonly subject?: string;
  readonly onClick: () => void;
  readonly text?: boolean;
}

export function ActionButton({ I, on, icon, label, subject, onClick, text }: ActionButtonProps) {
  const name = subject ? `${label} ${subject}` : label;
  return (
    <GuardedAction
      I={I}
      on={on}
      tooltipClassName="tooltip"
      reason={(check) => `${label}: ${withoutRules(check.reason ?? '')}`}
    >
      <button
        type="button"
        className={text ? 'action-btn' : 'icon-btn'}
        aria-label={text && !subject ? undefined : name}
        data-label={text ? undefined : label}
        data-action={I}
        onClick={onClick}
      >
        {icon && <Icon name={icon} />}
        {text && <span>{label}</span>}
      </button>
    </GuardedAction>
  );
}
