/** Outcome messages: a refusal names its MODEL rule (the server's 403 message), success is polite. */
import { ApiError, messageOf } from '../api';

export type Outcome =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly error: unknown }
  | null;

export function Notice({ outcome }: { outcome: Outcome }) {
  if (outcome === null) return <p className="notice-slot" aria-live="polite" />;
  if (outcome.ok)
    return (
      <p className="notice ok" role="status">
        {outcome.text}
      </p>
    );
  const { error } = outcome;
  const rule = error instanceof ApiError && error.rule ? error.rule : undefined;
  return (
    <p className="notice refused" role="alert">
      {rule ? <strong className="rule">Refused ({rule}): </strong> : <strong>Error: </strong>}
      {messageOf(error)}
    </p>
  );
}
