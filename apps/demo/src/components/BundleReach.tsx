/**
 * A bundle's automatic members (MODEL N7): the groups it names and its rule with advanced
 * logic, previewed against the tenant's people and saved with `editBundle`.
 */
import { type Criteria, createModel, type Model } from '@grantkit/core';
import { useState } from 'react';
import type { WorldBundle } from '../api';
import { bundleTitle } from '../bundleNames';
import { userName } from '../names';
import { CriteriaEditor } from './CriteriaEditor';
import { type Condition, type CriteriaDraft, describeCriteria, OPS, toCriteria } from './criteria';
import type { Outcome } from './Notice';
import { useOp } from './session';
import { Why } from './Why';

const DEFAULT_DRAFT: CriteriaDraft = {
  mode: 'logic',
  logic: 'A and (B or C)',
  conditions: [
    { letter: 'A', attr: 'businessUnit', op: 'in', value: 'East, West' },
    { letter: 'B', attr: 'department', op: '=', value: 'CS' },
    { letter: 'C', attr: 'title', op: 'startsWith', value: 'CSM' },
  ],
};

type Simple = { attr?: string; op?: string; value?: unknown };
const asCondition = (letter: string, c: Simple): Condition | undefined =>
  typeof c.attr === 'string' && OPS.includes(c.op as Condition['op'])
    ? {
        letter,
        attr: c.attr,
        op: c.op as Condition['op'],
        value: Array.isArray(c.value) ? c.value.join(', ') : String(c.value ?? ''),
      }
    : undefined;

/** The form's draft for a saved rule, when the form can show it. */
function toDraft(rule: unknown): CriteriaDraft | undefined {
  const r = rule as Simple & {
    userGroup?: string[];
    logic?: string;
    where?: Record<string, Simple>;
  };
  if (Array.isArray(r?.userGroup)) return { mode: 'groups', groups: r.userGroup };
  const single = asCondition('A', r ?? {});
  if (single) return { mode: 'logic', logic: 'A', conditions: [single] };
  if (typeof r?.logic !== 'string' || r.where === undefined) return undefined;
  const conditions = Object.entries(r.where).map(([k, c]) => asCondition(k, c));
  return conditions.every((c) => c !== undefined)
    ? { mode: 'logic', logic: r.logic, conditions: conditions as Condition[] }
    : undefined;
}

export interface BundleReachProps {
  readonly bundle: WorldBundle;
  readonly model: Model | null;
  readonly groups: readonly string[];
  onOutcome(outcome: Outcome): void;
}

export function BundleReach({ bundle, model, groups, onOutcome }: BundleReachProps) {
  const run = useOp();
  const [chosen, setChosen] = useState<readonly string[]>(bundle.groups ?? []);
  const [byRule, setByRule] = useState(bundle.rule !== undefined);
  const [draft, setDraft] = useState<CriteriaDraft>(toDraft(bundle.rule) ?? DEFAULT_DRAFT);

  let rule: Criteria | undefined;
  let preview: string;
  try {
    rule = toCriteria(draft);
    const world = model?.toWorld();
    const probe =
      world &&
      model &&
      rule &&
      createModel(model.schema, {
        ...world,
        bundles: [{ id: 'RULE_PREVIEW', grants: [], rule, removed: bundle.removed ?? [] }],
      });
    preview = probe
      ? probe.members({ bundle: 'RULE_PREVIEW' }).map(userName).join(', ') || 'nobody'
      : 'a rule needs at least one condition';
  } catch (error) {
    preview = `not a valid rule: ${error instanceof Error ? error.message : String(error)}`;
  }

  const save = async () => {
    onOutcome(null);
    try {
      await run('editBundle', {
        id: bundle.id,
        grants: bundle.grants,
        groups: chosen,
        rule: byRule ? (rule ?? null) : null,
      });
      onOutcome({ ok: true, text: `Saved how “${bundleTitle(bundle.id)}” reaches users.` });
    } catch (error) {
      onOutcome({ ok: false, error });
    }
  };

  return (
    <section aria-labelledby="reach-title">
      <h3 id="reach-title">By group and rule</h3>
      <p data-testid="bundle-reach">
        <ReachSentence groups={bundle.groups ?? []} rule={bundle.rule} />
      </p>
      <fieldset>
        <legend>Groups whose members get this bundle</legend>
        {groups.map((g) => (
          <label key={g} className="inline">
            <input
              type="checkbox"
              checked={chosen.includes(g)}
              onChange={(e) =>
                setChosen(e.target.checked ? [...chosen, g] : chosen.filter((x) => x !== g))
              }
            />{' '}
            {g}
          </label>
        ))}
      </fieldset>
      <div className="check-with-why">
        <label>
          <input type="checkbox" checked={byRule} onChange={(e) => setByRule(e.target.checked)} />{' '}
          Add full-licensed users who match a rule
        </label>{' '}
        <Why rule="N7" />
      </div>
      {byRule && (
        <>
          <CriteriaEditor legend="Users who" value={draft} groups={groups} onChange={setDraft} />
          <p aria-live="polite">
            Would add now: <span data-testid="rule-preview">{preview}</span>
          </p>
        </>
      )}
      <div className="muted">
        Rule membership follows attribute changes; a user removed by hand is not re-added by the
        rule. <Why rule="N8" />
      </div>
      <button
        type="button"
        className="primary"
        onClick={save}
        disabled={byRule && rule === undefined}
      >
        Save groups and rule
      </button>
    </section>
  );
}

const andList = (xs: readonly string[]): string =>
  xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;

/** How the bundle reaches users now, as a sentence (the rule's text keeps its test id). */
function ReachSentence({ groups, rule }: { groups: readonly string[]; rule: unknown }) {
  const ruleText = rule ? (
    <strong data-testid="bundle-rule">{describeCriteria(rule as Criteria)}</strong>
  ) : null;
  if (groups.length === 0 && !ruleText) return <>No group or rule adds anyone to this bundle.</>;
  if (groups.length === 0)
    return <>Full-licensed users get this bundle when they match: {ruleText}.</>;
  const who = `Members of ${groups.length === 1 ? 'the group' : 'the groups'} ${andList(groups)} get this bundle`;
  return ruleText ? (
    <>
      {who}, and so do full-licensed users who match: {ruleText}.
    </>
  ) : (
    <>{who}.</>
  );
}
