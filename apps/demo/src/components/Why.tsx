/**
 * "Why?": the rule behind a refusal or a limit, one click away. Screens speak in sentences;
 * the rule id (MODEL A8) and its text are for admins who want to know which rule applies.
 */
import { RULES } from '../rules';

/** The rule ids in a message: "… (MODEL A8)" or "MODEL D2, D3" → ["A8"], ["D2", "D3"]. */
export function rulesIn(text: string): string[] {
  const ids: string[] = [];
  for (const m of text.matchAll(/MODEL ((?:[A-Z]\d+[a-z]?(?:[–-][A-Z]\d+[a-z]?)?(?:, )?)+)/g))
    for (const id of (m[1] ?? '').split(/, /)) if (id) ids.push(id.trim());
  return ids;
}

/** A message without its "(MODEL A8)" references: the sentence users read. */
export const withoutRules = (text: string): string =>
  text
    .replace(/^MODEL [A-Z]\d+[a-z]?: /, '')
    .replace(/\s*\(MODEL [^)]*\)/g, '')
    .replace(/\s*MODEL [A-Z]\d+[a-z]?(?:[–-][A-Z]\d+[a-z]?)?(?:, [A-Z]\d+[a-z]?)*/g, '')
    .trim();

export interface WhyProps {
  /** One rule id or several: "A8", ["D2", "D3"]; a range "D1–D3" is shown as given. */
  readonly rule: string | readonly string[];
  /** Summary text (default "Why?"). */
  readonly label?: string;
  /** The model's own explanation, shown above the rules for admins (MODEL K6). */
  readonly detail?: string | undefined;
}

/**
 * A `<details>` disclosure "Why?" that shows the rule id and its text.
 *
 * @example
 * ```tsx
 * <div className="notice refused">
 *   Only a super admin may give the Admin level. <Why rule="A8" />
 * </div>
 * ```
 */
export function Why({ rule, label = 'Why?', detail }: WhyProps) {
  const ids = typeof rule === 'string' ? [rule] : [...rule];
  if (ids.length === 0) return null;
  return (
    <details className="why">
      <summary>{label}</summary>
      {detail && <p className="why-detail">{detail}</p>}
      <dl className="why-rules">
        {ids.map((id) => (
          <div key={id}>
            <dt>Rule {id}</dt>
            <dd>
              {RULES[id] ?? RULES[id.split(/[–-]/)[0] ?? ''] ?? 'A rule of the permission model.'}
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

/**
 * A message that may name rules ("… (MODEL A8)"): the sentence without them, then "Why?".
 *
 * @example
 * ```tsx
 * <div className="notice refused" role="alert"><RuleText text={error.message} /></div>
 * ```
 */
export function RuleText({ text, rule }: { text: string; rule?: string | undefined }) {
  const ids = [...new Set([...(rule ? [rule] : []), ...rulesIn(text)])];
  return (
    <>
      {withoutRules(text)} <Why rule={ids} />
    </>
  );
}
