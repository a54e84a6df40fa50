/**
 * An icon action on a resource, greyed out with the reason when the user lacks it (MODEL
 * A12) through @grantkit/react's `<GuardedAction>`: still focusable, the reason on hover and
 * focus, clicks and Enter/Space do nothing.
 */
import { GuardedAction } from '@grantkit/react';
import { Greyed } from './Greyed';
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
  /** Greys the action with this reason whatever the check says (viewing as, MODEL A11). */
  readonly refusal?: string | null;
}

export function ActionButton({
  I,
  on,
  icon,
  label,
  subject,
  onClick,
  text,
  refusal = null,
}: ActionButtonProps) {
  const name = subject ? `${label} ${subject}` : label;
  const button = (
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
  );
  if (refusal !== null) return <Greyed reason={`${label}: ${refusal}`}>{button}</Greyed>;
  return (
    <GuardedAction
      I={I}
      on={on}
      tooltipClassName="tooltip"
      reason={(check) => `${label}: ${withoutRules(check.reason ?? '')}`}
    >
      {button}
    </GuardedAction>
  );
}
