/**
 * `<GuardedAction>` for a change, also greyed while a super admin views as someone: checks
 * answer as that person, but every change is refused then (MODEL A11), so the button must not
 * look allowed (A12).
 */
import { GuardedAction, type GuardedActionProps } from '@grantkit/react';
import type { ReactElement } from 'react';
import { userName } from '../../names';
import { Greyed } from '../Greyed';
import { useSession } from '../session';

export function ChangeGuard(props: GuardedActionProps) {
  const refusal = useViewAsRefusal();
  if (refusal === null) return <GuardedAction {...props} />;
  return (
    <Greyed reason={refusal}>{props.children as ReactElement<Record<string, unknown>>}</Greyed>
  );
}

/**
 * Why no change is possible now, or null: a super admin viewing as someone changes nothing
 * (MODEL A11), so every change control is greyed with this reason (A12).
 *
 * @example
 * const refusal = useViewAsRefusal(); // "you are viewing as Eve East: nothing can be changed…"
 */
export function useViewAsRefusal(): string | null {
  const { session } = useSession();
  return session.viewAs === undefined
    ? null
    : `you are viewing as ${userName(session.viewAs)}: nothing can be changed while viewing as (MODEL A11)`;
}
