/**
 * @internal The reason tooltip of `<GuardedAction>`: always in the DOM while the action is
 * disabled (so `aria-describedby` has a target, also in server markup), hidden until opened.
 */
import {
  type CSSProperties,
  type PointerEventHandler,
  type ReactNode,
  type RefObject,
  useEffect,
  useLayoutEffect,
  useState,
} from 'react';

/** `useLayoutEffect` in the browser, `useEffect` on the server (React 18 warns otherwise). */
export const useIsomorphicLayoutEffect =
  typeof document === 'undefined' ? useEffect : useLayoutEffect;

const GAP = 6;

/** Readable on any page (contrast 15:1), above the content, never wider than 18rem. */
const baseStyle: CSSProperties = {
  position: 'fixed',
  zIndex: 2147483000,
  maxWidth: '18rem',
  padding: '4px 8px',
  borderRadius: 4,
  background: '#111827',
  color: '#ffffff',
  font: '12px/1.4 system-ui, sans-serif',
  whiteSpace: 'normal',
  pointerEvents: 'auto',
};

/** Props of the internal tooltip. */
export interface TooltipProps {
  readonly id: string;
  readonly open: boolean;
  /** The element the tooltip describes; it is placed below it when opened. */
  readonly anchor: RefObject<Element | null>;
  readonly className?: string | undefined;
  readonly style?: CSSProperties | undefined;
  readonly onPointerEnter?: PointerEventHandler<HTMLSpanElement>;
  readonly onPointerLeave?: PointerEventHandler<HTMLSpanElement>;
  readonly children: ReactNode;
}

/** A `role="tooltip"` span placed below its anchor while open; `hidden` while closed. */
export function Tooltip({
  id,
  open,
  anchor,
  className,
  style,
  onPointerEnter,
  onPointerLeave,
  children,
}: TooltipProps): ReactNode {
  const [position, setPosition] = useState<{ top: number; left: number } | null>(null);
  useIsomorphicLayoutEffect(() => {
    if (!open) return;
    const rect = anchor.current?.getBoundingClientRect();
    if (rect) setPosition({ top: rect.bottom + GAP, left: Math.max(GAP, rect.left) });
  }, [open, anchor]);
  return (
    <span
      role="tooltip"
      id={id}
      hidden={!open}
      data-grantkit-tooltip=""
      data-state={open ? 'open' : 'closed'}
      className={className}
      style={{ ...baseStyle, ...position, ...style }}
      onPointerEnter={onPointerEnter}
      onPointerLeave={onPointerLeave}
    >
      {children}
    </span>
  );
}
