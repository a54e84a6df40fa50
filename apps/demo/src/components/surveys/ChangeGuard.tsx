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
  const { session } = useSession();
  if (session.viewAs === undefined) return <GuardedAction {...props} />;
  return (
    <Greyed
      reason={`you are viewing as ${userName(session.viewAs)}: nothing can be changed while viewing as`}
    >
      {props.children as ReactElement<Record<string, unknown>>}
    </Greyed>
  );
}
