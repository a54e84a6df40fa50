/**
 * Sharing Settings > Permission attributes (MODEL D6, D11): per record type, the user
 * attributes its rules' criteria and the record fields its rules' advice may name. At most
 * 20 per record type; user attributes are never removed; a record field a rule uses stays.
 * Each limit greys its control with the reason before the click.
 */
import { useId, useState } from 'react';
import type { WorldRecordType } from '../api';
import { attributeTitle } from '../components/criteria';
import { Dialog } from '../components/Dialog';
import { Notice, type Outcome } from '../components/Notice';
import { useLoad, useOp, useSession } from '../components/session';
import { ReasonButton } from '../components/sharing/ReasonButton';
import {
  attributesOf,
  MAX_ATTRIBUTES as MAX_PERMISSION_ATTRIBUTES,
  ruleUses as ruleNames,
  typeTitle,
  useChangeBlock,
} from '../components/sharing/vocabulary';
import { recordTypeNames } from '../schema';

const SOURCE = { user: 'User attribute', resource: 'Record field' } as const;

export function AttributesTab() {
  const { api } = useSession();
  const settings = useLoad('recordTypes', () => api.recordTypes());
  const users = useLoad('users', () => api.users());
  const [outcome, setOutcome] = useState<Outcome>(null);
  const userAttrs = [
    ...new Set((users.data ?? []).flatMap((u) => Object.keys(u.attributes ?? {}))),
  ].sort();
  return (
    <>
      <p className="lede">
        The names sharing rules may use: user attributes say who a rule is for, record fields say
        which records it opens. Each record type lists at most {MAX_PERMISSION_ATTRIBUTES}. A user
        attribute stays once added; a record field can be removed while no rule uses it.
      </p>
      <Notice outcome={outcome} />
      {settings.error !== undefined && <Notice outcome={{ ok: false, error: settings.error }} />}
      {recordTypeNames.map((type) =>
        settings.data === undefined ? (
          <section key={type} className="card skeleton" aria-busy="true">
            <span className="sr-only">Loading permission attributes…</span>
            <div className="skeleton-line wide" />
            <div className="skeleton-line" />
          </section>
        ) : (
          <AttributeCard
            key={type}
            type={type}
            settings={settings.data.find((s) => s.type === type)}
            userAttrs={userAttrs}
            onOutcome={setOutcome}
          />
        ),
      )}
    </>
  );
}

function AttributeCard({
  type,
  settings,
  userAttrs,
  onOutcome,
}: {
  type: string;
  settings: WorldRecordType | undefined;
  userAttrs: readonly string[];
  onOutcome(o: Outcome): void;
}) {
  const { api } = useSession();
  const run = useOp();
  const block = useChangeBlock();
  const title = typeTitle(type);
  const records = useLoad(`records:${type}`, () => api.resources(type));
  const [name, setName] = useState('');
  const [source, setSource] = useState<'user' | 'resource'>('user');
  const [removing, setRemoving] = useState<string | null>(null);
  const listId = useId();
  const list = attributesOf(settings);
  const rules = settings?.rules ?? [];
  const fieldNames = [
    ...new Set((records.data ?? []).flatMap((r) => Object.keys(r.fields ?? {}))),
  ].sort();
  const suggestions = (source === 'user' ? userAttrs : fieldNames).filter(
    (n) => !list.some((a) => a.name === n),
  );
  const full = list.length >= MAX_PERMISSION_ATTRIBUTES;
  const taken = list.some((a) => a.name === name.trim());
  const addReason =
    block ??
    (full
      ? `${title} already lists ${MAX_PERMISSION_ATTRIBUTES} attributes, the most a record type may have; remove a record field no rule uses first`
      : undefined);

  const add = async () => {
    onOutcome(null);
    try {
      await run('addAttribute', { recordType: type, name: name.trim(), source });
      onOutcome({
        ok: true,
        text: `${SOURCE[source]} ${name.trim()} added to ${title}; rules may use it now.`,
      });
      setName('');
    } catch (error) {
      onOutcome({ ok: false, error });
    }
  };
  const remove = async (n: string) => {
    onOutcome(null);
    try {
      await run('removeAttribute', { recordType: type, name: n });
      onOutcome({ ok: true, text: `Record field ${n} removed from ${title}.` });
    } catch (error) {
      onOutcome({ ok: false, error });
    }
    setRemoving(null);
  };

  return (
    <section className="card" aria-labelledby={`attrs-${type}`} data-attributes={type}>
      <div className="card-head">
        <h2 id={`attrs-${type}`}>{title}</h2>
        <span className="muted" data-testid={`attr-count-${type}`}>
          {list.length} of {MAX_PERMISSION_ATTRIBUTES}
        </span>
      </div>
      <table className="attributes">
        <caption className="sr-only">Permission attributes of {title}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Kind</th>
            <th scope="col">Used by</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.map((a) => {
            const usedBy = rules.filter((r) => ruleNames(r)[a.source].has(a.name));
            const reason =
              block ??
              (a.source === 'user'
                ? 'a user attribute cannot be removed once added; rules may simply stop using it'
                : usedBy[0]
                  ? `rule ${usedBy[0].id} uses it; edit or delete that rule first`
                  : undefined);
            return (
              <tr key={a.name} data-attribute={a.name}>
                <th scope="row">
                  {attributeTitle(a.name)} <code className="muted">{a.name}</code>
                </th>
                <td>{SOURCE[a.source]}</td>
                <td>
                  {usedBy.length > 0 ? (
                    <details className="why">
                      <summary>{usedBy.length === 1 ? '1 rule' : `${usedBy.length} rules`}</summary>
                      Rule ids: {usedBy.map((r) => r.id).join(', ')}
                    </details>
                  ) : (
                    <span className="muted">no rule</span>
                  )}
                </td>
                <td className="actions">
                  <ReasonButton
                    className="icon-btn"
                    icon="delete"
                    label={`Remove ${a.name}`}
                    reason={reason}
                    onClick={() => setRemoving(a.name)}
                  />
                </td>
              </tr>
            );
          })}
          {list.length === 0 && (
            <tr>
              <td colSpan={4} className="muted">
                No attributes listed: rules of {title} may use any name until you add one.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <form
        className="inline-form"
        aria-label={`Add a permission attribute to ${title}`}
        onSubmit={(e) => {
          e.preventDefault();
          if (addReason === undefined && name.trim() !== '' && !taken) void add();
        }}
      >
        <label className="field inline">
          Kind
          <select value={source} onChange={(e) => setSource(e.target.value as 'user' | 'resource')}>
            <option value="user">{SOURCE.user}</option>
            <option value="resource">{SOURCE.resource}</option>
          </select>
        </label>
        <label className="field inline">
          Attribute name
          <input
            value={name}
            list={listId}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={taken ? 'true' : undefined}
          />
          <datalist id={listId}>
            {suggestions.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </label>
        {taken && <span className="field-error">{name} is listed already.</span>}
        <ReasonButton
          label="Add attribute"
          reason={addReason}
          onClick={() => {
            if (name.trim() !== '' && !taken) void add();
          }}
        />
      </form>
      {removing && (
        <Dialog title={`Remove ${removing} from ${title}?`} onClose={() => setRemoving(null)}>
          <p>
            Rules of {title} can no longer use the record field {removing}. No rule uses it now, so
            no one loses access.
          </p>
          <div className="dialog-foot">
            <button type="button" className="primary danger" onClick={() => remove(removing)}>
              Remove attribute
            </button>
            <button type="button" className="ghost" onClick={() => setRemoving(null)}>
              Cancel
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}
