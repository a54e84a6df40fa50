/**
 * A control greyed out with its reason when the decision is known but is not one check
 * `<GuardedAction>` can make (two checks, a rule of the op such as MODEL A8 or N9, a built-in
 * bundle): the same look and behaviour (MODEL A12): `aria-disabled`, still focusable, clicks
 * and Enter/Space blocked, the reason in a tooltip on hover and focus, linked with
 * `aria-describedby`. `reason` null: the child is left as it is.
 */
import {
  cloneElement,
  type ReactElement,
  type SyntheticEvent,
  useId,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { withoutRules } from './Why';

export interface GreyedProps {
  /** Why the control is greyed out, or `null` when it is allowed. */
  readonly reason: string | null;
  /** One focusable control: a `<button>` or an `<input>`. */
  readonly children: ReactElement<Record<string, unknown>>;
}

const block = (event: SyntheticEvent) => {
  event.preventDefault();
  event.stopPropagation();
};

export function Greyed({ reason, children }: GreyedProps) {
  const id = useId();
  const anchor = useRef<HTMLSpanElement>(null);
  const [open, setOpen] = useState(false);
  const [place, setPlace] = useState<{ top: number; left: number } | null>(null);
  useLayoutEffect(() => {
    if (!open) return;
    const el = anchor.current?.previousElementSibling;
    const rect = el?.getBoundingClientRect();
    if (!rect) return;
    const h = anchor.current?.offsetHeight ?? 0;
    const w = anchor.current?.offsetWidth ?? 0;
    setPlace({
      top: rect.top - 6 - h >= 6 ? rect.top - 6 - h : rect.bottom + 6,
      left: Math.max(6, Math.min(rect.left, window.innerWidth - 6 - w)),
    });
  }, [open]);
  if (reason === null) return children;
  const described = [children.props['aria-describedby'], id].filter(Boolean).join(' ');
  return (
    <>
      {cloneElement(children, {
        'aria-disabled': 'true',
        'aria-describedby': described,
        'data-disabled': '',
        'data-state': 'denied',
        disabled: undefined,
        onClick: undefined,
        onChange: undefined,
        readOnly: true,
        onClickCapture: (e: SyntheticEvent) => {
          block(e);
          setOpen(true);
        },
        onKeyDownCapture: (e: React.KeyboardEvent) => {
          if (e.key === 'Enter' || e.key === ' ') block(e);
          else if (e.key === 'Escape') setOpen(false);
        },
        onKeyUpCapture: (e: React.KeyboardEvent) => {
          if (e.key === ' ') block(e);
        },
        onPointerEnter: () => setOpen(true),
        onPointerLeave: () => setOpen(false),
        onFocus: () => setOpen(true),
        onBlur: () => setOpen(false),
      })}
      <span
        ref={anchor}
        role="tooltip"
        id={id}
        hidden={!open}
        data-grantkit-tooltip=""
        className="tooltip"
        style={{
          position: 'fixed',
          pointerEvents: 'none',
          zIndex: 2147483000,
          ...(place ?? { top: -9999, left: -9999 }),
        }}
      >
        {withoutRules(reason)}
      </span>
    </>
  );
}
