/**
 * A button greyed out with a reason the client knows but a single check cannot express (R3's
 * "only roles that reach you", "only a super admin changes a super admin"), looking and
 * behaving like `<GuardedAction>`'s (MODEL A12): `aria-disabled`, still focusable, the reason
 * in a tooltip on hover and focus, linked by `aria-describedby`, clicks and keys do nothing.
 */
import { type ReactNode, useId, useLayoutEffect, useRef, useState } from 'react';

export interface ReasonButtonProps {
  /** Visible label ("Deactivate"). */
  readonly label: string;
  /** What it acts on, for the accessible name ("Cal Agent"). */
  readonly subject?: string;
  /** Why it is not allowed; `null` when it is. */
  readonly reason: string | null;
  readonly onClick: () => void;
  readonly className?: string;
  readonly icon?: ReactNode;
}

export function ReasonButton({
  label,
  subject,
  reason,
  onClick,
  className = 'action-btn',
  icon,
}: ReasonButtonProps) {
  const id = useId();
  const ref = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const [pos, setPos] = useState<{ top: number; left: number } | null>(null);
  useLayoutEffect(() => {
    if (!open || reason === null) return;
    const rect = ref.current?.getBoundingClientRect();
    const tip = document.getElementById(id);
    if (!rect || !tip) return;
    const above = rect.top - 6 - tip.offsetHeight;
    setPos({
      top: above >= 6 ? above : rect.bottom + 6,
      left: Math.max(6, Math.min(rect.left, window.innerWidth - 6 - tip.offsetWidth)),
    });
  }, [open, reason, id]);
  const denied = reason !== null;
  return (
    <>
      <button
        ref={ref}
        type="button"
        className={className}
        aria-label={subject ? `${label} ${subject}` : undefined}
        aria-disabled={denied ? 'true' : undefined}
        aria-describedby={denied ? id : undefined}
        data-disabled={denied ? '' : undefined}
        data-state={denied ? 'denied' : 'allowed'}
        onClick={(e) => {
          if (denied) e.preventDefault();
          else onClick();
        }}
        onPointerEnter={() => setOpen(true)}
        onPointerLeave={() => setOpen(false)}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
      >
        {icon}
        <span>{label}</span>
      </button>
      {denied && (
        <span
          role="tooltip"
          id={id}
          hidden={!open}
          data-grantkit-tooltip=""
          className="tooltip"
          style={{ position: 'fixed', pointerEvents: 'none', ...pos }}
        >
          {label}: {reason}
        </span>
      )}
    </>
  );
}
