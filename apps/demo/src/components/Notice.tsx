/**
 * Outcome messages: success is polite; a refusal is a sentence ("Not allowed: only a super
 * admin may give the admin level") with the rule one click away ("Why?", for admins).
 */
import { ApiError, messageOf } from '../api';
import { RuleText } from './Why';

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
  const refused = rule !== undefined || (error instanceof ApiError && error.status === 403);
  return (
    <div className="notice refused" role="alert" data-rule={rule}>
      <strong>{refused ? 'Not allowed: ' : 'Something went wrong: '}</strong>
      <RuleText text={messageOf(error)} rule={rule} />
    </div>
  );
}
