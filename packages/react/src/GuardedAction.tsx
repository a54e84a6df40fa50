import type { CSSProperties, KeyboardEvent, ReactElement, ReactNode, SyntheticEvent } from 'react';
import * as React from 'react';
import { Slot } from './Slot.tsx';
import { Tooltip } from './Tooltip.tsx';
import type { ResourceRef } from './types.ts';
import { type CheckResult, useCheckResult } from './useCan.ts';

/**
 * Props of {@link GuardedAction}. `A` and `T` narrow to your schema through `createGrantkitHooks`.
 *
 * @example
 * ```tsx
 * function Guarded(props: Omit<GuardedActionProps, 'children'>) {
 *   return (
 *     <GuardedAction {...props} tooltipClassName="tooltip">
 *       <button type="button">Share</button>
 *     </GuardedAction>
 *   );
 * }
 * ```
 */
export interface GuardedActionProps<A extends string = string, T extends string = string> {
  /** The action the child performs, e.g. `"edit"`. */
  readonly I: A;
  /** The resource it acts on: `{ type, id?, env?, fields? }`. */
  readonly on: ResourceRef<T>;
  /**
   * One clickable element (a `<button>`, an `<a href>`, a router `<Link>`, your own button
   * that spreads its props onto its DOM element). No wrapper element is added around it.
   */
  readonly children: ReactElement;
  /** `disable` (default): greyed out with the reason (MODEL A12). `hide`: render nothing when denied. */
  readonly mode?: 'disable' | 'hide' | undefined;
  /**
   * While the client has no snapshot yet: `disable` (default; fail closed), `hide` (default in
   * `hide` mode), or `enable` when the server enforces the action anyway (MODEL C5).
   */
  readonly whilePending?: 'disable' | 'hide' | 'enable' | undefined;
  /** The tooltip text; default: the check's reason (`needs edit on dashboard “Q3”`, the full text with `explainTexts()`). */
  readonly reason?: ReactNode | ((check: CheckResult) => ReactNode);
  /** Class of the reason tooltip (`[role=tooltip][data-grantkit-tooltip]`). */
  readonly tooltipClassName?: string | undefined;
  /** Inline style merged over the tooltip's placement (its look comes from `@grantkit/react/styles.css` or your CSS). */
  readonly tooltipStyle?: CSSProperties | undefined;
}

/** Stops an activation: no handler below, no navigation, no form submission. */
const block = (event: Pick<Event, 'preventDefault' | 'stopPropagation'>): void => {
  event.preventDefault();
  event.stopPropagation();
};

const isActivationKey = (key: string): boolean => key === 'Enter' || key === ' ';

/**
 * Keeps a denied popup trigger shut (finding R6). A menu button (it carries `aria-expanded`,
 * as Radix's `DropdownMenu.Trigger` does) opens on pointerdown and on ArrowDown/ArrowUp, not
 * on click. Radix composes our handler before its own on the same bubble-phase React event
 * (a capture handler gets an event object of its own) and skips its own when
 * `event.defaultPrevented` is true. So we set that flag, a writable field of React's event
 * object that React's `preventDefault()` sets too, and not the native `preventDefault()`:
 * the browser still focuses the pressed action and the page's listeners (a menu's
 * outside-press dismiss) still hear the press. Inside a menu (a submenu trigger) nothing is
 * marked: there the arrows move between items.
 */
const holdShut = (event: SyntheticEvent<Element>): void => {
  const el = event.currentTarget;
  if (el.matches('[aria-expanded]') && !el.closest('[role=menu]')) event.defaultPrevented = true;
};

/**
 * Wraps one clickable element and, when the user may not perform `I` on `on`, renders it
 * disabled the accessible way instead of hiding it (MODEL A12): `aria-disabled="true"`, still
 * focusable, clicks and Enter/Space blocked (links do not navigate), a menu trigger kept shut
 * (Radix's `<DropdownMenu.Trigger>` inside it: no press or arrow key opens it, yet a press
 * still focuses it), and the reason in a tooltip shown on hover and focus and linked with
 * `aria-describedby`. Style it with
 * `[data-state="allowed|denied|pending"]` and `[data-disabled]`. While permissions load it is
 * disabled (fail closed) unless `whilePending="enable"`. It adds no element around the
 * child; the tooltip is a sibling that exists only while the action is disabled.
 *
 * @example
 * ```tsx
 * <GuardedAction I="edit" on={{ type: 'dashboard', id: 'q3' }}>
 *   <button onClick={openEditor}>Edit</button>
 * </GuardedAction>
 *
 * <GuardedAction I="share" on={{ type: 'dashboard', id: 'q3' }}>
 *   <a href="/dashboards/q3/share">Share</a>
 * </GuardedAction>
 *
 * <GuardedAction I="admin" on={{ type: 'dashboard', id: 'q3' }} mode="hide">
 *   <button onClick={openPermissions}>Manage permissions</button>
 * </GuardedAction>
 * ```
 *
 * The default look (greyed out, a focus ring that stays visible, the tooltip) is in an
 * optional stylesheet; or style the same attributes yourself:
 *
 * ```ts
 * import '@grantkit/react/styles.css';
 * ```
 *
 * ```css
 * [data-grantkit-tooltip] { background: black; color: white; }
 * button[data-disabled] { opacity: 0.5; cursor: not-allowed; }
 * ```
 */
