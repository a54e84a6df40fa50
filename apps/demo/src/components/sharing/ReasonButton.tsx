/**
 * A button greyed out with the reason when the model will refuse what it does (MODEL A12)
 * for reasons a permission check does not carry (a system-managed group, a used attribute,
 * "everyone" on): `aria-disabled`, still focusable with a visible focus ring, clicks and
 * Enter/Space do nothing, the reason in a tooltip on hover and focus (Grantkit's look).
 */
import { useId, useState } from 'react';
import { Icon, type IconName } from '../Icon';

export interface ReasonButtonProps {
  /** What it does ("Delete group Leads"): the visible text or, for icon buttons, the accessible name. */
  readonly label: string;
  /** Why it may not be done; `undefined`: allowed. */
  readonly reason: string | undefined;
  onClick?(): void;
  readonly icon?: IconName;
  /** Show the label as text (default for buttons without an icon). */
  readonly text?: boolean;
  readonly className?: string;
  /** `submit`: submits its form when allowed (then `onClick` may be omitted). */
  readonly type?: 'button' | 'submit';
}

export function ReasonButton({
  label,
  reason,
  onClick,
  icon,
  text,
  className,
  type = 'button',
}: ReasonButtonProps) {
  const tip = useId();
  const [open, setOpen] = useState(false);
  const showText = text ?? icon === undefined;
  const denied = reason !== undefined;
  return (
    <span className="reason-wrap">
      <button
        type={type}
        className={className ?? 'action-btn'}
        aria-label={showText ? undefined : label}
        data-label={showText ? undefined : label}
        aria-disabled={denied ? 'true' : undefined}
        aria-describedby={denied ? tip : undefined}
        data-disabled={denied ? '' : undefined}
        data-state={denied ? 'denied' : 'allowed'}
        onClick={(e) => {
          if (denied) {
            e.preventDefault();
            setOpen(true);
          } else onClick?.();
        }}
        onMouseEnter={() => denied && setOpen(true)}
        onMouseLeave={() => setOpen(false)}
        onFocus={() => denied && setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setOpen(false);
        }}
      >
        {icon && <Icon name={icon} />}
        {showText && <span>{label}</span>}
      </button>
      {denied && (
        <span
          role="tooltip"
          id={tip}
          className="reason-tip"
          data-grantkit-tooltip=""
          hidden={!open}
        >
          {label}: {reason}
        </span>
      )}
    </span>
  );
}