export function GuardedAction<A extends string, T extends string>(
  props: GuardedActionProps<A, T>,
): ReactNode {
  const { I, on, children, mode = 'disable', reason } = props;
  const whilePending = props.whilePending ?? (mode === 'hide' ? 'hide' : 'disable');
  const check = useCheckResult('<GuardedAction>', I, on);
  const tooltipId = React.useId();
  const anchor = React.useRef<Element | null>(null);
  const untrack = React.useRef<(() => void) | undefined>(undefined);
  const [open, setOpen] = React.useState(false);

  const { state } = check;
  const hidden =
    (state === 'denied' && mode === 'hide') || (state === 'pending' && whilePending === 'hide');
  const disabled =
    !hidden && (state === 'denied' || (state === 'pending' && whilePending !== 'enable'));

  const show = React.useCallback(() => {
    untrack.current?.();
    setOpen(true);
  }, []);
  const hide = React.useCallback(() => {
    untrack.current?.();
    setOpen(false);
  }, []);
  // WCAG 1.4.13: the reason stays while the action has keyboard focus, and while the pointer
  // is over the action, the reason or the gap between them (the reason takes no pointer events)
  const leave = () => {
    if (anchor.current?.matches(':focus-visible')) return;
    const track = ({ clientX: x, clientY: y }: PointerEvent) => {
      const [a, b] = [anchor.current, document.getElementById(tooltipId)].map((el) =>
        el?.getBoundingClientRect(),
      );
      if (
        !a ||
        !b ||
        x < Math.min(a.left, b.left) ||
        x >= Math.max(a.right, b.right) ||
        y < Math.min(a.top, b.top) ||
        y >= Math.max(a.bottom, b.bottom)
      )
        hide();
    };
    untrack.current?.();
    document.addEventListener('pointermove', track);
    untrack.current = () => document.removeEventListener('pointermove', track);
  };

  // an action denied under keyboard focus shows why at once
  React.useEffect(() => {
    if (!disabled) hide();
    else if (anchor.current?.matches(':focus-visible')) show();
  }, [disabled, hide, show]);
  React.useEffect(() => () => untrack.current?.(), []);
  // A disabled action inside a link (`<a href><GuardedAction>…`): the link is the action, so
  // it neither navigates nor runs its handlers (stopped in the capture phase, before React's).
  React.useEffect(() => {
    const link = disabled ? anchor.current?.parentElement?.closest('a[href]') : null;
    if (!link) return;
    // a listener of its own: another disabled action in the same link keeps its one
    const stop = (event: Event) => block(event);
    const before = link.getAttribute('aria-disabled');
    link.setAttribute('aria-disabled', 'true');
    link.addEventListener('click', stop, true);
    link.addEventListener('auxclick', stop, true);
    return () => {
      link.removeEventListener('click', stop, true);
      link.removeEventListener('auxclick', stop, true);
      if (before === null) link.removeAttribute('aria-disabled');
      else link.setAttribute('aria-disabled', before);
    };
  }, [disabled]);

  if (hidden) return null;
  if (!disabled)
    return (
      <>
        <Slot key="action" slotRef={anchor} data-state={state}>
          {children}
        </Slot>
        {null}
      </>
    );

  const childProps = (React.isValidElement(children) ? children.props : {}) as Record<
    string,
    unknown
  >;
  const describedBy = [childProps['aria-describedby'], tooltipId].filter(Boolean).join(' ');
  // An intrinsic <a> loses its href (the W3C disabled-link pattern): no middle-click,
  // context-menu or drag can open it either; role and tabIndex keep it a focusable link.
  const isAnchor = React.isValidElement(children) && children.type === 'a';
  const linkProps = isAnchor
    ? { href: undefined, role: 'link', tabIndex: (childProps.tabIndex as number) ?? 0 }
    : {};
  const text = typeof reason === 'function' ? reason(check) : (reason ?? check.reason);

  return (
    <>
      <Slot
        key="action"
        slotRef={anchor}
        {...linkProps}
        aria-disabled="true"
        aria-describedby={describedBy}
        data-state={state}
        data-disabled=""
        onClick={undefined}
        onClickCapture={(event: SyntheticEvent) => {
          block(event);
          show();
        }}
        onAuxClickCapture={block}
        onDragStartCapture={block}
        onPointerDown={holdShut}
        onKeyDown={(event: KeyboardEvent<Element>) => {
          if (/^Arrow(Down|Up)$/.test(event.key)) holdShut(event);
        }}
        onKeyDownCapture={(event: KeyboardEvent) => {
          // an open reason takes Escape for itself: a dialog around the action stays open
          if (isActivationKey(event.key) || (event.key === 'Escape' && open)) block(event);
          if (event.key === 'Escape') hide();
        }}
        onKeyUpCapture={(event: KeyboardEvent) => {
          if (event.key === ' ') block(event);
        }}
        onPointerEnter={show}
        onPointerLeave={leave}
        onFocus={show}
        onBlur={hide}
      >
        {children}
      </Slot>
      <Tooltip
        key="reason"
        id={tooltipId}
        open={open}
        anchor={anchor}
        className={props.tooltipClassName}
        style={props.tooltipStyle}
      >
        {text}
      </Tooltip>
    </>
  );
}
